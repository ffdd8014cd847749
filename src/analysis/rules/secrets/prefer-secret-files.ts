import { containersOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { envSecretRefs, safeLabel } from '../../analyzers/secret-detection/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'prefer-secret-files',
  area: 'secrets',
  severity: 'low',
  title: 'Secrets exposed as environment variables',
  kinds: WORKLOAD_KINDS,
  description:
    'Reports containers (init, regular and ephemeral) that take Secret values as environment variables: each ' +
    '`env[].valueFrom.secretKeyRef` and each `envFrom[].secretRef`. Secrets mounted as files (`secret` or ' +
    '`projected` volumes, the Secrets Store CSI driver, Vault Agent templates) are not reported.',
  rationale:
    'An environment variable is readable in `/proc/<pid>/environ` by anything running as the same user, is ' +
    'inherited by every child process, and ends up in crash dumps, debug endpoints, error reports and logs that ' +
    'print the environment. A file can be read-only, readable by one user (`defaultMode: 0400`), and is ' +
    'updated in place when the Secret is rotated, where env vars keep the old value until the pod restarts.',
  remediation:
    'Mount the Secret as a volume (`secret.secretName`, `defaultMode: 0400`) and have the application read the ' +
    'file; most images accept a `*_FILE` variable pointing at it (`POSTGRES_PASSWORD_FILE`). With a secret manager, ' +
    'the Secrets Store CSI driver or the Vault Agent injector writes files directly.',
  references: [
    { framework: 'cis-k8s', control: '5.4.1' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    secretKeyRef: 'Container "{container}" gets key "{key}" of Secret "{secret}" as env var {variable}.',
    secretRef: 'Container "{container}" gets every key of Secret "{secret}" as env vars (envFrom).',
  },
  examples: {
    bad: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          env:
            - name: POSTGRES_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db-credentials
                  key: password
`,
    good: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          env:
            - name: POSTGRES_PASSWORD_FILE
              value: /var/run/secrets/db/password
          volumeMounts:
            - name: db-credentials
              mountPath: /var/run/secrets/db
              readOnly: true
      volumes:
        - name: db-credentials
          secret:
            secretName: db-credentials
            defaultMode: 0400
`,
  },
  check(obj, ctx) {
    for (const c of containersOf(obj)) {
      for (const ref of envSecretRefs(c)) {
        if (ref.from === 'secretRef') {
          ctx.report('secretRef', { container: c.name, secret: ref.secret }, ref.path);
        } else {
          ctx.report('secretKeyRef', {
            container: c.name, secret: ref.secret, key: ref.key ?? '', variable: safeLabel(ref.variable ?? '') ?? 'an unnamed variable',
          }, ref.path);
        }
      }
    }
  },
});
