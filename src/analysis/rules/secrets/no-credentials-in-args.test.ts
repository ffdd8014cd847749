import { expect, it } from 'vitest';
import { inWorkload, runRuleOnYaml, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import { leakedFragments } from '../../analyzers/secret-detection/index.js';
import rule from './no-credentials-in-args.js';

const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BEARER = Array.from({ length: 40 }, (_, i) => A[(i * 11 + 5) % A.length]).join('');

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: password files and kubelet-expanded references`,
    yaml: inWorkload(kind, `
containers:
  - name: app
    image: app:1
    command: ["app"]
    args: ["--db-password-file=/var/run/secrets/db/password", "--token", "$(API_TOKEN)", "--port", "8080"]
`).yaml,
  });
  const w = inWorkload(kind, `
containers:
  - name: app
    image: app:1
    args:
      - --listen=:8080
      - --db-password=hunter2
`);
  invalid.push({
    name: `${kind}: --flag=value`,
    yaml: w.yaml,
    findings: [{ messageId: 'flag', line: w.line(6), column: w.column(9), data: { container: 'app', field: 'args', index: 1, what: 'a literal password', flag: '--db-password' } }],
  });
}

valid.push({
  name: 'scripts that take credentials from the environment or files',
  yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: backup
      image: postgres:16.4
      command: ["sh", "-c"]
      args:
        - |
          export PGPASSFILE=/var/run/secrets/db/pgpass
          pg_dump --dbname="postgres://shop@db:5432/shop" --file=/backup/x.sql
          curl -H "Authorization: Bearer $TOKEN" https://hooks.example.com/done
`,
});

invalid.push(
  {
    name: '-flag value, --flag value and a script',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: migrate
      image: migrate:1
      command: ["migrate", "-database", "postgres://shop:hunter2@db:5432/shop?sslmode=disable", "up"]
  containers:
    - name: app
      image: app:1
      args: ["--api-token", "abc123def456", "--verbose"]
    - name: notify
      image: curl:8
      command: ["sh", "-c"]
      args:
        - |
          set -e
          curl -H "Authorization: Bearer ${BEARER}" https://api.example.com/notify
`,
    findings: [
      { messageId: 'flag', line: 8, data: { container: 'migrate', field: 'command', index: 2, what: 'a password in a URL', flag: '-database' }, path: 'spec.initContainers[0].command[2]' },
      { messageId: 'flag', line: 12, data: { container: 'app', field: 'args', index: 1, what: 'a literal token', flag: '--api-token' }, path: 'spec.containers[0].args[1]' },
      { messageId: 'script', line: 17, data: { container: 'notify', field: 'args', index: 0, line: 2, what: 'a literal authorization value in "authorization"' } },
    ],
  },
);

invalid.push({
  name: 'an argument whose format gives it away',
  yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app:1
      args: ["connect", "postgres://shop:hunter2@db:5432/shop"]
`,
  findings: [{ messageId: 'value', line: 8, data: { container: 'app', field: 'args', index: 1, what: 'a password in a URL' } }],
});

testRule(rule, { valid, invalid });

it('never puts a credential in a finding', () => {
  const run = runRuleOnYaml(rule, `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app:1
      args: ["--password=Zq9xWv81Lm", "--token", "hunter2hunter", "sh -c 'PGPASSWORD=Qw7rTy5Ui psql'"]
`);
  expect(run.findings).toHaveLength(3);
  expect(leakedFragments(JSON.stringify(run.findings.map((f) => f.finding)), ['Zq9xWv81Lm', 'hunter2hunter', 'Qw7rTy5Ui'])).toEqual([]);
});
