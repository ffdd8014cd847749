import { containersOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { assessCredential, detectValue, safeLabel, scanText } from '../../analyzers/secret-detection/index.js';
import { defineRule } from '../../define-rule.js';

/** `--db-password=x` and `-password=x`: the flag's name and its value. */
const FLAG_WITH_VALUE = /^(--?)([A-Za-z][\w.-]*)=([\s\S]*)$/;
/** `--db-password` alone, whose value is the next argument. */
const FLAG_ALONE = /^(--?)([A-Za-z][\w.-]*)$/;

export default defineRule({
  id: 'no-credentials-in-args',
  area: 'secrets',
  severity: 'high',
  title: 'Literal credentials on container command lines',
  kinds: WORKLOAD_KINDS,
  description:
    'Reports `command` and `args` of every container that pass a credential written into the manifest: ' +
    '`--password=...` and `--token ...` style flags named like a secret with a literal value, arguments whose ' +
    'format gives them away (URLs with a password, tokens, private keys), and scripts run with `sh -c` holding ' +
    '`PGPASSWORD=...`, `--password=...`, `Authorization: Bearer ...` or such values. References the kubelet or ' +
    'the shell expand (`$(DB_PASSWORD)`, `"$DB_PASSWORD"`) are the intended form and are not reported. The value ' +
    'is never printed.',
  rationale:
    'A command line is in the workload object that `view` can read, in Git, and on the node in every process ' +
    'listing: `ps` shows it to every user of the node and, with `shareProcessNamespace`, to every container of ' +
    'the pod; crash reports and audit tools log it.',
  remediation:
    'Rotate the credential, mount it from a Secret (or a secret manager through External Secrets, the Secrets ' +
    'Store CSI driver or the Vault Agent injector) and pass the file (`--password-file=/var/run/secrets/...`), ' +
    'or reference a Secret-backed env var as `$(VAR)`, which the kubelet expands without writing it into the spec.',
  references: [
    { framework: 'cis-k8s', control: '5.4.2' },
    { framework: 'nsa-cisa', control: 'Secrets: store credentials in Secrets or an external vault, not in manifests' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    flag: 'Container "{container}" passes a credential in {field}[{index}] ({what}, flag {flag}).',
    value: 'Container "{container}" passes a credential in {field}[{index}] ({what}).',
    script: 'Container "{container}" has a credential in the script in {field}[{index}], line {line} ({what}).',
  },
  examples: {
    bad: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
  namespace: shop
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: dump
              image: postgres:16.4
              command: ["pg_dump"]
              args: ["--dbname=postgres://shop:hunter2@db.shop.svc:5432/shop", "--file=/backup/shop.sql"]
`,
    good: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
  namespace: shop
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: dump
              image: postgres:16.4
              command: ["pg_dump"]
              args: ["--dbname=postgres://shop@db.shop.svc:5432/shop", "--file=/backup/shop.sql"]
              env:
                - name: PGPASSFILE
                  value: /var/run/secrets/db/pgpass
`,
  },
  check(obj, ctx) {
    for (const c of containersOf(obj)) {
      for (const field of ['command', 'args'] as const) {
        const list = c.container[field];
        if (!Array.isArray(list)) continue;
        for (let index = 0; index < list.length; index++) {
          const arg = list[index];
          if (typeof arg !== 'string' || arg.trim() === '') continue;
          const base = { container: c.name, field };
          const at = (i: number) => [...c.path, field, i];
          const withValue = FLAG_WITH_VALUE.exec(arg);
          if (withValue) {
            const cred = assessCredential(withValue[2]!, withValue[3]!);
            if (cred) ctx.report('flag', { ...base, index, what: cred.what, flag: safeLabel(withValue[1]! + withValue[2]!) ?? 'a flag' }, at(index));
            continue;
          }
          const alone = FLAG_ALONE.exec(arg);
          const next = list[index + 1];
          if (alone && typeof next === 'string' && !next.startsWith('-')) {
            const cred = assessCredential(alone[2]!, next);
            if (cred) {
              ctx.report('flag', { ...base, index: index + 1, what: cred.what, flag: safeLabel(alone[1]! + alone[2]!) ?? 'a flag' }, at(index + 1));
              index++;
              continue;
            }
          }
          if (/[\n;&|]/.test(arg) || /\s/.test(arg.trim())) {
            // A script (`sh -c "..."`) or a whole command line in one argument.
            for (const m of scanText(arg)) ctx.report('script', { ...base, index, line: m.line, what: m.key !== undefined ? `${m.what} in "${m.key}"` : m.what }, at(index));
            continue;
          }
          const v = detectValue(arg);
          if (v) ctx.report('value', { ...base, index, what: v.what }, at(index));
        }
      }
    }
  },
});
