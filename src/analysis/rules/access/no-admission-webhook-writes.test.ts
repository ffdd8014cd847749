import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-admission-webhook-writes.js';

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
    name: cainjector
    namespace: cert-manager
`;

testRule(rule, {
  valid: [
    { name: 'patch limited to named webhooks', yaml: granted('  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["validatingwebhookconfigurations"]\n    resourceNames: ["cert-manager-webhook"]\n    verbs: ["get", "update", "patch"]\n') },
    { name: 'read only', yaml: granted('  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["*"]\n    verbs: ["get", "list", "watch"]\n') },
    { name: 'through a RoleBinding', yaml: granted('  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["mutatingwebhookconfigurations"]\n    verbs: ["create"]\n', 'x') },
  ],
  invalid: [
    {
      name: 'writes to webhooks and admission policies',
      yaml: granted('  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["mutatingwebhookconfigurations"]\n    verbs: ["create", "delete"]\n  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["validatingadmissionpolicies", "validatingadmissionpolicybindings"]\n    verbs: ["patch"]\n'),
      findings: [
        { messageId: 'write', line: 8, data: { subjects: 'ServiceAccount cert-manager/cainjector', requests: 'create, delete mutatingwebhookconfigurations', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[0]' } },
        { messageId: 'write', line: 11, data: { subjects: 'ServiceAccount cert-manager/cainjector', requests: 'patch validatingadmissionpolicies; patch validatingadmissionpolicybindings', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[1]' } },
      ],
    },
  ],
});
