import { analyzeEncryptionConfig, ENCRYPTION_CONFIG_KINDS, SECRETS } from '../../analyzers/encryption/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'encryption-secrets-at-rest',
  area: 'etcd',
  severity: 'high',
  title: 'Secrets are written to etcd in plaintext',
  description:
    'An EncryptionConfiguration must encrypt new Secrets: the entry that covers `secrets` (by name, else `*.`, ' +
    'else `*.*`) must list an encrypting provider first. The first provider encrypts every write; `identity` ' +
    'first means plaintext, whatever providers follow it (they only decrypt what is already stored). Every ' +
    'entry counts, not just the first lines of the file.',
  rationale:
    'Without encryption at rest a Secret is only base64 in etcd: anyone with a copy of the etcd data directory, ' +
    'a backup or a snapshot, or read access to etcd, has every password, token and key of the cluster.',
  remediation:
    'Put an encrypting provider first for `secrets` (kms with `apiVersion: v2` is best, secretbox or aesgcm with ' +
    'rotated keys otherwise), keep `identity: {}` last to read old data, restart the API server, then rewrite ' +
    'existing Secrets: `kubectl get secrets -A -o json | kubectl replace -f -`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.27' },
    { framework: 'cis-k8s', control: '1.2.28' },
    { framework: 'nsa-cisa', control: 'Secrets: encrypt Secrets at rest in etcd' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    notCovered: 'Secrets are stored in plaintext: no entry names secrets, "*." or "*.*".',
    identityFirst: 'Secrets are written in plaintext: the first provider for them is identity{after}.',
  },
  examples: {
    bad: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - identity: {}
      - aescbc:
          keys:
            - name: key1
              secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
`,
    good: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - secretbox:
          keys:
            - name: key1
              secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
      - identity: {}
`,
  },
  kinds: ENCRYPTION_CONFIG_KINDS,
  check(obj, ctx) {
    const storage = analyzeEncryptionConfig(obj).storageOf(SECRETS);
    if (storage.matchedBy === 'none') {
      ctx.report('notCovered', {}, ['resources']);
      return;
    }
    if (storage.writer && storage.writer.type === 'identity') {
      const rest = [...new Set(storage.providers.slice(1).map((p) => p.type))];
      ctx.report('identityFirst', { after: rest.length > 0 ? ` (${rest.join(', ')} after it only decrypt data already stored)` : '' }, storage.writer.path);
    }
  },
});
