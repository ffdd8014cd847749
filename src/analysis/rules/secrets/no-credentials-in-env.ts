import { containersOf, isRecord, WORKLOAD_KINDS } from '../../../model/index.js';
import { assessCredential, safeLabel, scanText } from '../../analyzers/secret-detection/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-credentials-in-env',
  area: 'secrets',
  severity: 'high',
  title: 'Literal credentials in container environment variables',
  kinds: WORKLOAD_KINDS,
  description:
    'Reports `env[].value` entries of every container (init, regular and ephemeral) of every workload kind ' +
    'that hold a credential written into the manifest: a value whose format gives it away (a PEM private key, ' +
    'a URL with a password, a JSON Web Token, AWS, GitHub, GitLab, Slack, Stripe, Google, npm, PyPI, SendGrid, ' +
    'Docker Hub, Vault, OpenAI or Anthropic tokens, a connection string with a password) whatever the variable is ' +
    'called, or any literal value of a variable named like a secret (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, ' +
    '`*_API_KEY`, `*_PRIVATE_KEY`...). Names about a secret rather than the secret (`*_FILE`, `*_PATH`, `*_URL`, ' +
    '`*_NAME`, `*_ID`, `*_TTL`...) and values that stand for it (`$(VAR)`, `${VAR}`, `{{ ... }}`, `<changeme>`, ' +
    'empty, `vault:`/`arn:aws:secretsmanager:` references, SOPS-encrypted values) are not reported. Multi-part ' +
    'values such as `JAVA_OPTS` are read for `-Dkey=value` and `--flag=value` credentials. The value is never printed.',
  rationale:
    'A literal in `env` lives in Git history, in every rendered chart and CI log, and in the workload object, ' +
    'which the built-in `view` role and many monitoring tools may read although they cannot read Secrets. In the ' +
    'container it is in `/proc/<pid>/environ`, inherited by every child process and often printed by crash ' +
    'reporters and debug endpoints.',
  remediation:
    'Rotate the credential, then keep it out of the manifest: store it in a secret manager synced by External ' +
    'Secrets, the Secrets Store CSI driver or the Vault Agent injector (or at least a Secret created outside Git, ' +
    'or a Sealed Secret/SOPS file) and mount it as a file. When an env var is unavoidable, use ' +
    '`valueFrom.secretKeyRef`; to build a URL, compose it with `$(VAR)` from a Secret-backed variable.',
  references: [
    { framework: 'cis-k8s', control: '5.4.1' },
    { framework: 'cis-k8s', control: '5.4.2' },
    { framework: 'nsa-cisa', control: 'Secrets: store credentials in Secrets or an external vault, not in manifests' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    literal: 'Env var {variable} of container "{container}" holds a credential in the manifest ({what}).',
    embedded: 'Env var {variable} of container "{container}" holds a credential in the manifest ({what}, in "{key}").',
  },
  examples: {
    bad: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  namespace: shop
spec:
  selector:
    matchLabels: { app: backend }
  template:
    metadata:
      labels: { app: backend }
    spec:
      containers:
        - name: api
          image: ghcr.io/acme-shop/backend:2.8.0
          env:
            - name: DATABASE_URL
              value: postgres://shop:hunter2@db.shop.svc:5432/shop
`,
    good: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  namespace: shop
spec:
  selector:
    matchLabels: { app: backend }
  template:
    metadata:
      labels: { app: backend }
    spec:
      containers:
        - name: api
          image: ghcr.io/acme-shop/backend:2.8.0
          env:
            - name: DATABASE_PASSWORD_FILE
              value: /var/run/secrets/db/password
            - name: DATABASE_URL
              value: postgres://shop@db.shop.svc:5432/shop
          volumeMounts:
            - name: db-credentials
              mountPath: /var/run/secrets/db
              readOnly: true
      volumes:
        - name: db-credentials
          secret:
            secretName: db-credentials
`,
  },
  check(obj, ctx) {
    for (const c of containersOf(obj)) {
      const env = c.container.env;
      if (!Array.isArray(env)) continue;
      env.forEach((e, i) => {
        if (!isRecord(e)) return;
        const value = typeof e.value === 'string' ? e.value : typeof e.value === 'number' ? String(e.value) : undefined;
        if (value === undefined || value.trim() === '') return;
        const name = typeof e.name === 'string' ? e.name : '';
        const variable = safeLabel(name) ?? `env[${i}]`;
        const path = [...c.path, 'env', i, 'value'];
        const direct = assessCredential(name, value);
        if (direct) {
          ctx.report('literal', { variable, container: c.name, what: direct.what }, path);
          return;
        }
        // JAVA_OPTS, command-line style options, JSON blobs: a credential under an inner key.
        if (!/[\s=:]/.test(value)) return;
        const inner = scanText(value).find((m) => m.basis === 'name');
        if (inner) {
          const data = { variable, container: c.name, what: inner.what };
          if (inner.key !== undefined) ctx.report('embedded', { ...data, key: inner.key }, path);
          else ctx.report('literal', data, path);
        }
      });
    }
  },
});
