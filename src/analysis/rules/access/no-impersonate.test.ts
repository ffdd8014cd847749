import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-impersonate.js';

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
  name: ${namespace === 'edit' ? 'edit' : 'r'}
subjects:
  - kind: Group
    name: support
`;

testRule(rule, {
  valid: [
    { name: 'impersonating users through a RoleBinding (users have no namespace)', yaml: granted('  - apiGroups: [""]\n    resources: ["users", "groups"]\n    verbs: ["impersonate"]\n', 'team') },
    { name: 'other verbs on users', yaml: granted('  - apiGroups: [""]\n    resources: ["users"]\n    verbs: ["get", "list"]\n') },
  ],
  invalid: [
    {
      name: 'users and groups cluster-wide',
      yaml: granted('  - apiGroups: [""]\n    resources: ["users", "groups"]\n    verbs: ["impersonate"]\n'),
      findings: [{ messageId: 'impersonate', line: 8, data: { subjects: 'Group support', resources: 'users, groups', scope: 'cluster-wide', names: '', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[0]' } }],
    },
    {
      name: 'ServiceAccounts in a namespace, even named ones',
      yaml: granted('  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    resourceNames: ["deployer"]\n    verbs: ["impersonate"]\n', 'team'),
      findings: [{ messageId: 'impersonate', line: 9, data: { subjects: 'Group support', resources: 'serviceaccounts', scope: 'in namespace "team"', names: ' (only "deployer")', binding: 'RoleBinding/team/b', rule: 'ClusterRole/r rules[0]' } }],
    },
    {
      name: 'the edit ClusterRole impersonates the namespace\'s ServiceAccounts',
      yaml: granted('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n', 'edit'),
      findings: [{ messageId: 'impersonate', line: 20, path: 'subjects[0]', data: { subjects: 'Group support', resources: 'serviceaccounts', scope: 'in namespace "edit"', names: '', binding: 'RoleBinding/edit/b', rule: 'ClusterRole/edit rules[1] (from ClusterRole/system:aggregate-to-edit)' } }],
    },
  ],
});
