import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-role-binding-writes.js';

const granted = (rules: string, namespace?: string, role = 'r'): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: r
rules:
${rules}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${namespace ? 'RoleBinding' : 'ClusterRoleBinding'}
metadata:
  name: b
${namespace ? `  namespace: ${namespace}\n` : ''}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
subjects:
  - kind: User
    name: lead
`;

testRule(rule, {
  valid: [
    { name: 'read and delete only', yaml: granted('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings", "clusterrolebindings"]\n    verbs: ["get", "list", "delete"]\n') },
    { name: 'clusterrolebindings through a RoleBinding', yaml: granted('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterrolebindings"]\n    verbs: ["create"]\n', 'team') },
  ],
  invalid: [
    {
      name: 'create rolebindings and update clusterrolebindings cluster-wide',
      yaml: granted('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings"]\n    verbs: ["create"]\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterrolebindings"]\n    verbs: ["update", "patch"]\n'),
      findings: [
        { messageId: 'write', line: 8, data: { subjects: 'User lead', requests: 'create rolebindings', scope: 'cluster-wide', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[0]' } },
        { messageId: 'write', line: 11, data: { subjects: 'User lead', requests: 'update, patch clusterrolebindings', scope: 'cluster-wide', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[1]' } },
      ],
    },
    {
      name: 'the admin ClusterRole writes RoleBindings in its namespace',
      yaml: granted('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n', 'team', 'admin'),
      findings: [{ messageId: 'write', line: 20, path: 'subjects[0]', data: { subjects: 'User lead', requests: 'create, update, patch rolebindings', scope: 'in namespace "team"', binding: 'RoleBinding/team/b', rule: 'ClusterRole/admin rules[24] (from ClusterRole/system:aggregate-to-admin)' } }],
    },
  ],
});
