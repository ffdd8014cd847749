import { testRule } from '../../../../test/rule-tester.js';
import rule from './audit-omit-request-received.js';

testRule(rule, {
  valid: [
    { name: 'omitted policy-wide', yaml: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: ["RequestReceived"]\nrules:\n  - level: Metadata\n' },
    { name: 'omitted by every logging rule', yaml: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    verbs: [watch]\n  - level: Metadata\n    omitStages: ["RequestReceived"]\n' },
    { name: 'nothing logged', yaml: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n' },
  ],
  invalid: [
    {
      name: 'no omitStages',
      yaml: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    verbs: [watch]\n  - level: Metadata\n    omitStages: ["RequestReceived"]\n  - level: Request\n',
      findings: [{ messageId: 'received', line: 8, path: 'rules[2]', data: { rules: '[2]' } }],
    },
    {
      name: 'omitStages without RequestReceived',
      yaml: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: ["ResponseStarted"]\nrules:\n  - level: Metadata\n  - level: Request\n',
      findings: [{ messageId: 'received', line: 3, path: 'omitStages', data: { rules: '[0], [1]' } }],
    },
  ],
});
