import { rbac } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-dangling-bindings',
  area: 'access',
  severity: 'low',
  uses: [rbac],
  title: 'Bindings to roles or subjects that do not exist',
  description:
    'Reports RoleBindings and ClusterRoleBindings whose role does not resolve (a missing ClusterRole, a ' +
    'Role that exists only in another namespace, which a roleRef can never reach, a ClusterRoleBinding to ' +
    'a Role), subjects that match nobody (an unknown kind, a ServiceAccount without a namespace in a ' +
    'ClusterRoleBinding) and ServiceAccounts missing from a namespace whose ServiceAccounts the scan holds. ' +
    'The default ClusterRoles of Kubernetes (`cluster-admin`, `edit`, `view`...) always exist.',
  rationale:
    'A dangling binding grants nothing today and everything tomorrow: whoever creates the missing role or ' +
    'ServiceAccount (in a namespace they control, under a name they can guess) inherits the grant; and an ' +
    'application whose binding points nowhere fails in ways that tempt people to grant far more.',
  remediation:
    'Fix the reference (a RoleBinding to a Role in another namespace needs a Role in its own namespace, or a ' +
    'ClusterRole), create the missing ServiceAccount with the manifests, or delete the binding.',
  references: [
    { framework: 'nsa-cisa', control: 'Authentication and authorization: review RBAC regularly' },
    { framework: 'mitre', control: 'T1098 Account Manipulation' },
  ],
  messages: {
    roleNotFound: '{binding} grants nothing: {detail}.',
    invalidRoleRef: '{binding} grants nothing: {detail}.',
    serviceAccountNotFound: '{binding} names a ServiceAccount that does not exist: {detail}; whoever creates it gets the role.',
    invalidSubject: '{binding} has a subject that matches nobody: {detail}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shared
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: backend-reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
  - kind: ServiceAccount
    name: backend
    namespace: shop
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: backend-reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
  - kind: ServiceAccount
    name: backend
    namespace: shop
`,
  },
  checkSet(_set, ctx) {
    const ids = {
      'role-not-found': 'roleNotFound', 'invalid-role-ref': 'invalidRoleRef',
      'service-account-not-found': 'serviceAccountNotFound', 'invalid-subject': 'invalidSubject',
    } as const;
    for (const d of ctx.use(rbac).danglingBindings()) {
      ctx.reportOn(d.object, ids[d.reason], { binding: d.binding, detail: d.detail }, d.path);
    }
  },
});
