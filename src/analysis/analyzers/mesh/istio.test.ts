/**
 * Istio semantics, one case per point, expected values written from the PeerAuthentication
 * reference, ComposePeerAuthentication and the injector's rules (see istio.ts).
 */
import { describe, expect, it } from 'vitest';
import { deploy, destinationRule, ns, peerAuth, service, setOf } from '../../../../test/fixtures/mtls/build.js';
import { analyzeMesh } from './index.js';
import type { MeshOptions, MeshResult, PortMode, WorkloadMtls } from './types.js';

type Obj = Record<string, unknown>;

function workload(result: MeshResult, name: string, namespace = 'shop'): WorkloadMtls {
  const w = result.workloads.find((x) => x.workload.name === name && x.workload.namespace === namespace);
  if (!w) throw new Error(`no workload ${namespace}/${name}`);
  return w;
}

/** `MODE by Kind ns/name (level)` or `MODE (default)`: what decided the mode of one port. */
function summary(p: PortMode): string {
  const d = p.decidedBy;
  return d ? `${p.mode} by ${d.ref.kind} ${d.ref.namespace}/${d.ref.name} (${d.level})` : `${p.mode} (default)`;
}

function portMode(w: WorkloadMtls, port: number, protocol = 'TCP'): PortMode {
  const p = w.ports.find((x) => x.port === port && x.protocol === protocol);
  if (!p) throw new Error(`no port ${port}/${protocol} on ${w.workload.name}`);
  return p;
}

const meshedNs = ns('shop', { 'istio-injection': 'enabled' });
const web = (o: Parameters<typeof deploy>[2] = {}) => deploy('shop', 'web', { ports: [{ name: 'http', containerPort: 8080 }], ...o });

describe('PeerAuthentication resolution', () => {
  const cases: { name: string; objects: Obj[]; options?: MeshOptions; expected: string; port?: number }[] = [
    { name: 'no policy: PERMISSIVE by default', objects: [meshedNs, web()], expected: 'PERMISSIVE (default)' },
    {
      name: 'mesh-wide policy in istio-system',
      objects: [meshedNs, web(), peerAuth('istio-system', 'default', { mode: 'STRICT' })],
      expected: 'STRICT by PeerAuthentication istio-system/default (mesh)',
    },
    {
      name: 'namespace policy overrides the mesh policy',
      objects: [meshedNs, web(), peerAuth('istio-system', 'default', { mode: 'STRICT' }), peerAuth('shop', 'default', { mode: 'PERMISSIVE' })],
      expected: 'PERMISSIVE by PeerAuthentication shop/default (namespace)',
    },
    {
      name: 'workload policy overrides the namespace policy',
      objects: [meshedNs, web(), peerAuth('shop', 'default', { mode: 'PERMISSIVE' }), peerAuth('shop', 'web', { selector: { app: 'web' }, mode: 'STRICT' })],
      expected: 'STRICT by PeerAuthentication shop/web (workload)',
    },
    {
      name: 'a workload policy whose selector does not match is ignored',
      objects: [meshedNs, web(), peerAuth('shop', 'default', { mode: 'STRICT' }), peerAuth('shop', 'db', { selector: { app: 'db' }, mode: 'DISABLE' })],
      expected: 'STRICT by PeerAuthentication shop/default (namespace)',
    },
    {
      name: 'workload UNSET inherits the namespace mode',
      objects: [meshedNs, web(), peerAuth('shop', 'default', { mode: 'DISABLE' }), peerAuth('shop', 'web', { selector: { app: 'web' }, mode: 'UNSET' })],
      expected: 'DISABLE by PeerAuthentication shop/default (namespace)',
    },
    {
      name: 'namespace policy without mtls inherits the mesh mode',
      objects: [meshedNs, web(), peerAuth('istio-system', 'default', { mode: 'STRICT' }), peerAuth('shop', 'default')],
      expected: 'STRICT by PeerAuthentication istio-system/default (mesh)',
    },
    {
      name: 'mesh UNSET means PERMISSIVE',
      objects: [meshedNs, web(), peerAuth('istio-system', 'default', { mode: 'UNSET' })],
      expected: 'PERMISSIVE (default)',
    },
    {
      name: 'a selector with empty matchLabels is namespace-wide',
      objects: [meshedNs, web(), peerAuth('shop', 'all', { selector: {}, mode: 'STRICT' })],
      expected: 'STRICT by PeerAuthentication shop/all (namespace)',
    },
    {
      name: 'a selector policy in the root namespace is ignored',
      objects: [meshedNs, web(), peerAuth('istio-system', 'web', { selector: { app: 'web' }, mode: 'STRICT' })],
      expected: 'PERMISSIVE (default)',
    },
    {
      name: 'the root namespace comes from the istio ConfigMap',
      objects: [
        meshedNs, web(),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: 'rootNamespace: istio-config\n' } },
        peerAuth('istio-config', 'default', { mode: 'STRICT' }),
        peerAuth('istio-system', 'default', { mode: 'DISABLE' }),
      ],
      expected: 'STRICT by PeerAuthentication istio-config/default (mesh)',
    },
    {
      name: 'the rootNamespace option wins over the input',
      objects: [meshedNs, web(), peerAuth('istio-system', 'default', { mode: 'STRICT' }), peerAuth('mesh-root', 'default', { mode: 'DISABLE' })],
      options: { rootNamespace: 'mesh-root' },
      expected: 'DISABLE by PeerAuthentication mesh-root/default (mesh)',
    },
    {
      name: 'two namespace policies: the oldest creationTimestamp wins, not the first name',
      objects: [
        meshedNs, web(),
        peerAuth('shop', 'a-newer', { mode: 'PERMISSIVE', created: '2024-05-02T00:00:00Z' }),
        peerAuth('shop', 'b-older', { mode: 'STRICT', created: '2024-05-01T00:00:00Z' }),
      ],
      expected: 'STRICT by PeerAuthentication shop/b-older (namespace)',
    },
    {
      name: 'two workload policies: the oldest wins',
      objects: [
        meshedNs, web(),
        peerAuth('shop', 'web-1', { selector: { app: 'web' }, mode: 'DISABLE', created: '2024-06-01T00:00:00Z' }),
        peerAuth('shop', 'web-2', { selector: { app: 'web' }, mode: 'STRICT', created: '2023-06-01T00:00:00Z' }),
      ],
      expected: 'STRICT by PeerAuthentication shop/web-2 (workload)',
    },
    {
      name: 'portLevelMtls overrides the workload mode on its port',
      objects: [meshedNs, web(), peerAuth('shop', 'web', { selector: { app: 'web' }, mode: 'STRICT', ports: { 8080: 'DISABLE' } })],
      port: 8080,
      expected: 'DISABLE by PeerAuthentication shop/web (port)',
    },
    {
      name: 'an UNSET port inherits the resolved workload mode',
      objects: [meshedNs, web(), peerAuth('shop', 'default', { mode: 'STRICT' }), peerAuth('shop', 'web', { selector: { app: 'web' }, ports: { 8080: 'UNSET' } })],
      port: 8080,
      expected: 'STRICT by PeerAuthentication shop/default (namespace)',
    },
    {
      name: 'portLevelMtls without a selector has no effect',
      objects: [meshedNs, web(), peerAuth('shop', 'default', { mode: 'STRICT', ports: { 8080: 'DISABLE' } })],
      port: 8080,
      expected: 'STRICT by PeerAuthentication shop/default (namespace)',
    },
    {
      name: 'portLevelMtls is keyed by the container port, not the Service port',
      objects: [
        meshedNs, web(), service('shop', 'web', [{ port: 80, targetPort: 'http' }]),
        peerAuth('shop', 'web', { selector: { app: 'web' }, mode: 'STRICT', ports: { 80: 'DISABLE' } }),
      ],
      port: 8080,
      expected: 'STRICT by PeerAuthentication shop/web (workload)',
    },
    {
      name: 'ambient reads DISABLE as PERMISSIVE',
      objects: [ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), web(), peerAuth('shop', 'default', { mode: 'DISABLE' })],
      expected: 'PERMISSIVE by PeerAuthentication shop/default (namespace)',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = workload(analyzeMesh(setOf(...c.objects), c.options), 'web');
      expect(summary(c.port !== undefined ? portMode(w, c.port) : w.defaultMode)).toBe(c.expected);
    });
  }

  it('in the root namespace itself, a policy without selector is the mesh policy and selector policies are still ignored', () => {
    const result = analyzeMesh(setOf(ns('istio-system', { 'istio-injection': 'enabled' }), deploy('istio-system', 'web'),
      peerAuth('istio-system', 'default', { mode: 'STRICT' }), peerAuth('istio-system', 'web', { selector: { app: 'web' }, mode: 'DISABLE' })));
    expect(summary(workload(result, 'web', 'istio-system').defaultMode)).toBe('STRICT by PeerAuthentication istio-system/default (mesh)');
  });

  it('without timestamps the first by name wins and the tie is called out', () => {
    const w = workload(analyzeMesh(setOf(meshedNs, web(), peerAuth('shop', 'zeta', { mode: 'DISABLE' }), peerAuth('shop', 'alpha', { mode: 'STRICT' }))), 'web');
    expect(summary(w.defaultMode)).toBe('STRICT by PeerAuthentication shop/alpha (namespace)');
    expect(w.defaultMode.decidedBy?.alsoMatched?.map((r) => r.name)).toEqual(['zeta']);
    expect(w.defaultMode.decidedBy?.ambiguous).toMatch(/^2 policies match at this level and the oldest wins/);
  });

  it('notes the policies Istio ignores', () => {
    const result = analyzeMesh(setOf(meshedNs, web(),
      peerAuth('istio-system', 'web', { selector: { app: 'web' }, mode: 'STRICT' }),
      peerAuth('shop', 'default', { mode: 'STRICT', ports: { 8080: 'DISABLE' } }),
      peerAuth('shop', 'typo', { selector: { app: 'x' }, mode: 'STRICTER' })));
    expect(result.notes).toEqual([
      'PeerAuthentication istio-system/web has a workload selector in the root namespace: Istio ignores such policies (istio.io PeerAuthentication reference).',
      'PeerAuthentication shop/default: portLevelMtls without a workload selector has no effect (Istio applies port-level settings only from workload-level policies).',
      'PeerAuthentication shop/typo: mode "STRICTER" is not one of UNSET, DISABLE, PERMISSIVE, STRICT (the API server rejects it); read as UNSET.',
    ]);
  });

  it('ports the sidecar does not intercept are DISABLE; UDP ports are NONE', () => {
    const w = workload(analyzeMesh(setOf(meshedNs, peerAuth('shop', 'default', { mode: 'STRICT' }), web({
      ports: [{ containerPort: 8080 }, { containerPort: 9090 }, { containerPort: 5353, protocol: 'UDP' }],
      annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '9090' },
    }))), 'web');
    expect(w.ports.map((p) => `${p.port}/${p.protocol} ${p.mode}`)).toEqual(['5353/UDP NONE', '8080/TCP STRICT', '9090/TCP DISABLE']);
    expect(portMode(w, 9090).decidedBy?.level).toBe('annotation');
  });

  it('includeInboundPorts limits capture to the listed ports', () => {
    const w = workload(analyzeMesh(setOf(meshedNs, peerAuth('shop', 'default', { mode: 'STRICT' }), web({
      ports: [{ containerPort: 8080 }, { containerPort: 9090 }],
      annotations: { 'traffic.sidecar.istio.io/includeInboundPorts': '8080' },
    }))), 'web');
    expect(w.ports.map((p) => `${p.port} ${p.mode}`)).toEqual(['8080 STRICT', '9090 DISABLE']);
  });
});

describe('Istio data plane', () => {
  const cases: { name: string; objects: Obj[]; dataplane: string; optOut?: string }[] = [
    { name: 'namespace istio-injection=enabled', objects: [meshedNs, web()], dataplane: 'istio-sidecar' },
    { name: 'namespace istio.io/rev', objects: [ns('shop', { 'istio.io/rev': 'canary' }), web()], dataplane: 'istio-sidecar' },
    {
      name: 'pod label sidecar.istio.io/inject=false opts out',
      objects: [meshedNs, web({ labels: { 'sidecar.istio.io/inject': 'false' } })],
      dataplane: 'none', optOut: 'istio: pod label sidecar.istio.io/inject="false"',
    },
    {
      name: 'pod annotation sidecar.istio.io/inject=false opts out',
      objects: [meshedNs, web({ annotations: { 'sidecar.istio.io/inject': 'false' } })],
      dataplane: 'none', optOut: 'istio: pod annotation sidecar.istio.io/inject="false"',
    },
    {
      name: 'the label wins over the annotation',
      objects: [meshedNs, web({ labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'sidecar.istio.io/inject': 'false' } })],
      dataplane: 'istio-sidecar',
    },
    {
      name: 'namespace istio-injection=disabled beats a pod label true',
      objects: [ns('shop', { 'istio-injection': 'disabled' }), web({ labels: { 'sidecar.istio.io/inject': 'true' } })],
      dataplane: 'none',
    },
    { name: 'pod label true in an unlabelled namespace', objects: [ns('shop'), web({ labels: { 'sidecar.istio.io/inject': 'true' } })], dataplane: 'istio-sidecar' },
    { name: 'a pod annotation true alone does not call the injector', objects: [ns('shop'), web({ annotations: { 'sidecar.istio.io/inject': 'true' } })], dataplane: 'none' },
    { name: 'pod label istio.io/rev in an unlabelled namespace', objects: [ns('shop'), web({ labels: { 'istio.io/rev': 'stable' } })], dataplane: 'istio-sidecar' },
    {
      name: 'hostNetwork pods are never injected',
      objects: [meshedNs, web({ hostNetwork: true })],
      dataplane: 'none', optOut: 'istio: hostNetwork pods are never injected',
    },
    { name: 'kube-system is never injected', objects: [ns('kube-system', { 'istio-injection': 'enabled' }), deploy('kube-system', 'web')], dataplane: 'none' },
    { name: 'namespace ambient label', objects: [ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), web()], dataplane: 'istio-ambient' },
    { name: 'pod ambient label', objects: [ns('shop'), web({ labels: { 'istio.io/dataplane-mode': 'ambient' } })], dataplane: 'istio-ambient' },
    {
      name: 'pod istio.io/dataplane-mode=none opts out of ambient',
      objects: [ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), web({ labels: { 'istio.io/dataplane-mode': 'none' } })],
      dataplane: 'none', optOut: 'istio-ambient: pod label istio.io/dataplane-mode=none',
    },
    {
      name: 'the sidecar takes precedence over ambient',
      objects: [ns('shop', { 'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient' }), web()],
      dataplane: 'istio-sidecar',
    },
    { name: 'an already injected pod counts as meshed', objects: [ns('shop'), web({ containers: ['main', 'istio-proxy'] })], dataplane: 'istio-sidecar' },
    {
      name: 'gateways are recognised',
      objects: [ns('gw'), deploy('gw', 'ingress', { labels: { istio: 'ingressgateway', 'sidecar.istio.io/inject': 'true' }, annotations: { 'inject.istio.io/templates': 'gateway' } })],
      dataplane: 'istio-gateway',
    },
    { name: 'namespace not in the input while Istio is configured: unknown', objects: [peerAuth('istio-system', 'default', { mode: 'STRICT' }), web()], dataplane: 'unknown' },
    { name: 'namespace not in the input and no mesh at all: none', objects: [web()], dataplane: 'none' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = analyzeMesh(setOf(...c.objects));
      const w = result.workloads[0]!;
      expect(w.dataplane.dataplane).toBe(c.dataplane);
      const opt = w.dataplane.optOut;
      expect(opt ? `${opt.mesh}: ${opt.reason}` : undefined).toBe(c.optOut);
    });
  }
});

describe('DestinationRule lookup (through the client TLS mode of hops)', () => {
  // Pure lookups are easier to read through the exported function.
  it('prefers the client namespace, then the service namespace, then the root namespace', async () => {
    const { lookupDestinationRule, parseDestinationRules } = await import('./istio.js');
    const notes: string[] = [];
    const rules = parseDestinationRules(setOf(
      destinationRule('istio-system', 'mesh', '*.svc.cluster.local', { mode: 'ISTIO_MUTUAL' }),
      destinationRule('shop', 'api', 'api', { mode: 'DISABLE' }),
      destinationRule('front', 'api', 'api.shop.svc.cluster.local', { mode: 'SIMPLE' }),
      destinationRule('other', 'api', 'api', { mode: 'MUTUAL' }),
    ), 'cluster.local', notes);
    const svc = { namespace: 'shop', fqdn: 'api.shop.svc.cluster.local', port: 80 };
    const mode = (client: string) => lookupDestinationRule(rules, 'istio-system', { namespace: client, labels: {} }, svc)?.tls?.mode;
    expect(mode('front')).toBe('SIMPLE'); // the client's own namespace first
    expect(mode('shop')).toBe('DISABLE');
    expect(mode('other')).toBe('DISABLE'); // `api` in other means api.other.svc.cluster.local: no match there
    expect(mode('istio-system')).toBe('ISTIO_MUTUAL');
    expect(notes).toEqual([]);
  });

  it('honours exportTo, port-level settings and workloadSelector', async () => {
    const { lookupDestinationRule, parseDestinationRules } = await import('./istio.js');
    const rules = parseDestinationRules(setOf(
      destinationRule('shop', 'private', 'api', { mode: 'DISABLE', exportTo: ['.'] }),
      destinationRule('shop', 'ports', 'api.shop.svc.cluster.local', { mode: 'ISTIO_MUTUAL', ports: { 9090: 'DISABLE', 9091: undefined }, exportTo: ['front'] }),
      destinationRule('front', 'selected', 'api.shop.svc.cluster.local', { mode: 'SIMPLE', workloadSelector: { app: 'legacy' } }),
    ), 'cluster.local', []);
    const at = (client: string, port: number, labels: Record<string, string> = {}) =>
      lookupDestinationRule(rules, 'istio-system', { namespace: client, labels }, { namespace: 'shop', fqdn: 'api.shop.svc.cluster.local', port });
    // `ports` is exported to front only, not even to its own namespace.
    expect(at('shop', 80)?.rule.object.name).toBe('private');
    expect(at('front', 9090)?.tls?.mode).toBe('DISABLE');
    expect(at('front', 9091)?.tls?.mode).toBe('ISTIO_MUTUAL'); // a port entry without tls inherits
    expect(at('front', 80, { app: 'legacy' })?.tls?.mode).toBe('SIMPLE');
    expect(at('elsewhere', 80)).toBeUndefined(); // neither rule is exported there
  });
});
