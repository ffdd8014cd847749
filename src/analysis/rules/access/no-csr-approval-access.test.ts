import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-csr-approval-access.js';

const granted = (rules: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: r
rules:
${rules}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: b
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: r
subjects:
  - kind: ServiceAccount
    name: approver
    namespace: tools
`;

const approval = '  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests/approval"]\n    verbs: ["update"]\n';
const base = { subjects: 'ServiceAccount tools/approver', binding: 'ClusterRoleBinding/b', rule: 'ClusterRole/r rules[0]' };

testRule(rule, {
  valid: [
    { name: 'approve on signers alone cannot approve', yaml: granted('  - apiGroups: ["certificates.k8s.io"]\n    resources: ["signers"]\n    verbs: ["approve"]\n') },
    { name: 'create and read CSRs', yaml: granted('  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests"]\n    verbs: ["create", "get", "list"]\n') },
  ],
  invalid: [
    {
      name: 'approval without approve on signers',
      yaml: granted(approval),
      findings: [{ messageId: 'approve', line: 8, data: { ...base, more: '' } }],
    },
    {
      name: 'approval for a named signer',
      yaml: granted(`${approval}  - apiGroups: ["certificates.k8s.io"]\n    resources: ["signers"]\n    resourceNames: ["example.com/serving"]\n    verbs: ["approve"]\n`),
      findings: [{ messageId: 'approve', line: 8, data: { ...base, more: ' The role also approves for signers "example.com/serving".' } }],
    },
    {
      name: 'create, approval and any signer: self-issued certificates',
      yaml: granted(`${approval}  - apiGroups: ["certificates.k8s.io"]\n    resources: ["signers"]\n    verbs: ["approve"]\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests"]\n    verbs: ["create"]\n`),
      findings: [{ messageId: 'approve', line: 8, data: { ...base, more: ' The role also approves for any signer and creates CSRs: the subjects can issue themselves client certificates.' } }],
    },
  ],
});
