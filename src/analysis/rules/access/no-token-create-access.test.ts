import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-token-create-access.js';

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
  - kind: ServiceAccount
    name: vault
    namespace: vault
`;

testRule(rule, {
  valid: [
    { name: 'limited to named ServiceAccounts', yaml: granted('  - apiGroups: [""]\n    resources: ["serviceaccounts/token"]\n    resourceNames: ["app"]\n    verbs: ["create"]\n') },
    { name: 'serviceaccounts (not the token subresource)', yaml: granted('  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    verbs: ["create", "get"]\n') },
  ],
  invalid: [
    {
      name: 'create tokens cluster-wide',
      yaml: granted('  - apiGroups: [""]\n    resources: ["serviceaccounts/token"]\n    verbs: ["create"]\n'),
      findings: [{ messageId: 'token', line: 8, data: { subjects: 'ServiceAccount vault/vault', scope: 'cluster-wide', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[0]' } }],
    },
    {
      name: '*/token in one namespace',
      yaml: granted('  - apiGroups: [""]\n    resources: ["*/token"]\n    verbs: ["create"]\n', 'apps'),
      findings: [{ messageId: 'token', line: 8, data: { subjects: 'ServiceAccount vault/vault', scope: 'in namespace "apps"', binding: 'RoleBinding/apps/b', rule: 'ClusterRole/r rules[0]' } }],
    },
  ],
});
