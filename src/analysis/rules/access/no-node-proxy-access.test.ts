import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-node-proxy-access.js';

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
  - kind: ServiceAccount
    name: agent
    namespace: monitoring
`;

testRule(rule, {
  valid: [
    { name: 'nodes/metrics and nodes/stats', yaml: granted('  - apiGroups: [""]\n    resources: ["nodes/metrics", "nodes/stats"]\n    verbs: ["get"]\n') },
    { name: 'nodes does not grant nodes/proxy', yaml: granted('  - apiGroups: [""]\n    resources: ["nodes"]\n    verbs: ["*"]\n') },
    { name: 'a RoleBinding never reaches nodes', yaml: granted('  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    verbs: ["get"]\n', 'monitoring') },
  ],
  invalid: [
    {
      name: 'get on nodes/proxy (the kubelet authorizes websocket exec as get)',
      yaml: granted('  - apiGroups: [""]\n    resources: ["nodes", "nodes/proxy"]\n    verbs: ["get", "list"]\n'),
      findings: [{ messageId: 'proxy', line: 8, path: 'rules[0].verbs', data: { subjects: 'ServiceAccount monitoring/agent', verbs: 'get', names: '', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[0]' } }],
    },
    {
      name: 'the default system:kubelet-api-admin ClusterRole',
      yaml: granted('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n', undefined, 'system:kubelet-api-admin'),
      findings: [{ messageId: 'proxy', line: 19, path: 'subjects[0]', data: { subjects: 'ServiceAccount monitoring/agent', verbs: 'get, create', names: '', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/system:kubelet-api-admin rules[2] (Kubernetes default)' } }],
    },
  ],
});
