import { isDefaultBinding, isFullWildcard, isSystemSubject, rbac, ruleLabel, subjectLabel } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-cluster-admin-binding',
  area: 'access',
  severity: 'critical',
  uses: [rbac],
  title: 'cluster-admin, or its equivalent, bound to users and workloads',
  description:
    'Reports every subject of a binding to the `cluster-admin` ClusterRole, or to any role with a rule ' +
    'granting `*` verbs on `*` resources in `*` API groups, except bindings Kubernetes and kubeadm create ' +
    '(such as `cluster-admin` to `system:masters`) and control-plane subjects (`system:` users, ' +
    '`system:masters`). A RoleBinding to cluster-admin is reported too: it is full control of its namespace.',
  rationale:
    'cluster-admin is every permission on every resource: Secrets of every namespace, RBAC itself, nodes ' +
    'through the kubelet API. An application ServiceAccount bound to it turns any flaw in the application ' +
    'into control of the cluster.',
  remediation:
    'Bind a role with only the permissions the subject uses (build it from audit logs or `kubeward can`), in ' +
    'the namespaces it works in. Keep cluster-admin for break-glass access by named administrators.',
  references: [
    { framework: 'cis-k8s', control: '5.1.1' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1078 Valid Accounts' },
  ],
  messages: {
    clusterAdmin: '{subject} is bound to cluster-admin {scope} by {binding}: full control of {what}.',
    equivalent: '{subject} holds every permission {scope} through {binding}: {rule} grants every verb on every resource, like cluster-admin.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: backend-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: backend
    namespace: shop
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: backend-view
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: backend
    namespace: shop
`,
  },
  checkSet(_set, ctx) {
    for (const b of ctx.use(rbac).bindings) {
      if (isDefaultBinding(b)) continue;
      const scope = b.namespace === undefined ? 'cluster-wide' : `in namespace "${b.namespace}"`;
      const isClusterAdmin = b.roleRef.kind === 'ClusterRole' && b.roleRef.name === 'cluster-admin';
      const wildcard = b.role ? b.role.rules.findIndex((rr) => isFullWildcard(rr.rule)) : -1;
      if (!isClusterAdmin && wildcard < 0) continue;
      for (const s of b.subjects) {
        if (isSystemSubject(s)) continue;
        const path = ['subjects', s.index];
        if (isClusterAdmin) {
          const what = b.namespace === undefined ? 'the cluster' : `namespace "${b.namespace}"`;
          ctx.reportOn(b.object, 'clusterAdmin', { subject: subjectLabel(s), scope, binding: b.ref, what }, path);
        } else {
          ctx.reportOn(b.object, 'equivalent', { subject: subjectLabel(s), scope, binding: b.ref, rule: ruleLabel(b.role!, wildcard) }, path);
        }
      }
    }
  },
});
