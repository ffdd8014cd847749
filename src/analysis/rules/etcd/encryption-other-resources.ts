import { analyzeEncryptionConfig, CONFIGMAPS, ENCRYPTION_CONFIG_KINDS } from '../../analyzers/encryption/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'encryption-other-resources',
  area: 'etcd',
  severity: 'info',
  title: 'ConfigMaps or custom resources stored in plaintext',
  description:
    'Notes what an EncryptionConfiguration leaves unencrypted besides Secrets: ConfigMaps (unless `configmaps`, ' +
    '`*.` or `*.*` is encrypted), and custom resources (which only `*.*`, `*.<group>` or an entry naming them ' +
    'cover). Informational: whether these hold secrets depends on the cluster.',
  rationale:
    'Credentials end up in ConfigMaps and in custom resources of operators (database users, webhook tokens); ' +
    'those are as exposed in an etcd backup as unencrypted Secrets.',
  remediation:
    'Encrypt `configmaps` too, or `*.*` with a cheap provider, if such data lives there; better, keep credentials in Secrets only.',
  references: [
    { framework: 'cis-k8s', control: '1.2.28' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    configmaps: 'ConfigMaps are stored in plaintext ({why}).',
    customResources: 'Custom resources are stored in plaintext unless an entry names them: there is no "*.*" entry.',
  },
  examples: {
    bad: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - kms: { apiVersion: v2, name: vault, endpoint: "unix:///var/run/kms.sock" }
`,
    good: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets, configmaps]
    providers:
      - kms: { apiVersion: v2, name: vault, endpoint: "unix:///var/run/kms.sock" }
  - resources: ["*.*"]
    providers:
      - secretbox: { keys: [{ name: k1, secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY= }] }
`,
  },
  kinds: ENCRYPTION_CONFIG_KINDS,
  check(obj, ctx) {
    const config = analyzeEncryptionConfig(obj);
    const cm = config.storageOf(CONFIGMAPS);
    if (cm.matchedBy === 'none') ctx.report('configmaps', { why: 'no entry covers them' }, ['resources']);
    else if (cm.writer?.type === 'identity') ctx.report('configmaps', { why: 'identity is their first provider' }, cm.writer.path);
    const all = config.storageOf({ group: 'example.invalid', resource: 'widgets' });
    if (all.matchedBy === 'none') ctx.report('customResources', {}, ['resources']);
  },
});
