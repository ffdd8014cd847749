import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-aws-auth-writes.js';

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
    name: bot
    namespace: tools
`;

const configmapWriter = '  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get", "update"]\n';

testRule(rule, {
  valid: [
    { name: 'ConfigMap writes in another namespace', yaml: granted(configmapWriter, 'tools') },
    { name: 'limited to other ConfigMaps', yaml: granted('  - apiGroups: [""]\n    resources: ["configmaps"]\n    resourceNames: ["coredns"]\n    verbs: ["update"]\n', 'kube-system') },
  ],
  invalid: [
    {
      name: 'ConfigMap writes cluster-wide',
      yaml: granted(configmapWriter),
      findings: [{ messageId: 'write', line: 8, data: { subjects: 'ServiceAccount tools/bot', verbs: 'update', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[0]' } }],
    },
    {
      name: 'named aws-auth in kube-system',
      yaml: granted('  - apiGroups: [""]\n    resources: ["configmaps"]\n    resourceNames: ["aws-auth"]\n    verbs: ["patch"]\n', 'kube-system'),
      findings: [{ messageId: 'write', line: 9, data: { subjects: 'ServiceAccount tools/bot', verbs: 'patch', binding: 'RoleBinding/kube-system/b', rule: 'ClusterRole/r rules[0]' } }],
    },
  ],
});
