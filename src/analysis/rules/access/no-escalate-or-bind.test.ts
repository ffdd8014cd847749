import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-escalate-or-bind.js';

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
    name: alice
`;

testRule(rule, {
  valid: [
    { name: 'writing roles is not escalate', yaml: granted('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles", "rolebindings"]\n    verbs: ["create", "update"]\n') },
    { name: 'escalate in another API group means nothing', yaml: granted('  - apiGroups: [""]\n    resources: ["roles"]\n    verbs: ["escalate"]\n') },
    {
      name: 'escalate on ClusterRoles through a RoleBinding never applies (ClusterRoles have no namespace)',
      yaml: granted('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    verbs: ["escalate"]\n', 'team'),
    },
  ],
  invalid: [
    {
      name: 'bind limited to one ClusterRole is still reported, with the name',
      yaml: granted('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    resourceNames: ["cluster-admin"]\n    verbs: ["bind"]\n'),
      findings: [{ messageId: 'escalate', line: 9, path: 'rules[0].verbs', data: { subjects: 'User alice', requests: 'bind clusterroles', scope: 'cluster-wide', names: ' (only "cluster-admin")', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[0]' } }],
    },
    {
      name: 'verbs * on roles in a namespace: escalate and bind',
      yaml: granted('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles", "clusterroles"]\n    verbs: ["*"]\n', 'team'),
      findings: [{ messageId: 'escalate', line: 8, data: { subjects: 'User alice', requests: 'escalate, bind roles; bind clusterroles', scope: 'in namespace "team"', names: '', binding: 'RoleBinding/team/b', rule: 'ClusterRole/r rules[0]' } }],
    },
  ],
});
