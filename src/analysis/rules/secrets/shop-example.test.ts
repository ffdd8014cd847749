/**
 * The secrets rules on the README's shop example, through the loader, the engine and every
 * reporter: the first draft's findings, none for the hardened variant, and no credential of the
 * example in any output format.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scan, scanObjects } from '../../../index.js';
import { parseManifests } from '../../../sources/index.js';
import { isFileLocation, type ScanResult } from '../../../model/index.js';
import { OUTPUT_FORMATS, renderReport } from '../../../reporters/index.js';
import { leakedFragments } from '../../analyzers/secret-detection/index.js';
import { allRules } from '../index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const secretsRules = allRules.filter((r) => r.area === 'secrets');
const run = (dir: string): ScanResult => scan([dir], { cwd: ROOT, rules: secretsRules });
const lines = (r: ScanResult): string[] => r.findings.map((f) => `${f.ruleId} ${isFileLocation(f.location) ? `${f.location.file}:${f.location.line}` : '?'}`);

describe('the shop example', () => {
  it('insecure: the password in DATABASE_URL, the inline API key, the committed Secret, its env use and who can read it', () => {
    const r = run('examples/shop/insecure');
    expect(r.errors).toEqual([]);
    expect(lines(r)).toEqual([
      'no-credentials-in-env examples/shop/insecure/backend.yaml:28',
      'prefer-secret-files examples/shop/insecure/database.yaml:25',
      'no-broad-secret-read examples/shop/insecure/database.yaml:56',
      'no-committed-secret-data examples/shop/insecure/database.yaml:59',
      'no-credentials-in-env examples/shop/insecure/frontend.yaml:29',
    ]);
  });

  it('hardened: no secrets finding at all (ExternalSecret, files, no broad RBAC)', () => {
    const r = run('examples/shop/hardened');
    expect(r.errors).toEqual([]);
    expect(r.objects).toBeGreaterThan(0);
    expect(r.findings).toEqual([]);
  });

  it('no output format prints a credential of the example, encoded or not', () => {
    const r = run('examples/shop/insecure');
    const ctx = { rules: allRules, toolVersion: '0.0.0', color: false, failOn: 'high' as const };
    for (const format of OUTPUT_FORMATS) {
      const out = renderReport(format, r, ctx);
      expect(leakedFragments(out, ['hunter2', 'demo-7f3a9c2e1b5d4a60-not-a-real-key', 'aHVudGVyMg==', 'c2hvcA==']), format).toEqual([]);
    }
  });
});

describe('every secrets rule on every kind of credential', () => {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const rnd = (n: number, seed: number): string => Array.from({ length: n }, (_, i) => A[(i * 11 + seed) % A.length]).join('');
  const secrets = {
    password: 'Kx7pQ2mZ9w',
    github: `ghp_${rnd(36, 1)}`,
    aws: 'AKIAQWERTYUIOPASDFGH',
    awsSecret: rnd(40, 2),
    vault: `hvs.${rnd(90, 3)}`,
    key: [rnd(64, 4), rnd(64, 5), rnd(64, 6)].join('\n'),
    apiKey: `k-${rnd(30, 7)}`,
  };
  const b64 = (v: string): string => Buffer.from(v).toString('base64');
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${secrets.key}\n-----END RSA PRIVATE KEY-----\n`;
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  containers:
    - name: app
      image: app:1
      args: ["--password=${secrets.password}", "--token", "${secrets.github}"]
      env:
        - { name: DB_URL, value: "postgres://u:${secrets.password}@db/x" }
        - { name: AWS_ACCESS_KEY_ID, value: ${secrets.aws} }
        - { name: AWS_SECRET_ACCESS_KEY, value: ${secrets.awsSecret} }
        - { name: API_KEY, value: ${secrets.apiKey} }
        - { name: VAULT_ADDR, value: "http://vault.vault:8200" }
        - name: TOKEN
          valueFrom: { secretKeyRef: { name: tokens, key: github } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: c, namespace: shop }
data:
  app.properties: |
    db.password=${secrets.password}
    vault.token=${secrets.vault}
  tls.key: |
${pem.split('\n').map((l) => `    ${l}`).join('\n')}
binaryData:
  creds: ${b64(`aws_secret_access_key=${secrets.awsSecret}\n`)}
---
apiVersion: v1
kind: Secret
metadata: { name: tokens, namespace: shop }
data:
  github: ${b64(secrets.github)}
  key: ${b64(pem)}
stringData:
  password: ${secrets.password}
---
apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata: { name: vault }
spec:
  provider:
    vault:
      server: http://vault.vault:8200
      auth: { token: ${secrets.vault} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: all-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:authenticated" }
`;

  it('finds them in every rule, and no output format prints any piece of one', () => {
    const parsed = parseManifests(yaml, 'all.yaml');
    expect(parsed.errors).toEqual([]);
    const r = scanObjects(parsed.objects, { rules: secretsRules, files: ['all.yaml'] });
    expect(r.errors).toEqual([]);
    expect([...new Set(r.findings.map((f) => f.ruleId))].sort()).toEqual(secretsRules.map((x) => x.id).sort());
    const ctx = { rules: allRules, toolVersion: '0.0.0', color: false, failOn: 'high' as const };
    const values = [...Object.values(secrets), ...secrets.key.split('\n')];
    expect(leakedFragments(JSON.stringify(r.findings), values)).toEqual([]);
    for (const format of OUTPUT_FORMATS) expect(leakedFragments(renderReport(format, r, ctx), values), format).toEqual([]);
  });
});

