import { expect, it } from 'vitest';
import { runRuleOnYaml, testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import { leakedFragments } from '../../analyzers/secret-detection/index.js';
import rule from './no-credentials-in-configmap.js';

const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rnd = (n: number, seed = 5): string => Array.from({ length: n }, (_, i) => A[(i * 11 + seed) % A.length]).join('');
const KEY_BODY = Array.from({ length: 4 }, (_, i) => rnd(64, i)).join('\n    ');
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

const valid: ValidCase[] = [
  {
    name: 'ordinary configuration, paths to secret files, references and placeholders',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: app, namespace: shop }
data:
  LOG_LEVEL: info
  DATABASE_URL: postgres://shop@db.shop.svc:5432/shop
  DB_PASSWORD_FILE: /var/run/secrets/db/password
  TOKEN_URL: https://auth.example.com/token
  API_KEY: "\${API_KEY}"
  CLIENT_SECRET: "<changeme>"
  application.yaml: |
    server:
      port: 8080
    spring:
      datasource:
        url: jdbc:postgresql://db:5432/shop
        password: \${DB_PASSWORD}
    tls:
      key-store: /etc/tls/keystore.p12
      key-store-password-file: /etc/tls/password
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    ${KEY_BODY}
    -----END CERTIFICATE-----
`,
  },
  {
    name: 'the cluster\'s own ConfigMaps: kube-root-ca.crt and aws-auth',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: kube-root-ca.crt, namespace: default }
data:
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    ${KEY_BODY}
    -----END CERTIFICATE-----
---
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::123456789012:role/nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
`,
  },
  {
    name: 'tools that point at Secrets from their config: Argo CD, Grafana, Prometheus',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: argocd-cm, namespace: argocd }
data:
  url: https://argocd.example.com
  dex.config: |
    connectors:
      - type: github
        id: github
        name: GitHub
        config:
          clientID: aabbccddeeff00112233
          clientSecret: $dex.github.clientSecret
  oidc.config: |
    name: Keycloak
    clientSecret: $oidc-keycloak:clientSecret
---
apiVersion: v1
kind: ConfigMap
metadata: { name: grafana, namespace: monitoring }
data:
  grafana.ini: |
    [security]
    admin_user = admin
    admin_password = $__file{/etc/secrets/admin-password}
    [database]
    password = $__env{GF_DB_PASSWORD}
  prometheus.yml: |
    scrape_configs:
      - job_name: kubelet
        bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
        basic_auth:
          username: prom
          password_file: /etc/prometheus/secrets/password
`,
  },
  {
    name: 'binaryData that is not a credential',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: assets }
binaryData:
  logo.png: ${b64(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))}
  settings.ini: ${b64('[ui]\ntheme=dark\n')}
`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'a key named like a secret, and values whose format gives them away',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: app, namespace: shop }
data:
  DB_PASSWORD: hunter2
  DATABASE_URL: postgres://shop:hunter2@db.shop.svc:5432/shop
  notify: https://hooks.slack.com/services/T0000/B0000/${rnd(24)}
  LOG_LEVEL: info
`,
    findings: [
      { messageId: 'value', line: 5, column: 3, data: { key: 'DB_PASSWORD', what: 'a literal password' }, path: 'data.DB_PASSWORD' },
      { messageId: 'value', line: 6, data: { key: 'DATABASE_URL', what: 'a password in a URL' } },
      { messageId: 'value', line: 7, data: { key: 'notify', what: 'a Slack webhook URL' } },
    ],
  },
  {
    name: 'an embedded .properties file: the line inside the file and the property',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: backend-config, namespace: shop }
data:
  application.properties: |
    spring.datasource.url=jdbc:postgresql://db.shop.svc:5432/shop
    spring.datasource.username=shop
    spring.datasource.password=hunter2
    stripe.api-key=sk_test_${rnd(24)}
`,
    findings: [
      { messageId: 'embeddedProperty', line: 5, data: { field: 'key', key: 'application.properties', line: 3, property: 'spring.datasource.password', what: 'a literal password' }, path: 'data["application.properties"]' },
      { messageId: 'embeddedProperty', line: 5, data: { field: 'key', key: 'application.properties', line: 4, property: 'stripe.api-key', what: 'a literal API key' } },
    ],
  },
  {
    name: '.env, JSON and a private key in one ConfigMap',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: mixed }
data:
  .env: |
    APP_ENV=production
    export GITHUB_TOKEN=ghp_${rnd(36)}
  config.json: |
    {"db": {"user": "app", "password": "Zq9x"}}
  tls.key: |
    -----BEGIN RSA PRIVATE KEY-----
    ${KEY_BODY}
    -----END RSA PRIVATE KEY-----
`,
    findings: [
      { messageId: 'embeddedProperty', line: 5, data: { field: 'key', key: '.env', line: 2, property: 'GITHUB_TOKEN', what: 'a GitHub token' } },
      { messageId: 'embeddedProperty', line: 8, data: { field: 'key', key: 'config.json', line: 1, property: 'password', what: 'a literal password' } },
      { messageId: 'embedded', line: 10, data: { field: 'key', key: 'tls.key', line: 1, what: 'a PEM private key' } },
    ],
  },
  {
    name: 'a one-line value with an inner key',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: opts }
data:
  JAVA_TOOL_OPTIONS: "-Xmx1g -Ddb.password=Zq9x"
`,
    findings: [{ messageId: 'embeddedProperty', line: 5, data: { field: 'key', key: 'JAVA_TOOL_OPTIONS', line: 1, property: 'Ddb.password', what: 'a literal password' } }],
  },
  {
    name: 'binaryData: decoded text is read; key stores are reported',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: bin }
binaryData:
  creds.ini: ${b64('[default]\naws_access_key_id = AKIAQWERTYUIOPASDFGH\naws_secret_access_key = ' + rnd(40) + '\n')}
  truststore.jks: ${b64(Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 1, 0xff]))}
  client.p12: ${b64(Buffer.from([0x30, 0x82, 0x0a, 0x1f, 0x02, 0x01, 0x03, 0x30, 0x82, 0xff]))}
`,
    findings: [
      { messageId: 'embeddedProperty', line: 5, data: { field: 'binaryData', key: 'creds.ini', line: 2, property: 'aws_access_key_id', what: 'an AWS access key ID' } },
      { messageId: 'embeddedProperty', line: 5, data: { field: 'binaryData', key: 'creds.ini', line: 3, property: 'aws_secret_access_key', what: 'a literal secret access key' } },
      { messageId: 'keystore', line: 6, data: { key: 'truststore.jks', what: 'a Java KeyStore' } },
      { messageId: 'keystore', line: 7, data: { key: 'client.p12', what: 'a PKCS#12 key store' } },
    ],
  },
  {
    name: 'a data key that is itself a token is neither printed nor put in the path',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: odd }
data:
  ghp_${rnd(36)}: "yes"
`,
    findings: [{ messageId: 'value', line: 4, data: { key: 'data[0]', what: 'a GitHub token' }, path: 'data' }],
  },
];

testRule(rule, { valid, invalid });

it('never puts a credential, or a piece of one, in a finding', () => {
  const secrets = ['hunter2', 'Zq9xWv81Lm', `ghp_${rnd(36)}`, rnd(40, 9)];
  const run = runRuleOnYaml(rule, `apiVersion: v1
kind: ConfigMap
metadata: { name: leak }
data:
  DB_PASSWORD: hunter2
  app.properties: |
    db.password=Zq9xWv81Lm
    token=ghp_${rnd(36)}
  ${`ghp_${rnd(36)}`}: x
binaryData:
  aws.ini: ${b64(`aws_secret_access_key=${rnd(40, 9)}\n`)}
`);
  expect(run.findings.length).toBe(5);
  expect(leakedFragments(JSON.stringify(run.findings.map((f) => f.finding)), secrets)).toEqual([]);
});
