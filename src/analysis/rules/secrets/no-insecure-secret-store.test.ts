import { expect, it } from 'vitest';
import { runRuleOnYaml, testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import { leakedFragments } from '../../analyzers/secret-detection/index.js';
import rule from './no-insecure-secret-store.js';

const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const VAULT_TOKEN = `hvs.${Array.from({ length: 90 }, (_, i) => A[(i * 11 + 5) % A.length]).join('')}`;

const valid: ValidCase[] = [
  {
    name: 'the hardened shop store: AWS Secrets Manager with IRSA',
    yaml: `apiVersion: external-secrets.io/v1beta1
kind: SecretStore
metadata: { name: aws-secrets-manager, namespace: shop }
spec:
  provider:
    aws:
      service: SecretsManager
      region: eu-west-1
      auth:
        jwt:
          serviceAccountRef:
            name: external-secrets
`,
  },
  {
    name: 'credentials by reference, HTTPS with a CA, a loopback agent address',
    yaml: `apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata: { name: vault }
spec:
  provider:
    vault:
      server: https://vault.vault.svc:8200
      caBundle: ${Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64')}
      auth:
        appRole:
          path: approle
          roleId: db02de05-fa39-4855-059b-67221c5c2f63
          secretRef: { name: vault-approle, key: secret-id, namespace: external-secrets }
        tokenSecretRef: { name: vault-token, key: token }
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: { name: aws-static, namespace: shop }
spec:
  provider:
    aws:
      service: ParameterStore
      region: eu-west-1
      auth:
        secretRef:
          accessKeyIDSecretRef: { name: awssm-secret, key: access-key }
          secretAccessKeySecretRef: { name: awssm-secret, key: secret-access-key }
---
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata: { name: vault-db, namespace: shop }
spec:
  provider: vault
  parameters:
    vaultAddress: https://vault.vault.svc:8200
    vaultSkipTLSVerify: "false"
    vaultCACertPath: /etc/vault/ca.crt
    roleName: shop
    objects: |
      - objectName: db-password
        secretPath: secret/data/shop/db
        secretKey: password
---
apiVersion: v1
kind: Pod
metadata:
  name: agent-cache
  annotations:
    vault.hashicorp.com/agent-inject: "true"
spec:
  containers:
    - name: app
      image: app:1
      env:
        - { name: VAULT_ADDR, value: "http://127.0.0.1:8100" }
        - { name: VAULT_SKIP_VERIFY, value: "false" }
`,
  },
  {
    name: 'injector annotations without injection, and other groups\' kinds of the same name',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata:
      labels: { app: api }
      annotations:
        vault.hashicorp.com/tls-skip-verify: "true"
    spec:
      containers:
        - { name: api, image: api:1 }
---
apiVersion: example.com/v1
kind: SecretStore
metadata: { name: other }
spec:
  provider:
    thing: { url: "http://x.example.com", insecure: true }
`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'Vault over plain HTTP',
    yaml: rule.examples.bad,
    findings: [{ messageId: 'plaintext', line: 9, column: 7, path: 'spec.provider.vault.server', data: { where: 'SecretStore "vault"', host: 'vault.vault.svc', field: 'provider.vault.server' } }],
  },
  {
    name: 'inline credentials in a store: a Vault token, a webhook Authorization header',
    yaml: `apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata: { name: static }
spec:
  provider:
    vault:
      server: https://vault.example.com
      auth:
        token: ${VAULT_TOKEN}
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: { name: hook, namespace: shop }
spec:
  provider:
    webhook:
      url: "https://secrets.example.com/get/{{ .remoteRef.key }}"
      headers:
        Authorization: "Bearer abc123def456"
      insecureSkipVerify: true
`,
    findings: [
      { messageId: 'inlineCredential', line: 9, data: { where: 'ClusterSecretStore "static"', field: 'provider.vault.auth.token', what: 'a HashiCorp Vault token' } },
      { messageId: 'inlineCredential', line: 19, data: { where: 'SecretStore "hook"', field: 'provider.webhook.headers.Authorization', what: 'a literal authorization value' } },
      { messageId: 'skipVerify', line: 20, data: { where: 'SecretStore "hook"', field: 'provider.webhook.insecureSkipVerify' } },
    ],
  },
  {
    name: 'a SecretProviderClass for Vault over HTTP without verification',
    yaml: `apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata: { name: vault-db, namespace: shop }
spec:
  provider: vault
  parameters:
    vaultAddress: "http://vault.vault:8200"
    vaultSkipTLSVerify: "true"
    roleName: shop
`,
    findings: [
      { messageId: 'plaintext', line: 7, data: { where: 'SecretProviderClass "vault-db"', host: 'vault.vault', field: 'parameters.vaultAddress' } },
      { messageId: 'skipVerify', line: 8, data: { where: 'SecretProviderClass "vault-db"', field: 'parameters.vaultSkipTLSVerify' } },
    ],
  },
  {
    name: 'the Vault Agent injector told to skip verification and use HTTP; a container with VAULT_ADDR over HTTP',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata:
      labels: { app: api }
      annotations:
        vault.hashicorp.com/agent-inject: "true"
        vault.hashicorp.com/service: "http://vault.vault.svc:8200"
        vault.hashicorp.com/tls-skip-verify: "TRUE"
    spec:
      containers:
        - name: api
          image: api:1
          env:
            - name: VAULT_ADDR
              value: http://vault.vault.svc:8200
            - name: VAULT_SKIP_VERIFY
              value: "1"
`,
    findings: [
      { messageId: 'plaintext', line: 11, data: { where: 'The Vault Agent injected into these pods', host: 'vault.vault.svc', field: 'vault.hashicorp.com/service' } },
      { messageId: 'skipVerify', line: 12, data: { where: 'The Vault Agent injected into these pods', field: 'vault.hashicorp.com/tls-skip-verify' } },
      { messageId: 'plaintext', line: 19, data: { where: 'Container "api"', host: 'vault.vault.svc', field: 'env VAULT_ADDR' } },
      { messageId: 'skipVerify', line: 21, data: { where: 'Container "api"', field: 'env VAULT_SKIP_VERIFY' } },
    ],
  },
];

testRule(rule, { valid, invalid });

it('a credential pasted as a map key is neither printed nor in the path', () => {
  const run = runRuleOnYaml(rule, `apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: { name: s, namespace: x }
spec:
  provider:
    webhook:
      headers:
        ${VAULT_TOKEN}: "1"
`);
  expect(run.findings.map((f) => [f.messageId, f.path, f.line])).toEqual([['inlineCredential', 'spec.provider.webhook.headers', 7]]);
  expect(leakedFragments(JSON.stringify(run.findings.map((f) => f.finding)), [VAULT_TOKEN])).toEqual([]);
});

it('never puts an inline credential in a finding', () => {
  const run = runRuleOnYaml(rule, `apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: { name: s, namespace: x }
spec:
  provider:
    vault:
      server: http://bot:Zq9xWv81Lm@vault.example.com
      auth: { token: ${VAULT_TOKEN} }
`);
  expect(run.findings.map((f) => f.messageId)).toEqual(['inlineCredential', 'plaintext', 'inlineCredential']);
  expect(leakedFragments(JSON.stringify(run.findings.map((f) => f.finding)), ['Zq9xWv81Lm', VAULT_TOKEN])).toEqual([]);
});
