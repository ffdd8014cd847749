import { analyzeEncryptionConfig, ENCRYPTION_CONFIG_KINDS } from '../../analyzers/encryption/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'encryption-config-invalid',
  area: 'etcd',
  severity: 'high',
  title: 'EncryptionConfiguration that kube-apiserver refuses',
  description:
    'Checks an EncryptionConfiguration the way kube-apiserver validates it at start-up: keys of the right ' +
    'length after base64 decoding (16, 24 or 32 bytes for aescbc and aesgcm, 32 for secretbox), one provider per ' +
    'list item, no resource named twice or hidden behind a wildcard (also across entries: an entry after `*.*` ' +
    'or `*.<group>` that it covers is refused), valid KMS settings. Key values are never shown.',
  rationale:
    'The API server does not start with such a file: the control plane goes down at the next restart, and the ' +
    'usual quick fix (removing the flag) silently turns encryption at rest off.',
  remediation: 'Fix the entry named in the finding; generate keys with `head -c 32 /dev/urandom | base64`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.28' },
    { framework: 'mitre', control: 'T1499 Endpoint Denial of Service' },
  ],
  messages: {
    problem: 'kube-apiserver refuses this file: {message}.',
  },
  examples: {
    bad: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - secretbox:
          keys:
            - name: key1
              secret: c2hvcnQga2V5
`,
    good: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - secretbox:
          keys:
            - name: key1
              secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
`,
  },
  kinds: ENCRYPTION_CONFIG_KINDS,
  check(obj, ctx) {
    for (const p of analyzeEncryptionConfig(obj).problems) ctx.report('problem', { message: p.message }, p.path);
  },
});
