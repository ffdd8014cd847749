import { isDefaultBinding, rbac, roleRefLabel } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

/** The default ClusterRoles Kubernetes binds to these groups: self-review and discovery only. */
const ALLOWED_ROLES = new Set(['system:basic-user', 'system:discovery', 'system:public-info-viewer', 'system:service-account-issuer-discovery']);

const WHO: Record<string, string> = {
  'system:authenticated': 'every authenticated user and every ServiceAccount of every namespace',
  'system:serviceaccounts': 'every ServiceAccount of every namespace',
};

export default defineRule({
  id: 'no-all-authenticated-bindings',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Permissions granted to every authenticated identity',
  description:
    'Reports binding subjects `Group system:authenticated` and `Group system:serviceaccounts`, except the ' +
    'bindings Kubernetes and kubeadm create and bindings to the roles Kubernetes itself grants them ' +
    '(`system:basic-user`, `system:discovery`, `system:public-info-viewer`, ' +
    '`system:service-account-issuer-discovery`).',
  rationale:
    'Every pod\'s ServiceAccount token is in `system:authenticated`, and so, on some managed clusters, is ' +
    'any account of the cloud provider: a permission granted there belongs to the weakest workload in the ' +
    'cluster and sometimes to the whole internet.',
  remediation:
    'Bind the role to the specific users, groups or ServiceAccounts that need it.',
  references: [
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1078 Valid Accounts' },
  ],
  messages: {
    broad: '{binding} grants {role} {scope} to Group {group}: {who}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: everyone-views
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: system:authenticated
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: developers-view
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: developers
`,
  },
  checkSet(_set, ctx) {
    for (const b of ctx.use(rbac).bindings) {
      if (isDefaultBinding(b)) continue;
      if (b.roleRef.kind === 'ClusterRole' && ALLOWED_ROLES.has(b.roleRef.name)) continue;
      const scope = b.namespace === undefined ? 'cluster-wide' : `in namespace "${b.namespace}"`;
      for (const s of b.subjects) {
        const who = s.kind === 'Group' ? WHO[s.name] : undefined;
        if (who === undefined) continue;
        ctx.reportOn(b.object, 'broad', { binding: b.ref, role: roleRefLabel(b), scope, group: s.name, who }, ['subjects', s.index]);
      }
    }
  },
});
