import { analyzeEncryptionConfig, ENCRYPTION_CONFIG_KINDS } from '../../analyzers/encryption/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'encryption-provider-strength',
  area: 'etcd',
  severity: 'medium',
  title: 'Encryption at rest with a weak or deprecated provider',
  description:
    'For each `resources[]` entry of an EncryptionConfiguration, the provider that encrypts writes (the first) ' +
    'should be `kms` with `apiVersion: v2`, or `secretbox`. Reported: `aescbc` (CBC mode, open to padding-oracle ' +
    'attacks, no longer recommended), `aesgcm` (safe only with automated key rotation: a key must not encrypt ' +
    'more than about 200,000 writes), and `kms` v1 (deprecated since Kubernetes 1.28 and disabled by default since ' +
    '1.29: the API server refuses it unless the KMSv1 feature gate is on). `apiVersion` omitted means v1.',
  rationale:
    'aescbc and aesgcm keep the key in a file on every control-plane node, next to the data it protects, and ' +
    'have the weaknesses above; KMS v1 is on its way out and slow. KMS v2 keeps the key in an external KMS.',
  remediation:
    'Move to `kms` with `apiVersion: v2` and a KMS plugin, or at least `secretbox` with a 32-byte key; put the ' +
    'new provider first, keep the old one after it until every object is rewritten.',
  references: [
    { framework: 'cis-k8s', control: '1.2.28' },
    { framework: 'mitre', control: 'T1552.004 Unsecured Credentials: Private Keys' },
  ],
  messages: {
    aescbc: 'aescbc encrypts writes of {resources}: CBC mode is no longer recommended.',
    aesgcm: 'aesgcm encrypts writes of {resources}: safe only if its key is rotated automatically (at most ~200,000 writes per key).',
    kmsV1: 'KMS v1 ({name}) encrypts writes of {resources}: deprecated, and refused by the API server since 1.29 unless the KMSv1 feature gate is on.',
  },
  examples: {
    bad: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
      - identity: {}
`,
    good: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - kms:
          apiVersion: v2
          name: vault
          endpoint: unix:///var/run/kms/vault.sock
      - identity: {}
`,
  },
  kinds: ENCRYPTION_CONFIG_KINDS,
  check(obj, ctx) {
    for (const entry of analyzeEncryptionConfig(obj).entries) {
      const writer = entry.providers[0];
      if (!writer) continue;
      const resources = entry.resources.map((r) => r.text).join(', ') || '(no resources)';
      if (writer.type === 'aescbc') ctx.report('aescbc', { resources }, writer.path);
      else if (writer.type === 'aesgcm') ctx.report('aesgcm', { resources }, writer.path);
      else if (writer.type === 'kms' && writer.kms?.apiVersion === 'v1') ctx.report('kmsV1', { resources, name: writer.kms.name }, writer.path);
    }
  },
});
