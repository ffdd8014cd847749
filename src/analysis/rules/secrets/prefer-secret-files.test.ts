import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './prefer-secret-files.js';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: a Secret mounted as a file, ConfigMaps in env`,
    yaml: inWorkload(kind, `
containers:
  - name: app
    image: app:1
    env:
      - name: DB_PASSWORD_FILE
        value: /var/run/secrets/db/password
      - name: MODE
        valueFrom:
          configMapKeyRef: { name: settings, key: mode }
    envFrom:
      - configMapRef: { name: settings }
    volumeMounts:
      - { name: db, mountPath: /var/run/secrets/db, readOnly: true }
volumes:
  - name: db
    secret: { secretName: db, defaultMode: 0400 }
`).yaml,
  });
  const w = inWorkload(kind, `
containers:
  - name: app
    image: app:1
    env:
      - name: DB_PASSWORD
        valueFrom:
          secretKeyRef:
            name: db
            key: password
`);
  invalid.push({
    name: `${kind}: a secretKeyRef`,
    yaml: w.yaml,
    findings: [{ messageId: 'secretKeyRef', line: w.line(7), column: w.column(11), data: { container: 'app', key: 'password', secret: 'db', variable: 'DB_PASSWORD' } }],
  });
}

valid.push({
  name: 'a CSI secrets-store volume and Vault Agent injection write files',
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
        vault.hashicorp.com/role: api
        vault.hashicorp.com/agent-inject-secret-db: secret/data/shop/db
    spec:
      containers:
        - name: api
          image: api:1
          volumeMounts:
            - { name: secrets, mountPath: /mnt/secrets, readOnly: true }
      volumes:
        - name: secrets
          csi:
            driver: secrets-store.csi.k8s.io
            readOnly: true
            volumeAttributes: { secretProviderClass: api }
`,
});

invalid.push({
  name: 'envFrom, in an init container and an ephemeral container, in manifest order',
  yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: migrate
      image: migrate:1
      envFrom:
        - configMapRef: { name: settings }
        - secretRef: { name: db-admin }
  containers:
    - name: app
      image: app:1
      env:
        - name: TOKEN
          valueFrom: { secretKeyRef: { name: api, key: token, optional: true } }
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      envFrom:
        - prefix: DB_
          secretRef: { name: db }
`,
  findings: [
    { messageId: 'secretRef', line: 10, column: 11, data: { container: 'migrate', secret: 'db-admin' }, path: 'spec.initContainers[0].envFrom[1].secretRef' },
    { messageId: 'secretKeyRef', line: 16, data: { container: 'app', key: 'token', secret: 'api', variable: 'TOKEN' } },
    { messageId: 'secretRef', line: 22, data: { container: 'debug', secret: 'db' } },
  ],
});

testRule(rule, { valid, invalid });
