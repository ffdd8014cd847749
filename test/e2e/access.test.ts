/**
 * The access commands end to end: who-can, can, kubeconfig, and the access rules of scan on the
 * shop example, through the built CLI.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCa } from '../helpers/client-certs.js';
import { kubeward, parseJsonReport, REPO, requireBuiltCli } from './run-cli.js';

let dir: string;
const ca = new TestCa();

const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secret-reader
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: app-read
  namespace: prod
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: secret-reader
subjects:
  - kind: ServiceAccount
    name: app
    namespace: prod
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: everyone-views
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: Group
    name: system:authenticated
`;

// Fake credentials: the test checks that none of their bytes reach any output.
const TOKEN = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"iss":"kubernetes/serviceaccount","sub":"system:serviceaccount:ci:deployer"}').toString('base64url')}.U0VDUkVULVNJR05BVFVSRS1CWVRFUw`;
const PASSWORD = 'pa55-w0rd-do-not-print';
const ENV_SECRET = 'env-secret-do-not-print';

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'kubeward-e2e-access-'));
  mkdirSync(path.join(dir, 'rbac'));
  writeFileSync(path.join(dir, 'rbac', 'rbac.yaml'), RBAC);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  ca.cleanup();
});

const run = (args: string[], env: Record<string, string> = {}) => kubeward(args, { cwd: dir, env });

describe('kubeward who-can', () => {
  it('answers with the documented JSON shape: a RoleBinding to a ClusterRole grants in its namespace', () => {
    const r = run(['who-can', 'get', 'secrets', '-n', 'prod', 'rbac', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      schemaVersion: 1, verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'prod',
      subjects: [{ kind: 'ServiceAccount', namespace: 'prod', name: 'app', via: [{ binding: 'RoleBinding/prod/app-read', role: 'ClusterRole/secret-reader' }] }],
    });
  });

  it('not in another namespace; groups are listed as groups (view, a Kubernetes default, lists pods)', () => {
    expect(JSON.parse(run(['who-can', 'get', 'secrets', '-n', 'staging', 'rbac', '-o', 'json']).stdout).subjects).toEqual([]);
    const pods = JSON.parse(run(['who-can', 'list', 'pods', '-n', 'staging', 'rbac', '-o', 'json']).stdout);
    expect(pods.subjects).toEqual([{ kind: 'Group', name: 'system:authenticated', via: [{ binding: 'ClusterRoleBinding/everyone-views', role: 'ClusterRole/view' }] }]);
  });

  it('text names the rule', () => {
    const r = run(['who-can', 'list', 'secrets', '--namespace=prod', 'rbac']);
    expect(r.stdout).toContain('Who can list secrets in namespace "prod":');
    expect(r.stdout).toContain('  ServiceAccount prod/app\n    RoleBinding/prod/app-read -> ClusterRole/secret-reader rules[0]\n');
  });

  it('the shop example: cluster-admin makes the backend able to do anything', () => {
    const r = kubeward(['who-can', 'create', 'pods/exec', '-n', 'kube-system', 'examples/shop/insecure', '-o', 'json'], { cwd: REPO });
    expect(JSON.parse(r.stdout).subjects).toEqual([
      { kind: 'ServiceAccount', namespace: 'shop', name: 'backend', via: [{ binding: 'ClusterRoleBinding/backend-admin', role: 'ClusterRole/cluster-admin' }] },
    ]);
    expect(JSON.parse(kubeward(['who-can', 'get', 'secrets', '-n', 'shop', 'examples/shop/hardened', '-o', 'json'], { cwd: REPO }).stdout).subjects).toEqual([]);
  });

  it('usage errors are one line and exit 2', () => {
    for (const args of [['who-can', 'get'], ['who-can', 'get', 'gizmos', 'rbac'], ['who-can', 'get', 'secrets', 'rbac', '-o', 'yaml']]) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^kubeward: /);
    }
  });

  it('unreadable input exits 2 with the answer still printed', () => {
    const r = run(['who-can', 'get', 'secrets', 'rbac', 'missing-folder']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('missing-folder');
  });
});

describe('kubeward can', () => {
  it('lists a ServiceAccount\'s rules per scope, with the groups it is in', () => {
    const r = run(['can', 'serviceaccount:prod:app', 'rbac', '-o', 'json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.user).toEqual({ name: 'system:serviceaccount:prod:app', groups: ['system:serviceaccounts', 'system:serviceaccounts:prod', 'system:authenticated'] });
    expect(report.scopes.map((s: { scope: string }) => s.scope)).toEqual(['*', 'prod']);
    expect(report.scopes[1].grants).toEqual([{
      binding: 'RoleBinding/prod/app-read', role: 'ClusterRole/secret-reader', ruleIndex: 0,
      via: { kind: 'ServiceAccount', namespace: 'prod', name: 'app' },
      rule: { verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'], resourceNames: [], nonResourceURLs: [] },
    }]);
    // Cluster-wide: view, through system:authenticated.
    expect(new Set(report.scopes[0].grants.map((g: { binding: string; via: { name: string } }) => `${g.binding} ${g.via.name}`))).toEqual(new Set(['ClusterRoleBinding/everyone-views system:authenticated']));
  });

  it('-n keeps cluster-wide permissions and that namespace', () => {
    const report = JSON.parse(run(['can', 'sa:prod:app', 'rbac', '-n', 'other', '-o', 'json']).stdout);
    expect(report.scopes.map((s: { scope: string }) => s.scope)).toEqual(['*']);
  });

  it('a group is asked only about what is bound to it', () => {
    const text = run(['can', 'group:devs', 'rbac']).stdout;
    expect(text).toContain('Permissions of Group devs');
    expect(text).toContain('no permissions granted');
  });

  it('rejects a subject it cannot read', () => {
    const r = run(['can', 'serviceaccount:app', 'rbac']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kubeward: "serviceaccount:app": a ServiceAccount is serviceaccount:NAMESPACE:NAME\n');
  });
});

describe('kubeward kubeconfig', () => {
  let kc: string;
  let secrets: string[];
  beforeAll(() => {
    const admin = ca.issue('/O=system:masters/CN=kubernetes-admin', 365);
    const short = ca.issue('/O=developers/CN=jane', 1);
    const kdir = path.join(dir, 'kube');
    mkdirSync(kdir);
    writeFileSync(path.join(kdir, 'jane.key'), short.keyPem);
    chmodSync(path.join(kdir, 'jane.key'), 0o600);
    kc = path.join(kdir, 'config');
    writeFileSync(kc, `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://prod.example.com:6443
      insecure-skip-tls-verify: true
users:
  - name: admin
    user:
      client-certificate-data: ${admin.certData}
      client-key-data: ${admin.keyData}
  - name: ci
    user:
      token: ${TOKEN}
  - name: legacy
    user:
      username: root
      password: ${PASSWORD}
  - name: jane
    user:
      client-certificate-data: ${short.certData}
      client-key: jane.key
  - name: cloud
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: aws
        env:
          - name: AWS_SECRET_ACCESS_KEY
            value: ${ENV_SECRET}
contexts: []
`);
    chmodSync(kc, 0o644);
    const keyBody = (pem: string) => pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    secrets = [TOKEN, TOKEN.split('.')[2]!, PASSWORD, ENV_SECRET, admin.keyData, keyBody(admin.keyPem).slice(0, 40), keyBody(short.keyPem).slice(0, 40)];
  });

  it('finds every credential problem, each at its line', () => {
    const r = run(['kubeconfig', kc, '-o', 'json']);
    expect(r.status).toBe(1);
    const report = parseJsonReport(r);
    expect(report.errors).toEqual([]);
    const keys = report.findings.map((f) => `${f.ruleId} ${'line' in f.location ? f.location.line : '?'}`);
    expect(keys).toEqual([
      'no-kubeconfig-insecure-tls 7',
      'no-long-lived-kubeconfig-certificates 11',
      'no-system-masters-certificates 11',
      'no-exposed-kubeconfig-credentials 12',
      'no-exposed-kubeconfig-credentials 12',
      'no-kubeconfig-static-tokens 15',
      'no-kubeconfig-basic-auth 19',
      'no-kubeconfig-exec-env-secrets 31',
    ]);
    expect(report.findings.find((f) => f.message.includes('mode 0644'))?.message)
      .toBe(`The kubeconfig ${path.relative(dir, kc)} holds credentials and has mode 0644: group or other users can read it.`);
  });

  it('never prints a credential, in any format', () => {
    for (const format of ['text', 'json', 'sarif', 'junit', 'markdown']) {
      const r = run(['kubeconfig', kc, '-o', format]);
      expect(r.status, format).toBe(1);
      for (const s of secrets) {
        expect(r.stdout, `${format} prints a credential`).not.toContain(s);
        expect(r.stderr).not.toContain(s);
      }
    }
  });

  it('reads $KUBECONFIG (colon-separated, missing entries skipped) and ~/.kube/config', () => {
    const viaEnv = parseJsonReport(run(['kubeconfig', '-o', 'json'], { KUBECONFIG: `${path.join(dir, 'nope')}:${kc}` }));
    expect(viaEnv.findings).toHaveLength(8);
    expect(viaEnv.notes.map((n) => n.message)).toEqual(['no such file; skipped, as kubectl does']);
    const home = path.join(dir, 'home');
    mkdirSync(path.join(home, '.kube'), { recursive: true });
    writeFileSync(path.join(home, '.kube', 'config'), 'apiVersion: v1\nkind: Config\nclusters:\n  - name: x\n    cluster:\n      server: http://127.0.0.1:8080\n');
    const viaHome = run(['kubeconfig', '-o', 'json'], { HOME: home, KUBECONFIG: '' });
    expect(parseJsonReport(viaHome).findings.map((f) => f.ruleId)).toEqual(['no-kubeconfig-plain-http']);
  });

  it('a clean kubeconfig exits 0; a missing one 2', () => {
    const clean = path.join(dir, 'clean-config');
    writeFileSync(clean, 'apiVersion: v1\nkind: Config\nclusters:\n  - name: x\n    cluster:\n      server: https://x:6443\nusers:\n  - name: sso\n    user:\n      exec:\n        apiVersion: client.authentication.k8s.io/v1\n        command: kubelogin\n');
    chmodSync(clean, 0o600);
    expect(run(['kubeconfig', clean]).status).toBe(0);
    const missing = run(['kubeconfig', path.join(dir, 'absent')]);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('cannot read kubeconfig: no such file');
  });
});

describe('kubeward scan: access rules on the shop example', () => {
  it('insecure: cluster-admin bound to the backend ServiceAccount', () => {
    const report = parseJsonReport(kubeward(['scan', 'examples/shop/insecure', '-o', 'json'], { cwd: REPO }));
    const access = report.findings.filter((f) => f.area === 'access');
    expect(access.map((f) => `${f.ruleId} ${'file' in f.location ? `${f.location.file}:${f.location.line}` : ''}`)).toEqual([
      'no-cluster-admin-binding examples/shop/insecure/backend.yaml:69',
    ]);
    expect(access[0]!.severity).toBe('critical');
  });

  it('hardened: no access finding at all', () => {
    const report = parseJsonReport(kubeward(['scan', 'examples/shop/hardened', '-o', 'json'], { cwd: REPO }));
    expect(report.findings.filter((f) => f.area === 'access')).toEqual([]);
  });
});
