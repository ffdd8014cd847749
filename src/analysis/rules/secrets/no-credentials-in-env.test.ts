import { expect, it } from 'vitest';
import { inWorkload, runRuleOnYaml, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import { leakedFragments } from '../../analyzers/secret-detection/index.js';
import rule from './no-credentials-in-env.js';

const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const tok = (prefix: string, n: number): string => prefix + Array.from({ length: n }, (_, i) => A[(i * 11 + 5) % A.length]).join('');
const GITHUB = tok('ghp_', 36);
const SLACK = tok('xoxb-1234567890-', 24);

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: file paths, references and plain settings`,
    yaml: inWorkload(kind, `
containers:
  - name: app
    image: app:1
    env:
      - name: DATABASE_PASSWORD_FILE
        value: /var/run/secrets/db/password
      - name: DB_PASSWORD
        valueFrom:
          secretKeyRef: { name: db, key: password }
      - name: DATABASE_URL
        value: postgres://shop:$(DB_PASSWORD)@db.shop.svc:5432/shop
      - name: LOG_LEVEL
        value: info
`).yaml,
  });
  const w = inWorkload(kind, `
containers:
  - name: app
    image: app:1
    env:
      - name: LOG_LEVEL
        value: info
      - name: DATABASE_URL
        value: postgres://shop:hunter2@db.shop.svc:5432/shop
`);
  invalid.push({
    name: `${kind}: a password in a URL`,
    yaml: w.yaml,
    findings: [{
      messageId: 'literal', line: w.line(8), column: w.column(9),
      data: { variable: 'DATABASE_URL', container: 'app', what: 'a password in a URL' },
    }],
  });
}

valid.push(
  {
    name: 'values that stand for a secret kept elsewhere',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app:1
      env:
        - { name: DB_PASSWORD, value: "\${DB_PASSWORD}" }
        - { name: API_TOKEN, value: "{{ .Values.apiToken }}" }
        - { name: CLIENT_SECRET, value: "<changeme>" }
        - { name: SECRET_KEY, value: "" }
        - { name: GITHUB_TOKEN, value: "ref+vault://secret/ci#/token" }
        - { name: DB_PASSWORD_ARN, value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf" }
        - { name: SMTP_PASSWORD, value: "ENC[AES256_GCM,data:Tr7o,iv:1=,tag:2=,type:str]" }
`,
  },
  {
    name: 'names about a secret, switches and counts',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app:1
      env:
        - { name: TOKEN_URL, value: "https://auth.example.com/oauth/token" }
        - { name: SECRET_NAME, value: db-credentials }
        - { name: AWS_ROLE_ARN, value: "arn:aws:iam::123456789012:role/shop" }
        - { name: PASSWORD_MIN_LENGTH, value: "12" }
        - { name: TOKEN_TTL, value: 1h }
        - { name: MYSQL_ALLOW_EMPTY_PASSWORD, value: "yes" }
        - { name: MAX_TOKENS, value: "4096" }
        - { name: STRIPE_PUBLISHABLE_KEY, value: "pk_live_abcdefghijklmnopqrstuvwx" }
        - { name: PGDATA, value: /var/lib/postgresql/data/pgdata }
        - { name: JAVA_OPTS, value: "-Xmx512m -Djavax.net.ssl.trustStorePassword=changeit" }
`,
  },
  {
    name: 'a weak name with a word, not a random value',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app:1
      env:
        - { name: CACHE_KEY_PREFIX, value: shop }
        - { name: S3_KEY, value: uploads/2024/report.pdf }
        - { name: AUTH, value: oidc }
`,
  },
  {
    name: 'other kinds are not looked at',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: c }
data:
  DB_PASSWORD: hunter2
---
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - { name: app, image: app:1 }
`,
  },
);

invalid.push(
  {
    name: 'a literal under a secret name; init and ephemeral containers too',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: migrate
      image: migrate:1
      env:
        - name: PGPASSWORD
          value: hunter2
  containers:
    - name: web
      image: nginx:1.27
      env:
        - name: PAYMENT_API_KEY
          value: demo-7f3a9c2e1b5d4a60-not-a-real-key
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      env:
        - name: SLACK_NOTIFY
          value: ${SLACK}
`,
    findings: [
      { messageId: 'literal', line: 10, column: 11, data: { variable: 'PGPASSWORD', container: 'migrate', what: 'a literal password' }, path: 'spec.initContainers[0].env[0].value' },
      { messageId: 'literal', line: 16, data: { variable: 'PAYMENT_API_KEY', container: 'web', what: 'a literal API key' } },
      { messageId: 'literal', line: 22, data: { variable: 'SLACK_NOTIFY', container: 'debug', what: 'a Slack token' }, path: 'spec.ephemeralContainers[0].env[0].value' },
    ],
  },
  {
    name: 'a token format under any name, even one that says "not the secret"',
    yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: sync, namespace: ci }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: sync
              image: sync:1
              env:
                - name: GITHUB_TOKEN_PATH
                  value: ${GITHUB}
                - name: AWS_ACCESS_KEY_ID
                  value: AKIAQWERTYUIOPASDFGH
`,
    findings: [
      { messageId: 'literal', line: 16, data: { variable: 'GITHUB_TOKEN_PATH', container: 'sync', what: 'a GitHub token' } },
      { messageId: 'literal', line: 18, data: { variable: 'AWS_ACCESS_KEY_ID', container: 'sync', what: 'an AWS access key ID' } },
    ],
  },
  {
    name: 'a credential inside JAVA_OPTS names its inner key',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app:1
      env:
        - name: JAVA_OPTS
          value: "-Xmx512m -Dspring.datasource.password=hunter2"
`,
    findings: [{ messageId: 'embedded', line: 10, data: { variable: 'JAVA_OPTS', container: 'app', what: 'a literal password', key: 'Dspring.datasource.password' } }],
  },
  {
    name: 'an unquoted number under a password name',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app:1
      env:
        - name: REDIS_PASSWORD
          value: 84736251
`,
    findings: [{ messageId: 'literal', line: 10, data: { variable: 'REDIS_PASSWORD', container: 'app', what: 'a literal password' } }],
  },
  {
    name: 'a variable name that is itself a token is not printed',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app:1
      env:
        - name: ${GITHUB}
          value: ${GITHUB}
`,
    findings: [{ messageId: 'literal', line: 10, data: { variable: 'env[0]', container: 'app', what: 'a GitHub token' } }],
  },
);

testRule(rule, { valid, invalid });

it('never puts a credential, or a piece of one, in a finding', () => {
  const secrets = ['hunter2', 'demo-7f3a9c2e1b5d4a60-not-a-real-key', GITHUB, SLACK, 'Zq9xWv81Lm'];
  const run = runRuleOnYaml(rule, `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app:1
      env:
        - { name: DATABASE_URL, value: "postgres://shop:hunter2@db:5432/shop" }
        - { name: PAYMENT_API_KEY, value: demo-7f3a9c2e1b5d4a60-not-a-real-key }
        - { name: GH, value: ${GITHUB} }
        - { name: SLACK, value: ${SLACK} }
        - { name: JAVA_OPTS, value: "-Ddb.password=Zq9xWv81Lm" }
        - { name: ${GITHUB}, value: x }
`);
  expect(run.findings).toHaveLength(5);
  expect(leakedFragments(JSON.stringify(run.findings.map((f) => f.finding)), secrets)).toEqual([]);
});
