import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-dangling-bindings.js';

testRule(rule, {
  valid: [
    {
      name: 'default ClusterRoles exist on every cluster',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: devs
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: Group
    name: devs
`,
    },
    {
      name: 'ServiceAccounts in a namespace the scan holds none of cannot be judged',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: agent
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: agent
    namespace: monitoring
`,
    },
  ],
  invalid: [
    {
      name: 'a Role in another namespace, a missing ServiceAccount and an unknown subject kind',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shared
rules: []
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: backend
  namespace: shop
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: cross
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
  - kind: ServiceAccount
    name: backend
  - kind: ServiceAccount
    name: frontend
  - kind: Robot
    name: r2
`,
      findings: [
        { messageId: 'roleNotFound', line: 22, path: 'roleRef.name', data: { binding: 'RoleBinding/shop/cross', detail: 'Role "reader" does not exist in namespace "shop" (it exists in "shared", which a roleRef cannot reach)' } },
        { messageId: 'serviceAccountNotFound', line: 26, path: 'subjects[1]', data: { binding: 'RoleBinding/shop/cross', detail: 'ServiceAccount "frontend" does not exist in namespace "shop"' } },
        { messageId: 'invalidSubject', line: 28, path: 'subjects[2]', data: { binding: 'RoleBinding/shop/cross', detail: 'subject kind "Robot" matches nobody: use User, Group or ServiceAccount' } },
      ],
    },
    {
      name: 'a ClusterRoleBinding to a Role',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: wrong
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
  - kind: User
    name: alice
`,
      findings: [{ messageId: 'invalidRoleRef', line: 7, path: 'roleRef.kind', data: { binding: 'ClusterRoleBinding/wrong', detail: 'a ClusterRoleBinding can only reference a ClusterRole, not a Role' } }],
    },
  ],
});
