/**
 * `kubeward mtls` on the fixture cluster of test/fixtures/mtls/istio-cluster.yaml and on the shop
 * example. Expected values come from reading the manifests (see the comments in the fixture).
 */
import { describe, expect, it } from 'vitest';
import type { MtlsReport } from '../../model/mtls.js';
import type { CliIo } from '../io.js';
import { mtlsCommand } from './mtls.js';
import { REPO_ROOT } from '../../../test/helpers/repo.js';

const ROOT = REPO_ROOT;
const FIXTURE = 'test/fixtures/mtls/istio-cluster.yaml';

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    argv: args, env: {}, cwd: ROOT, stdoutIsTTY: false,
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: async () => Buffer.from(''),
  };
  const status = await mtlsCommand(args, io);
  return { status, stdout, stderr };
}

async function report(args: string[]): Promise<MtlsReport> {
  const r = await run([...args, '-o', 'json']);
  return JSON.parse(r.stdout) as MtlsReport;
}

describe('kubeward mtls on an Istio cluster', () => {
  it('reads the root namespace from the istio ConfigMap and resolves every port', async () => {
    const r = await report([FIXTURE]);
    expect(r.istio).toEqual({ rootNamespace: 'istio-config', rootNamespaceSource: 'ConfigMap istio-system/istio', autoMtls: true });
    expect(r.meshes).toEqual({ istio: true, linkerd: false, ciliumMutualAuth: false });
    const modes = r.workloads.map((w) => `${w.namespace}/${w.name} ${w.dataplane} ${w.ports.map((p) => `${p.port}:${p.mode}`).join(' ')}`);
    expect(modes).toEqual([
      'legacy/batch none ',
      'legacy/reports none 8080:NONE',
      'payments/api istio-sidecar 8080:STRICT',
      'payments/ledger istio-sidecar 7000:STRICT 9090:PERMISSIVE',
    ]);
    const ledger = r.workloads.find((w) => w.name === 'ledger')!;
    expect(ledger.ports[0]!.decidedBy).toMatchObject({ kind: 'PeerAuthentication', namespace: 'istio-config', name: 'default', level: 'mesh', path: 'spec.mtls.mode', file: FIXTURE, line: 21 });
    expect(ledger.ports[1]!.decidedBy).toMatchObject({ namespace: 'payments', name: 'ledger', level: 'port', path: 'spec.portLevelMtls["9090"].mode', line: 46 });
    expect(ledger.ports[1]!.name).toBe('metrics');
  });

  it('classifies every reachable hop', async () => {
    const r = await report([FIXTURE]);
    expect(r.hops.map((h) => `${h.from.name} -> ${h.to.name}:${h.port ?? '*'} ${h.status}${h.service ? ` via ${h.service.name}:${h.service.port}` : ''}`)).toEqual([
      'batch -> ledger:7000 fails via ledger:7000',
      'batch -> ledger:9090 plaintext',
      'reports -> ledger:7000 fails via ledger:7000',
      'reports -> ledger:9090 plaintext',
      'api -> batch:* plaintext',
      'api -> reports:8080 plaintext via reports:80',
      'api -> ledger:7000 mtls via ledger:7000',
      'ledger -> batch:* plaintext',
      'ledger -> reports:8080 plaintext via reports:80',
    ]);
    expect(r.summary.hops).toEqual({ mtls: 1, tls: 0, encrypted: 0, plaintext: 6, fails: 2, unknown: 0 });
    const toReports = r.hops.find((h) => h.from.name === 'api' && h.to.name === 'reports')!;
    expect(toReports.destinationRule).toMatchObject({ namespace: 'payments', name: 'reports', mode: 'DISABLE', path: 'spec.trafficPolicy.tls.mode' });
  });

  it('reports the DestinationRule that breaks mTLS', async () => {
    const r = await report([FIXTURE]);
    expect(r.conflicts).toEqual([{
      destinationRule: { kind: 'DestinationRule', namespace: 'legacy', name: 'ledger', path: 'spec.trafficPolicy.tls.mode', file: FIXTURE, line: 193 },
      mode: 'SIMPLE', host: 'ledger.payments.svc.cluster.local',
      service: { namespace: 'payments', name: 'ledger', port: 7000 },
      server: { kind: 'Deployment', namespace: 'payments', name: 'ledger' },
      targetPort: 7000, serverMode: 'STRICT', effect: 'breaks',
      reason: 'clients originate TLS with certificates outside the mesh, but the server accepts only mesh mTLS on 7000/TCP ' +
        '(mesh-wide PeerAuthentication istio-config/default sets STRICT; workload PeerAuthentication payments/ledger leaves the mode UNSET (UNSET inherits))',
    }]);
  });

  it('exits 1 on plaintext hops or conflicts, and the text output lists them', async () => {
    const r = await run([FIXTURE]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Mesh: Istio (root namespace istio-config from ConfigMap istio-system/istio; auto mTLS on)');
    expect(r.stdout).toContain(`  9090/TCP (metrics)  PERMISSIVE portLevelMtls 9090 of PeerAuthentication payments/ledger sets PERMISSIVE  (${FIXTURE}:46)`);
    expect(r.stdout).toContain('  plaintext Deployment payments/api -> Deployment legacy/reports 8080/TCP via Service reports:80\n' +
      '            DestinationRule payments/reports sets tls.mode DISABLE; the server has no mesh proxy\n');
    expect(r.stdout).not.toContain('mtls      Deployment payments/api -> Deployment payments/ledger');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('4 workloads (2 meshed); 9 reachable hops (1 mtls, 6 plaintext, 2 fails); 1 DestinationRule conflicts.');
    expect((await run([FIXTURE, '--hops', 'all'])).stdout).toContain('  mtls      Deployment payments/api -> Deployment payments/ledger 7000/TCP via Service ledger:7000\n');
  });

  it('--root-namespace overrides the mesh configuration', async () => {
    const r = await report([FIXTURE, '--root-namespace', 'istio-system']);
    expect(r.istio.rootNamespaceSource).toBe('option rootNamespace');
    // istio-config/default is now a namespace policy of istio-config: payments falls back to PERMISSIVE.
    expect(r.workloads.find((w) => w.name === 'api')!.ports[0]).toMatchObject({ port: 8080, mode: 'PERMISSIVE' });
  });

  it('--no-auto-mtls: clients without a DestinationRule send plaintext', async () => {
    const r = await report([FIXTURE, '--no-auto-mtls']);
    expect(r.hops.find((h) => h.from.name === 'api' && h.to.name === 'ledger')).toMatchObject({ status: 'fails', mode: 'STRICT' });
  });
});

describe('kubeward mtls on Linkerd with Cilium', () => {
  const LINKERD = 'test/fixtures/mtls/linkerd-cilium.yaml';
  it('resolves Linkerd modes and credits Cilium mutual authentication over WireGuard', async () => {
    const r = await report([LINKERD]);
    expect(r.meshes).toEqual({ istio: false, linkerd: true, ciliumEncryption: 'wireguard', ciliumMutualAuth: true });
    expect(r.workloads.map((w) => `${w.namespace}/${w.name} ${w.dataplane} ${w.ports.map((p) => `${p.port}:${p.mode}`).join(' ')}`)).toEqual([
      'batch/exporter none ',
      'shop/api linkerd 8080:STRICT 9100:DISABLE',
      'shop/web linkerd 8080:STRICT',
    ]);
    expect(r.hops.map((h) => `${h.from.name} -> ${h.to.name}:${h.port} ${h.status}`)).toEqual(['exporter -> api:9100 mtls', 'web -> api:8080 mtls']);
    const exporter = r.hops[0]!;
    expect(exporter.reason).toBe('the client has no mesh proxy; the server accepts plaintext (DISABLE: the Linkerd proxy skips inbound port 9100 ' +
      '(config.linkerd.io/skip-inbound-ports): connections bypass it in plaintext); Cilium requires mutual authentication for this flow and WireGuard encrypts it between nodes');
    expect(exporter.ciliumAuth).toMatchObject({ kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'api-from-exporter', path: 'spec.ingress[0].authentication.mode' });
    expect((await run([LINKERD])).status).toBe(0);
  });
});

describe('kubeward mtls on the shop example', () => {
  it('hardened: everything in mTLS, exit 0', async () => {
    const r = await run(['examples/shop/hardened']);
    expect(r.status).toBe(0);
    const json = await report(['examples/shop/hardened']);
    expect(json.summary).toEqual({ workloads: 3, meshed: 3, hops: { mtls: 2, tls: 0, encrypted: 0, plaintext: 0, fails: 0, unknown: 0 }, conflicts: 0 });
  });

  it('insecure: no mesh, every hop plaintext, exit 1', async () => {
    const r = await run(['examples/shop/insecure']);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('Mesh: none found in the input: all pod-to-pod traffic is plaintext');
    const json = await report(['examples/shop/insecure']);
    expect(json.summary.meshed).toBe(0);
    expect(json.summary.hops.plaintext).toBe(json.hops.length);
  });
});

describe('kubeward mtls usage', () => {
  it('--help', async () => {
    const r = await run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: kubeward mtls \[paths\.\.\.\]/);
  });
  it('rejects a bad output format and a bad namespace name with a usage error', async () => {
    await expect(run([FIXTURE, '-o', 'yaml'])).rejects.toThrow('--output must be one of text, json (got "yaml")');
    await expect(run([FIXTURE, '--root-namespace', 'Istio_System'])).rejects.toThrow('--root-namespace: "Istio_System" is not a namespace name');
  });
  it('an unreadable path exits 2', async () => {
    const r = await run(['does/not/exist.yaml', '-o', 'json']);
    expect(r.status).toBe(2);
    expect((JSON.parse(r.stdout) as MtlsReport).errors.length).toBe(1);
  });
});
