import { grantReports, matchGrants, probeRequests, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const RBAC = 'rbac.authorization.k8s.io';

const PROBES: Probe[] = [
  ...['create', 'update', 'patch'].map((verb) => ({ verb, apiGroup: RBAC, resource: 'rolebindings' })),
  ...['create', 'update', 'patch'].map((verb) => ({ verb, apiGroup: RBAC, resource: 'clusterrolebindings', clusterScoped: true })),
];

export default defineRule({
  id: 'no-role-binding-writes',
  area: 'access',
  severity: 'medium',
  uses: [rbac],
  title: 'Permission to create or change role bindings',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that grant `create`, `update` or ' +
    '`patch` on RoleBindings or ClusterRoleBindings. The API server still refuses bindings to roles the ' +
    'subject does not hold itself (unless it also has `bind`, see no-escalate-or-bind), so this is ' +
    'handing out one\'s own permissions to anyone, including identities outside the team. The default ' +
    '`admin` ClusterRole includes it for RoleBindings in its namespace.',
  rationale:
    'A subject that writes bindings can pass everything it holds to any user, group or ServiceAccount, and ' +
    'a compromised workload with this permission hands the attacker a durable identity of its own choosing.',
  remediation:
    'Leave binding management to administrators and a reviewed pipeline; grant controllers that must create ' +
    'bindings only RoleBindings in their own namespaces.',
  references: [
    { framework: 'cis-k8s', control: '5.1.8' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1098 Account Manipulation' },
  ],
  messages: {
    write: '{subjects} can {requests} {scope}: {binding} grants {rule}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: team-lead
  namespace: shop
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["rolebindings"]
    verbs: ["get", "list", "create", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: team-leads
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: team-lead
subjects:
  - kind: Group
    name: shop-leads
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: team-lead
  namespace: shop
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["rolebindings"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: team-leads
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: team-lead
subjects:
  - kind: Group
    name: shop-leads
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'write', { ...r.data, requests: probeRequests(r.probes) }, r.path);
  },
});
