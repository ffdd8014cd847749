import { expect, it } from 'vitest';
import { runRuleOnYaml, testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import { leakedFragments } from '../../analyzers/secret-detection/index.js';
import rule from './no-committed-secret-data.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

const valid: ValidCase[] = [
  {
    name: 'a ServiceAccount token Secret the token controller fills in, and a Secret without data',
    yaml: `apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: ci
  annotations:
    kubernetes.io/service-account.name: ci
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Secret
metadata: { name: empty }
data: {}
`,
  },
  {
    name: 'empty values, placeholders and envsubst references',
    yaml: `apiVersion: v1
kind: Secret
metadata: { name: templ, namespace: shop }
data:
  a: ""
  b: ${b64('changeme')}
  c: ${b64('<your-password>')}
stringData:
  DB_PASSWORD: \${DB_PASSWORD}
  API_KEY: "<changeme>"
  EMPTY: ""
`,
  },
  {
    name: 'a CA bundle is public material, even in a Secret',
    yaml: `apiVersion: v1
kind: Secret
metadata: { name: ca, namespace: shop }
data:
  ca.crt: ${b64('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIV\n-----END CERTIFICATE-----\n')}
stringData:
  signing.pub: |
    -----BEGIN PUBLIC KEY-----
    MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
    -----END PUBLIC KEY-----
`,
  },
  {
    name: 'a SOPS-encrypted Secret',
    yaml: `apiVersion: v1
kind: Secret
metadata: { name: sops, namespace: shop }
stringData:
  password: ENC[AES256_GCM,data:Tr7o1Q==,iv:1Ns4Jt3g=,tag:ZGF0YQ==,type:str]
sops:
  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]
  version: 3.8.1
`,
  },
  {
    name: 'managers that keep values out of the manifest',
    yaml: `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: { name: db, namespace: shop }
spec:
  encryptedData:
    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: db, namespace: shop }
spec:
  secretStoreRef: { kind: SecretStore, name: aws }
  target: { name: db }
  data:
    - secretKey: password
      remoteRef: { key: prod/shop/db, property: password }
`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'base64 data, at the data field',
    yaml: `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: shop
type: Opaque
data:
  POSTGRES_USER: ${b64('shop')}
  POSTGRES_PASSWORD: ${b64('hunter2')}
`,
    findings: [{
      messageId: 'committed', line: 7, column: 1, path: 'data',
      data: { name: 'db-credentials', type: 'Opaque', count: 2, keys: 'POSTGRES_USER, POSTGRES_PASSWORD' },
    }],
  },
  {
    name: 'stringData, no type (Opaque), a numeric value',
    yaml: `apiVersion: v1
kind: Secret
metadata: { name: api }
stringData:
  token: abc123
  pin: 4711
`,
    findings: [{ messageId: 'committed', line: 4, path: 'stringData', data: { name: 'api', type: 'Opaque', count: 2, keys: 'token, pin' } }],
  },
  {
    name: 'a certificate with its private key is not public material',
    yaml: `apiVersion: v1
kind: Secret
metadata: { name: bundle }
stringData:
  tls.pem: |
    -----BEGIN CERTIFICATE-----
    MIIBszCCAVmgAwIBAgIU
    -----END CERTIFICATE-----
    -----BEGIN EC PRIVATE KEY-----
    MHcCAQEEIBkg
    -----END EC PRIVATE KEY-----
`,
    findings: [{ messageId: 'committed', line: 4, data: { name: 'bundle', type: 'Opaque', count: 1, keys: 'tls.pem' } }],
  },
  {
    name: 'a TLS Secret; invalid base64 still counts',
    yaml: `apiVersion: v1
kind: Secret
metadata: { name: web-tls }
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
  tls.key: not*base64!
`,
    findings: [{ messageId: 'committed', line: 5, data: { name: 'web-tls', type: 'a TLS certificate and private key', count: 2, keys: 'tls.crt, tls.key' } }],
  },
  {
    name: 'a dry-run export (creationTimestamp: null) is a written manifest; many keys are cut short',
    yaml: `apiVersion: v1
kind: Secret
metadata:
  name: many
  creationTimestamp: null
data:
  a: ${b64('1a')}
  b: ${b64('2b')}
  c: ${b64('3c')}
  d: ${b64('4d')}
  e: ${b64('5e')}
  f: ${b64('6f')}
  g: ${b64('7g')}
`,
    findings: [{ messageId: 'committed', line: 6, data: { name: 'many', type: 'Opaque', count: 7, keys: 'a, b, c, d, e and 2 more' } }],
  },
  {
    name: 'a cluster export: one finding for the file, on its first Secret with data, with the count',
    yaml: `apiVersion: v1
kind: Secret
metadata:
  name: default-token-abcde
  namespace: default
  uid: 0b7c2a8e-0000-4000-8000-000000000001
  resourceVersion: "381"
type: kubernetes.io/service-account-token
data:
  token: ${b64('eyJhbGciOi')}
  ca.crt: ${b64('cert')}
---
apiVersion: v1
kind: Secret
metadata:
  name: empty-live
  namespace: default
  uid: 0b7c2a8e-0000-4000-8000-000000000002
---
apiVersion: v1
kind: Secret
metadata:
  name: app
  namespace: shop
  creationTimestamp: "2024-05-01T10:00:00Z"
  managedFields:
    - manager: kubectl
data:
  password: ${b64('hunter2')}
---
apiVersion: v1
kind: Secret
metadata: { name: written, namespace: shop }
stringData: { password: hunter2 }
`,
    findings: [
      { messageId: 'liveExport', line: 9, data: { name: 'default-token-abcde', keys: 'token, ca.crt', count: 2 } },
      { messageId: 'committed', line: 34, data: { name: 'written', type: 'Opaque', count: 1, keys: 'password' } },
    ],
  },
];

testRule(rule, { valid, invalid });

it('never puts a value, decoded or encoded, in a finding', () => {
  const run = runRuleOnYaml(rule, `apiVersion: v1
kind: Secret
metadata: { name: s }
data:
  password: ${b64('hunter2Zq9x')}
stringData:
  token: Zq9xWv81Lm
`);
  expect(run.findings).toHaveLength(1);
  expect(leakedFragments(JSON.stringify(run.findings.map((f) => f.finding)), ['hunter2Zq9x', 'Zq9xWv81Lm'])).toEqual([]);
});
