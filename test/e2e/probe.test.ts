import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdTestsEnabled, freePort, makeTestPki, startEtcd, type RunningEtcd, type TestPki } from '../helpers/etcd.js';
import { kubeward, requireBuiltCli, type CliRun } from './run-cli.js';

// Throws (failing this file with the install hint) when etcd is missing, unless KUBEWARD_SKIP_ETCD=1.
const enabled = etcdTestsEnabled();

const CANARY = `CANARY-${randomBytes(8).toString('hex')}`;
const enc = (prefix: string) => Buffer.concat([Buffer.from(prefix, 'latin1'), randomBytes(48)]);
// 2 plaintext (protobuf, JSON) and 5 encrypted Secrets, as the API server would store them.
const SECRETS: Array<[string, Buffer]> = [
  ['/registry/secrets/default/a-db', Buffer.concat([Buffer.from('k8s\x00\n\x0c', 'latin1'), Buffer.from(`v1\x12\x06Secret password=${CANARY}`)])],
  ['/registry/secrets/default/b-api', Buffer.from(JSON.stringify({ kind: 'Secret', apiVersion: 'v1', stringData: { token: CANARY } }))],
  ['/registry/secrets/kube-system/c1', enc('k8s:enc:aescbc:v1:key1:')],
  ['/registry/secrets/kube-system/c2', enc('k8s:enc:aescbc:v1:key1:')],
  ['/registry/secrets/kube-system/c3', enc('k8s:enc:aescbc:v1:key2:')],
  ['/registry/secrets/prod/d1', enc('k8s:enc:kms:v2:vault:')],
  ['/registry/secrets/prod/d2', enc('k8s:enc:secretbox:v1:sb:')],
];

interface ProbeJson {
  schemaVersion: number;
  failOn: string;
  findings: { ruleId: string; severity: string; message: string; object: { kind: string; name: string }; location: { ref: string } }[];
  notAssessed: { area: string; ruleId?: string; reason: string }[];
  summary: { bySeverity: Record<string, number> };
  probe: { endpoint: string; checks: { check: string; accepted: boolean | string; detail: string }[] };
  secretsSample: { assessed: boolean; via?: string; sampled?: number; total?: number; byProvider?: Record<string, number>; byKeyName?: Record<string, Record<string, number>>; unencrypted?: string[]; reason?: string };
}

function json(run: CliRun): ProbeJson {
  try {
    return JSON.parse(run.stdout) as ProbeJson;
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
}

function expectNoValues(run: CliRun): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(Buffer.from(CANARY).toString('base64').slice(0, 16));
    for (const [, value] of SECRETS) expect(text).not.toContain(value.toString('base64').slice(0, 24));
  }
}

describe.skipIf(!enabled)('kubeward probe etcd, against a real etcd', () => {
  let pki: TestPki;
  let plain: RunningEtcd;
  let tlsOpen: RunningEtcd;
  let mtls: RunningEtcd;
  let cwd: string;
  const probe = (args: string[]) => kubeward(['probe', 'etcd', ...args], { cwd });

  beforeAll(async () => {
    requireBuiltCli();
    cwd = mkdtempSync(path.join(tmpdir(), 'kubeward-e2e-probe-'));
    pki = makeTestPki();
    [plain, tlsOpen, mtls] = await Promise.all([
      startEtcd(),
      startEtcd({ tls: { cert: pki.server.cert, key: pki.server.key, client: { ca: pki.ca.cert } } }),
      startEtcd({ tls: { cert: pki.server.cert, key: pki.server.key, clientCa: pki.ca.cert, client: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key } } }),
    ]);
    for (const etcd of [plain, tlsOpen, mtls]) for (const [k, v] of SECRETS) await etcd.put(k, v);
  });

  afterAll(async () => {
    await Promise.all([plain?.stop(), tlsOpen?.stop(), mtls?.stop()]);
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('plaintext etcd: plain HTTP accepted (critical), its Secrets read without credentials', () => {
    const r = probe(['--endpoint', plain.endpoint, '-o', 'json']);
    expect(r.status, r.stderr).toBe(1);
    const report = json(r);
    const endpoint = `http://127.0.0.1:${plain.port}`;
    expect(report.probe.checks.map((c) => [c.check, c.accepted])).toEqual([
      ['plaintext-http', true], ['tls-without-client-cert', false], ['foreign-ca-client-cert', false],
    ]);
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['etcd-probe-plaintext-http', 'critical'],
      ['etcd-probe-secrets-plaintext', 'high'],
    ]);
    expect(report.findings[0]).toMatchObject({
      message: 'etcd answered a range request over plain HTTP, without TLS or a client certificate.',
      object: { kind: 'EtcdEndpoint', name: endpoint },
      location: { ref: endpoint },
    });
    expect(report.findings[1]!.message).toBe(`2 of 7 sampled Secrets under /registry/secrets/ are stored unencrypted (1 protobuf, 1 json).`);
    expect(report.secretsSample).toEqual({
      assessed: true, via: 'plaintext-http', prefix: '/registry/secrets/', total: 7, sampled: 7,
      byProvider: { plaintext: 2, aescbc: 3, 'kms-v2': 1, secretbox: 1 },
      byKeyName: { aescbc: { key1: 2, key2: 1 }, 'kms-v2': { vault: 1 }, secretbox: { sb: 1 } },
      unencrypted: ['/registry/secrets/default/a-db', '/registry/secrets/default/b-api'],
    });
    expectNoValues(r);
  });

  it('TLS etcd without --client-cert-auth: no client certificate and a foreign CA both accepted (critical)', () => {
    const r = probe(['--endpoint', tlsOpen.endpoint, '--cacert', pki.ca.cert, '-o', 'json', '--sample', '3']);
    expect(r.status, r.stderr).toBe(1);
    const report = json(r);
    expect(report.probe.checks.map((c) => [c.check, c.accepted])).toEqual([
      ['plaintext-http', false], ['tls-without-client-cert', true], ['foreign-ca-client-cert', true],
    ]);
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['etcd-probe-no-client-cert', 'critical'],
      ['etcd-probe-foreign-ca', 'critical'],
      ['etcd-probe-secrets-plaintext', 'high'],
    ]);
    // The first 3 keys in etcd's order: the two plaintext ones and one aescbc.
    expect(report.secretsSample).toMatchObject({ via: 'tls', total: 7, sampled: 3, byProvider: { plaintext: 2, aescbc: 1 } });
    expectNoValues(r);
  });

  it('TLS etcd with --client-cert-auth: every door shut; with the client certificate, the sample is classified', () => {
    const r = probe(['--endpoint', mtls.endpoint, '--cacert', pki.ca.cert, '--cert', pki.client.cert, '--key', pki.client.key, '-o', 'json', '--sample', '40']);
    expect(r.status, r.stderr).toBe(1);
    const report = json(r);
    expect(report.probe.checks.map((c) => c.accepted)).toEqual([false, false, false]);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['etcd-probe-secrets-plaintext']);
    expect(report.secretsSample).toMatchObject({ via: 'client-cert', sampled: 7, byProvider: { plaintext: 2, aescbc: 3, 'kms-v2': 1, secretbox: 1 } });
    expect(report.notAssessed).toEqual([]);
    expectNoValues(r);
    // Only a high finding: it passes at --fail-on critical.
    expect(probe(['--endpoint', mtls.endpoint, '--cacert', pki.ca.cert, '--cert', pki.client.cert, '--key', pki.client.key, '--fail-on', 'critical']).status).toBe(0);
  });

  it('without credentials against client-cert-auth etcd: nothing to report, the sample not assessed', () => {
    const r = probe(['--endpoint', mtls.endpoint, '--cacert', pki.ca.cert, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const report = json(r);
    expect(report.findings).toEqual([]);
    expect(report.secretsSample.assessed).toBe(false);
    expect(report.notAssessed).toEqual([{ area: 'etcd', ruleId: 'etcd-probe-secrets-plaintext', reason: `Secrets not sampled: ${report.secretsSample.reason}` }]);
  });

  it('text output: the verdict of each check, the sample counts, then the findings like scan prints them', () => {
    const r = probe(['--endpoint', tlsOpen.endpoint, '--cacert', pki.ca.cert, '--cert', pki.client.cert, '--key', pki.client.key]);
    expect(r.status).toBe(1);
    const endpoint = `https://127.0.0.1:${tlsOpen.port}`;
    expect(r.stdout).toContain(`etcd probe of ${endpoint}\n`);
    expect(r.stdout).toContain('  plain HTTP: refused (');
    expect(r.stdout).toContain('  TLS without a client certificate: ACCEPTED (');
    expect(r.stdout).toContain(`  Secrets: 7 sampled of 7 under /registry/secrets/ (read via client-cert): plaintext 2, aescbc 3 (key1: 2, key2: 1), kms-v2 1 (vault: 1), secretbox 1 (sb: 1)\n`);
    expect(r.stdout).toContain(`${endpoint} critical etcd-probe-no-client-cert`);
    expect(r.stdout).toMatch(/FAIL: 3 findings at or above high\n$/);
    expectNoValues(r);
  });

  describe('errors: exit 2 with one line, never a stack trace', () => {
    it('refuses to send credentials over plain HTTP', () => {
      const r = probe(['--endpoint', plain.endpoint, '--cert', pki.client.cert, '--key', pki.client.key]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`kubeward: probe of ${plain.endpoint} failed: refusing to use a client certificate and key with http://127.0.0.1:${plain.port}: plain http:// has no TLS; use https://\n`);
    });

    it('connection refused', async () => {
      const port = await freePort();
      const r = probe(['--endpoint', `https://127.0.0.1:${port}`]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^kubeward: probe of https://127.0.0.1:${port} failed: connection refused by 127\\.0\\.0\\.1:${port}.*\\n$`));
    });

    it('a server certificate from another CA', () => {
      const r = probe(['--endpoint', mtls.endpoint, '--cacert', pki.rogueCa.cert, '--cert', pki.client.cert, '--key', pki.client.key]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`kubeward: probe of ${mtls.endpoint} failed: the server certificate of 127.0.0.1:${mtls.port} is not signed by the given CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE)\n`);
    });

    it.each([
      [[], 'kubeward: probe etcd needs --endpoint URL (https://host:2379)\n'],
      [['--endpoint', 'ftp://x'], 'kubeward: endpoint "ftp://x" must start with https:// or http://\n'],
      [['--endpoint', 'https://127.0.0.1:2379', '--cert', '/c.crt'], 'kubeward: give --cert and --key together, or neither\n'],
      [['--endpoint', 'https://127.0.0.1:2379', '--sample=-1'], 'kubeward: --sample must be a whole number >= 0 (got "-1")\n'],
      [['--endpoint', 'https://127.0.0.1:2379', '--cacert', '/no/such/ca.crt'], 'kubeward: cannot read the CA certificate file "/no/such/ca.crt": no such file\n'],
    ])('usage: %j', (args, stderr) => {
      const r = probe(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(stderr);
    });
  });
});
