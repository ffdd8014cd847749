import { expect, it } from 'vitest';
import { runRuleOnYaml, testRule } from '../../../../test/rule-tester.js';
import invalid from './encryption-config-invalid.js';
import other from './encryption-other-resources.js';
import strength from './encryption-provider-strength.js';
import rule from './encryption-secrets-at-rest.js';

const K32 = 'YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=';
const K16 = 'MDEyMzQ1Njc4OWFiY2RlZg==';
const HEAD = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n';

// kube-bench reads the line after the last `providers:` (grep -A1 | tail -n1): here that is the
// configmaps entry's aescbc, and it passes a file whose Secrets are written in plaintext.
const lastProvidersLineOnly = `${HEAD}  - resources:
      - secrets
    providers:
      - identity: {}
      - aescbc:
          keys:
            - name: key1
              secret: ${K32}
  - resources:
      - configmaps
    providers:
      - aescbc:
          keys:
            - name: key2
              secret: ${K32}
`;
// Tools that look for an encrypting provider anywhere in the list pass this one: identity is first.
const identityFirst = `${HEAD}  - resources: [secrets]
    providers: [{ identity: {} }, { secretbox: { keys: [{ name: k1, secret: ${K32} }] } }]
`;
// A comment after `providers:` is what kube-bench reads there: it fails a good file.
const commentAfterProviders = `${HEAD}  - resources:
      - secrets
    providers:
      # strongest first; identity last to read old data
      - kms:
          apiVersion: v2
          name: vault
          endpoint: unix:///var/run/kms/vault.sock
      - identity: {}
`;

testRule(rule, {
  valid: [
    { name: 'a comment after providers: is not a provider', yaml: commentAfterProviders },
    { name: 'secretbox first, identity last', yaml: `${HEAD}  - resources: [secrets]\n    providers:\n      - secretbox: { keys: [{ name: k1, secret: ${K32} }] }\n      - identity: {}\n` },
    { name: 'covered by "*." (all core resources)', yaml: `${HEAD}  - resources: ["*."]\n    providers: [{ aesgcm: { keys: [{ name: k, secret: ${K16} }] } }]\n` },
    { name: 'covered by "*.*" after entries for other resources', yaml: `${HEAD}  - resources: [events]\n    providers: [{ identity: {} }]\n  - resources: ["*.*"]\n    providers: [{ kms: { apiVersion: v2, name: vault, endpoint: "unix:///kms.sock" } }]\n` },
    { name: 'the old kind EncryptionConfig (apiVersion v1)', yaml: `apiVersion: v1\nkind: EncryptionConfig\nresources:\n  - resources: [secrets]\n    providers: [{ aescbc: { keys: [{ name: k, secret: ${K32} }] } }]\n` },
  ],
  invalid: [
    { name: 'only the last providers: line looks encrypted (kube-bench passes this)', yaml: lastProvidersLineOnly, findings: [{ messageId: 'identityFirst', line: 7, column: 9, data: { after: ' (aescbc after it only decrypt data already stored)' }, path: 'resources[0].providers[0].identity' }] },
    { name: 'identity first in a flow list (tools that look for aescbc anywhere pass this)', yaml: identityFirst, findings: [{ messageId: 'identityFirst', line: 5, data: { after: ' (secretbox after it only decrypt data already stored)' } }] },
    { name: 'only identity', yaml: `${HEAD}  - resources: [secrets]\n    providers:\n      - identity: {}\n`, findings: [{ messageId: 'identityFirst', line: 6, data: { after: '' } }] },
    { name: 'Secrets not covered: only configmaps and apps are', yaml: `${HEAD}  - resources: [configmaps, "*.apps"]\n    providers: [{ secretbox: { keys: [{ name: k1, secret: ${K32} }] } }]\n`, findings: [{ messageId: 'notCovered', line: 3, column: 1 }] },
    { name: 'the exact entry decides over a later "*." wildcard', yaml: `${HEAD}  - resources: [secrets]\n    providers: [{ identity: {} }]\n  - resources: ["*."]\n    providers: [{ secretbox: { keys: [{ name: k1, secret: ${K32} }] } }]\n`, findings: [{ messageId: 'identityFirst', line: 5 }] },
  ],
});

testRule(strength, {
  valid: [
    { name: 'kms v2', yaml: commentAfterProviders },
    { name: 'secretbox', yaml: `${HEAD}  - resources: [secrets]\n    providers: [{ secretbox: { keys: [{ name: k1, secret: ${K32} }] } }]\n` },
    { name: 'aescbc only as a reader after kms v2', yaml: `${HEAD}  - resources: [secrets]\n    providers:\n      - kms: { apiVersion: v2, name: vault, endpoint: "unix:///kms.sock" }\n      - aescbc: { keys: [{ name: old, secret: ${K32} }] }\n` },
  ],
  invalid: [
    {
      name: 'each entry on its own: aescbc for configmaps, aesgcm for secrets, kms v1 (no apiVersion) for *.apps',
      yaml: `${HEAD}  - resources: [configmaps]
    providers: [{ aescbc: { keys: [{ name: k, secret: ${K32} }] } }]
  - resources: [secrets]
    providers: [{ aesgcm: { keys: [{ name: k, secret: ${K16} }] } }]
  - resources: ["*.apps"]
    providers: [{ kms: { name: legacy, endpoint: "unix:///kms.sock" } }]
`,
      findings: [
        { messageId: 'aescbc', line: 5, data: { resources: 'configmaps' } },
        { messageId: 'aesgcm', line: 7, data: { resources: 'secrets' } },
        { messageId: 'kmsV1', line: 9, data: { resources: '*.apps', name: 'legacy' } },
      ],
    },
  ],
});

testRule(invalid, {
  valid: [{ name: 'a good file', yaml: commentAfterProviders }],
  invalid: [
    { name: 'a 16-byte secretbox key', yaml: `${HEAD}  - resources: [secrets]\n    providers:\n      - secretbox:\n          keys:\n            - name: k1\n              secret: ${K16}\n`, findings: [{ messageId: 'problem', line: 9, data: { message: 'secretbox key "k1" is 16 bytes; secretbox takes 32 bytes' }, path: 'resources[0].providers[0].secretbox.keys[0].secret' }] },
    { name: 'secrets after *.*', yaml: `${HEAD}  - resources: ["*.*"]\n    providers: [{ identity: {} }]\n  - resources: [secrets]\n    providers: [{ secretbox: { keys: [{ name: k1, secret: ${K32} }] } }]\n`, findings: [{ messageId: 'problem', line: 6, data: { message: 'resource "secrets" is masked by the earlier "*.*" entry: kube-apiserver refuses to start' } }] },
  ],
});

testRule(other, {
  valid: [{ name: '*.* with kms v2', yaml: `${HEAD}  - resources: ["*.*"]\n    providers: [{ kms: { apiVersion: v2, name: vault, endpoint: "unix:///kms.sock" } }]\n` }],
  invalid: [{
    name: 'secrets only',
    yaml: commentAfterProviders,
    findings: [
      { messageId: 'configmaps', line: 3, data: { why: 'no entry covers them' } },
      { messageId: 'customResources', line: 3 },
    ],
  }],
});

it('never prints key material in any finding', () => {
  const yaml = `${HEAD}  - resources: [secrets]\n    providers:\n      - identity: {}\n      - aesgcm: { keys: [{ name: k1, secret: ${K16} }, { name: k2, secret: ${K32} }] }\n      - secretbox: { keys: [{ name: k3, secret: ${K16} }] }\n`;
  const text = [rule, strength, invalid, other].flatMap((r) => runRuleOnYaml(r, yaml).findings.map((f) => f.message)).join('\n');
  expect(text).toContain('k3');
  for (const secret of [K16, K32, K16.slice(0, 12), K32.slice(0, 12)]) expect(text).not.toContain(secret);
});
