import { isDefaultBinding, rbac, roleRefLabel, subjectLabel } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

/** What Kubernetes itself grants to unauthenticated requests: health and version endpoints. */
const ALLOWED_ROLES = new Set(['system:public-info-viewer']);

export default defineRule({
  id: 'no-anonymous-bindings',
  area: 'access',
  severity: 'critical',
  uses: [rbac],
  title: 'Permissions granted to anonymous requests',
  description:
    'Reports every binding subject `system:anonymous` (the user of requests without credentials) or ' +
    '`system:unauthenticated` (their group), except the bindings Kubernetes and kubeadm create (kubeadm lets ' +
    'anonymous requests read the `cluster-info` ConfigMap in kube-public for node joining) and bindings to ' +
    '`system:public-info-viewer`, which only exposes health and version endpoints.',
  rationale:
    'Anything bound to them is available to whoever can reach the API server, with no credentials and no ' +
    'identity in the audit log; scanners find exposed API servers within hours.',
  remediation:
    'Remove the subject from the binding. If something outside the cluster must read an endpoint (OIDC ' +
    'discovery for workload identity), publish it elsewhere or grant it to `system:authenticated` instead; ' +
    'and run the API server with `--anonymous-auth=false` where health checks allow it.',
  references: [
    { framework: 'nsa-cisa', control: 'Authentication and authorization: disable anonymous access' },
    { framework: 'mitre', control: 'T1078.001 Valid Accounts: Default Accounts' },
  ],
  messages: {
    anonymous: '{binding} grants {role} {scope} to {subject}: anyone who can reach the API server gets it without credentials.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: public-status
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: system:unauthenticated
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: public-health
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:public-info-viewer
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: system:unauthenticated
`,
  },
  checkSet(_set, ctx) {
    for (const b of ctx.use(rbac).bindings) {
      if (isDefaultBinding(b)) continue;
      if (b.roleRef.kind === 'ClusterRole' && ALLOWED_ROLES.has(b.roleRef.name)) continue;
      const scope = b.namespace === undefined ? 'cluster-wide' : `in namespace "${b.namespace}"`;
      for (const s of b.subjects) {
        const anonymous = (s.kind === 'User' && s.name === 'system:anonymous') || (s.kind === 'Group' && s.name === 'system:unauthenticated');
        if (!anonymous) continue;
        ctx.reportOn(b.object, 'anonymous', { binding: b.ref, role: roleRefLabel(b), scope, subject: subjectLabel(s) }, ['subjects', s.index]);
      }
    }
  },
});
