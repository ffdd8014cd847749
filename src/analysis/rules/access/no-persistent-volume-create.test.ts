import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-persistent-volume-create.js';

const granted = (rules: string, namespace?: string): string => `apiVersion: rbac.authorization.k8s.io/v1
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
  name: r
subjects:
  - kind: User
    name: dev
`;

testRule(rule, {
  valid: [
    { name: 'claims only', yaml: granted('  - apiGroups: [""]\n    resources: ["persistentvolumeclaims"]\n    verbs: ["create"]\n') },
    { name: 'through a RoleBinding (PersistentVolumes have no namespace)', yaml: granted('  - apiGroups: [""]\n    resources: ["persistentvolumes"]\n    verbs: ["create"]\n', 'dev') },
  ],
  invalid: [
    {
      name: 'create PersistentVolumes cluster-wide',
      yaml: granted('  - apiGroups: [""]\n    resources: ["persistentvolumes"]\n    verbs: ["create", "delete"]\n'),
      findings: [{ messageId: 'create', line: 8, data: { subjects: 'User dev', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[0]' } }],
    },
  ],
});
