import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-audit-sensitive-bodies.js';

const policy = (rules: string): string => `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
${rules}`;

const metadataForSensitive = `  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: authentication.k8s.io
        resources: ["tokenreviews"]
`;

testRule(rule, {
  valid: [
    { name: 'Metadata first, then everything with bodies', yaml: policy(`${metadataForSensitive}  - level: RequestResponse\n`) },
    { name: 'Request level for reads only (no bodies)', yaml: policy('  - level: Request\n    verbs: ["get", "list", "watch"]\n  - level: Metadata\n') },
    { name: 'Request level for serviceaccounts/token (the token is in the response)', yaml: policy('  - level: Request\n    resources:\n      - group: ""\n        resources: ["serviceaccounts/token"]\n  - level: Metadata\n') },
    { name: 'a Kyverno Policy is not an audit policy', yaml: 'apiVersion: kyverno.io/v1\nkind: Policy\nmetadata:\n  name: p\nrules:\n  - level: RequestResponse\n' },
    { name: 'the RequestResponse rule is for other users only... after a Metadata catch-all', yaml: policy('  - level: Metadata\n  - level: RequestResponse\n') },
  ],
  invalid: [
    {
      name: 'a catch-all RequestResponse before the Metadata rule',
      yaml: policy(`  - level: RequestResponse\n${metadataForSensitive}`),
      findings: [{
        messageId: 'leak', line: 5, column: 5, path: 'rules[0].level',
        data: { index: 0, level: 'RequestResponse', what: 'Secrets, ConfigMaps, TokenReviews, ServiceAccount tokens', example: 'get secrets by any user' },
      }],
    },
    {
      name: 'Request level: writes of Secrets and TokenReview creation carry values',
      yaml: policy('  - level: Request\n    resources:\n      - group: ""\n        resources: ["secrets"]\n      - group: authentication.k8s.io\n  - level: Metadata\n'),
      findings: [{ messageId: 'leak', line: 5, data: { index: 0, level: 'Request', what: 'Secrets, TokenReviews', example: 'create secrets by any user' } }],
    },
    {
      name: 'rules for some users only are still found, in order',
      yaml: policy('  - level: RequestResponse\n    users: ["admin"]\n    resources:\n      - group: ""\n        resources: ["configmaps"]\n  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets"]\n  - level: RequestResponse\n    userGroups: ["auditors"]\n'),
      findings: [
        { messageId: 'leak', line: 5, data: { index: 0, level: 'RequestResponse', what: 'ConfigMaps', example: 'get configmaps by user "admin"' } },
        { messageId: 'leak', line: 14, data: { index: 2, level: 'RequestResponse', what: 'ConfigMaps, TokenReviews, ServiceAccount tokens', example: 'get configmaps by a member of auditors' } },
      ],
    },
  ],
});
