import { testRule } from '../../../../test/rule-tester.js';
import rule from './audit-logs-pod-exec.js';

const policy = (rules: string): string => `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
${rules}`;

testRule(rule, {
  valid: [
    { name: 'a catch-all Metadata rule', yaml: policy('  - level: Metadata\n') },
    {
      name: 'None for control-plane users only',
      yaml: policy('  - level: None\n    users: ["system:kube-proxy", "system:kube-scheduler"]\n  - level: None\n    userGroups: ["system:nodes"]\n  - level: Metadata\n'),
    },
    { name: 'None for noisy reads, exec logged', yaml: policy('  - level: None\n    verbs: ["watch"]\n  - level: None\n    resources:\n      - group: ""\n        resources: ["events", "pods/log"]\n  - level: RequestResponse\n') },
  ],
  invalid: [
    {
      name: 'pods/* at level None',
      yaml: policy('  - level: None\n    resources:\n      - group: ""\n        resources: ["pods/*"]\n  - level: Metadata\n'),
      findings: [{ messageId: 'none', line: 5, path: 'rules[0].level', data: { index: 0, example: 'get pods/exec by any user' } }],
    },
    {
      name: 'only create is logged: websocket exec (get) falls through to no rule',
      yaml: policy('  - level: Metadata\n    verbs: ["create"]\n    resources:\n      - group: ""\n        resources: ["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy", "nodes/proxy"]\n'),
      findings: [{ messageId: 'unmatched', line: 4, path: 'rules', data: { example: 'get pods/exec by any user' } }],
    },
    {
      name: 'a None rule for a ServiceAccount hides its exec',
      yaml: policy('  - level: None\n    users: ["system:serviceaccount:ci:deployer"]\n  - level: Metadata\n'),
      findings: [{ messageId: 'none', line: 5, data: { index: 0, example: 'get pods/exec by user "system:serviceaccount:ci:deployer"' } }],
    },
  ],
});
