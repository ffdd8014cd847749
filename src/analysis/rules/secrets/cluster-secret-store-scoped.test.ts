import { testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './cluster-secret-store-scoped.js';

const store = (conditions: string): string => `apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata:
  name: platform
spec:
${conditions}  provider:
    aws: { service: SecretsManager, region: eu-west-1 }
`;

const valid: ValidCase[] = [
  { name: 'namespaces listed', yaml: store('  conditions:\n    - namespaces: [shop, payments]\n') },
  { name: 'a label selector', yaml: store('  conditions:\n    - namespaceSelector:\n        matchLabels: { secrets.acme.io/platform: "true" }\n') },
  { name: 'anchored regexes, with Go flags first', yaml: store('  conditions:\n    - namespaceRegexes: ["^team-a-.*$", "(?i)^shop$", "\\\\Ashop\\\\z"]\n') },
  {
    name: 'a namespaced SecretStore, and other groups\' ClusterSecretStores',
    yaml: `apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: { name: s, namespace: shop }
spec:
  provider: { aws: { service: SecretsManager, region: eu-west-1 } }
---
apiVersion: example.com/v1
kind: ClusterSecretStore
metadata: { name: other }
spec: {}
`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'no conditions',
    yaml: store(''),
    findings: [{ messageId: 'unscoped', line: 5, column: 1, path: 'spec.conditions', data: { name: 'platform' } }],
  },
  {
    name: 'an empty conditions list',
    yaml: store('  conditions: []\n'),
    findings: [{ messageId: 'unscoped', line: 6, data: { name: 'platform' } }],
  },
  {
    name: 'an empty selector, a match-all regex and an unanchored one',
    yaml: store('  conditions:\n    - namespaces: [shop]\n    - namespaceSelector: {}\n    - namespaceRegexes: [".*", "payments"]\n'),
    findings: [
      { messageId: 'emptySelector', line: 8, data: { name: 'platform', index: 1 }, path: 'spec.conditions[1].namespaceSelector' },
      { messageId: 'regexMatchesAll', line: 9, column: 26, data: { name: 'platform', index: 2, regex: '.*' } },
      { messageId: 'unanchored', line: 9, column: 32, data: { name: 'platform', index: 2, regex: 'payments' } },
    ],
  },
];

testRule(rule, { valid, invalid });
