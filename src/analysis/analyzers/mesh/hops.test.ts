/**
 * How reachable connections are carried, one case per client/server combination, and the
 * DestinationRule conflicts. Expected values follow the rules written at the top of hops.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  deploy, destinationRule, ingressOnly, ns, peerAuth, service, setOf,
} from '../../../../test/fixtures/mtls/build.js';
import { computeReachability } from '../reachability/index.js';
import { analyzeMesh, classifyHops } from './index.js';

type Obj = Record<string, unknown>;

const sidecarNs = (name: string) => ns(name, { 'istio-injection': 'enabled' });
const api = (namespace = 'shop', o: Parameters<typeof deploy>[2] = {}) =>
  deploy(namespace, 'api', { ports: [{ name: 'http', containerPort: 8080 }], ...o });
const apiSvc = (namespace = 'shop') => service(namespace, 'api', [{ port: 80, targetPort: 'http' }]);
const web = (namespace = 'shop', o: Parameters<typeof deploy>[2] = {}) => deploy(namespace, 'web', o);

/** `status` or `status/cause` of the hop from `from` to `to` on `port` (namespace/name). */
function hopOf(objects: Obj[], from: string, to: string, port: number | undefined, protocol = 'TCP'): string {
  const set = setOf(...objects);
  const mesh = analyzeMesh(set);
  const hops = classifyHops(mesh, computeReachability(set));
  const h = hops.find((x) => `${x.from.workload.namespace}/${x.from.workload.name}` === from
    && `${x.to.workload.namespace}/${x.to.workload.name}` === to && x.port === port && x.protocol === protocol);
  if (!h) throw new Error(`no hop ${from} -> ${to}:${port}/${protocol}; have ${hops.map((x) => `${x.from.workload.name}->${x.to.workload.name}:${x.port}`).join(' ')}`);
  return h.cause ? `${h.status}/${h.cause.kind}${h.cause.kind === 'mtls-to-plaintext-port' ? (h.cause.autoMtls ? '+auto' : '') : ''}` : h.status;
}

describe('hop classification', () => {
  const strict = peerAuth('shop', 'default', { mode: 'STRICT' });
  const cases: { name: string; objects: Obj[]; from: string; to: string; port?: number; protocol?: string; expected: string }[] = [
    {
      name: 'sidecar to sidecar through a Service, STRICT: mTLS',
      objects: [sidecarNs('shop'), strict, web(), api(), apiSvc()], from: 'shop/web', to: 'shop/api', port: 8080, expected: 'mtls',
    },
    {
      name: 'a client without proxy to a STRICT server: refused',
      objects: [sidecarNs('shop'), ns('legacy'), strict, web('legacy'), api(), apiSvc()],
      from: 'legacy/web', to: 'shop/api', port: 8080, expected: 'fails/strict-refuses-plaintext',
    },
    {
      name: 'a client without proxy to a PERMISSIVE server: plaintext',
      objects: [sidecarNs('shop'), ns('legacy'), web('legacy'), api(), apiSvc()], from: 'legacy/web', to: 'shop/api', port: 8080, expected: 'plaintext',
    },
    {
      name: 'a sidecar to a pod without proxy: auto mTLS sends plaintext',
      objects: [sidecarNs('shop'), ns('legacy'), strict, web(), api('legacy'), apiSvc('legacy')], from: 'shop/web', to: 'legacy/api', port: 8080, expected: 'plaintext',
    },
    {
      name: 'DestinationRule DISABLE to a PERMISSIVE server: plaintext',
      objects: [sidecarNs('shop'), web(), api(), apiSvc(), destinationRule('shop', 'api', 'api', { mode: 'DISABLE' })],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'plaintext',
    },
    {
      name: 'DestinationRule DISABLE to a STRICT server: refused',
      objects: [sidecarNs('shop'), strict, web(), api(), apiSvc(), destinationRule('shop', 'api', 'api', { mode: 'DISABLE' })],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'fails/strict-refuses-plaintext',
    },
    {
      name: 'DestinationRule SIMPLE to a PERMISSIVE server: TLS outside the mesh',
      objects: [sidecarNs('shop'), web(), api(), apiSvc(), destinationRule('shop', 'api', 'api', { mode: 'SIMPLE' })],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'tls',
    },
    {
      name: 'DestinationRule SIMPLE to a STRICT server: refused',
      objects: [sidecarNs('shop'), strict, web(), api(), apiSvc(), destinationRule('shop', 'api', 'api', { mode: 'SIMPLE' })],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'fails/tls-to-strict',
    },
    {
      name: 'DestinationRule ISTIO_MUTUAL to a pod without proxy: fails',
      objects: [sidecarNs('shop'), ns('legacy'), web(), api('legacy'), apiSvc('legacy'), destinationRule('shop', 'api', 'api.legacy.svc.cluster.local', { mode: 'ISTIO_MUTUAL' })],
      from: 'shop/web', to: 'legacy/api', port: 8080, expected: 'fails/no-proxy',
    },
    {
      name: 'a DestinationRule port-level setting applies to its Service port only',
      objects: [sidecarNs('shop'), web(), api(), apiSvc(), destinationRule('shop', 'api', 'api', { ports: { 443: 'DISABLE' } })],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'mtls',
    },
    {
      name: 'workload-level DISABLE: auto mTLS does not see it and the connection fails',
      objects: [sidecarNs('shop'), strict, web(), api(), apiSvc(), peerAuth('shop', 'api', { selector: { app: 'api' }, mode: 'DISABLE' })],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'fails/mtls-to-plaintext-port+auto',
    },
    {
      name: 'workload-level DISABLE with a matching DestinationRule DISABLE: plaintext',
      objects: [sidecarNs('shop'), strict, web(), api(), apiSvc(), peerAuth('shop', 'api', { selector: { app: 'api' }, mode: 'DISABLE' }),
        destinationRule('shop', 'api', 'api', { mode: 'DISABLE' })],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'plaintext',
    },
    {
      name: 'namespace-wide DISABLE: auto mTLS sends plaintext',
      objects: [sidecarNs('shop'), peerAuth('shop', 'default', { mode: 'DISABLE' }), web(), api(), apiSvc()],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'plaintext',
    },
    {
      name: 'a port no Service covers goes out in plaintext (passthrough) and STRICT refuses it',
      objects: [sidecarNs('shop'), strict, web(), api()], from: 'shop/web', to: 'shop/api', port: 8080, expected: 'fails/strict-refuses-plaintext',
    },
    {
      name: 'an outbound port the client sidecar does not intercept',
      objects: [sidecarNs('shop'), web('shop', { annotations: { 'traffic.sidecar.istio.io/excludeOutboundPorts': '8080' } }), api(), apiSvc()],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'plaintext',
    },
    {
      name: 'UDP is not carried by the mesh',
      objects: [sidecarNs('shop'), web(), api('shop', { ports: [{ containerPort: 5353, protocol: 'UDP' }] })],
      from: 'shop/web', to: 'shop/api', port: 5353, protocol: 'UDP', expected: 'plaintext',
    },
    {
      name: 'ambient to ambient with HBONE allowed: mTLS',
      objects: [ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), strict, web(), api(), ingressOnly('shop', 'api', [8080, 15008])],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'mtls',
    },
    {
      name: 'ambient to ambient with HBONE blocked by NetworkPolicy: fails',
      objects: [ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), strict, web(), api(), ingressOnly('shop', 'api', [8080])],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'fails/hbone-blocked',
    },
    {
      name: 'ambient to a pod without proxy: plaintext',
      objects: [ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), ns('legacy'), web(), api('legacy')],
      from: 'shop/web', to: 'legacy/api', port: 8080, expected: 'plaintext',
    },
    {
      name: 'Linkerd to Linkerd: mTLS',
      objects: [ns('shop', {}, { 'linkerd.io/inject': 'enabled' }), web(), api()], from: 'shop/web', to: 'shop/api', port: 8080, expected: 'mtls',
    },
    {
      name: 'Linkerd skip-outbound-ports: plaintext',
      objects: [ns('shop', {}, { 'linkerd.io/inject': 'enabled' }), web('shop', { annotations: { 'config.linkerd.io/skip-outbound-ports': '8080' } }), api()],
      from: 'shop/web', to: 'shop/api', port: 8080, expected: 'plaintext',
    },
    {
      name: 'Linkerd to a pod outside the mesh: plaintext',
      objects: [ns('shop', {}, { 'linkerd.io/inject': 'enabled' }), ns('legacy'), web(), api('legacy')],
      from: 'shop/web', to: 'legacy/api', port: 8080, expected: 'plaintext',
    },
    {
      name: 'a namespace missing from the input: unknown',
      objects: [sidecarNs('shop'), web(), api('elsewhere')], from: 'shop/web', to: 'elsewhere/api', port: 8080, expected: 'unknown',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(hopOf(c.objects, c.from, c.to, c.port, c.protocol)).toBe(c.expected);
    });
  }

  it('one hop per destination port the connection allows, and "any port" without declared ports', () => {
    const set = setOf(sidecarNs('shop'), web(), api('shop', { ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }), ingressOnly('shop', 'api', [9090]));
    const hops = classifyHops(analyzeMesh(set), computeReachability(set));
    expect(hops.map((h) => `${h.from.workload.name}->${h.to.workload.name}:${h.port ?? '*'}`).sort()).toEqual([
      'api->api:9090', 'api->web:*', 'web->api:9090', 'web->web:*',
    ]);
  });
});

describe('Cilium', () => {
  const wireguard: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cilium-config', namespace: 'kube-system' }, data: { 'enable-wireguard': 'true' } };
  const mutualAuth: Obj = {
    apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'api', namespace: 'shop' },
    spec: {
      endpointSelector: { matchLabels: { app: 'api' } },
      ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:app': 'web' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }], authentication: { mode: 'required' } }],
    },
  };
  const base = [ns('shop'), web(), api()];
  it('WireGuard alone: encrypted, not mTLS', () => {
    expect(hopOf([...base, wireguard], 'shop/web', 'shop/api', 8080)).toBe('encrypted');
  });
  it('WireGuard and mutual authentication: mTLS', () => {
    expect(hopOf([...base, wireguard, mutualAuth], 'shop/web', 'shop/api', 8080)).toBe('mtls');
  });
  it('mutual authentication without encryption stays plaintext', () => {
    const set = setOf(...base, mutualAuth);
    const hop = classifyHops(analyzeMesh(set), computeReachability(set)).find((h) => h.from.workload.name === 'web' && h.to.workload.name === 'api')!;
    expect(hop.status).toBe('plaintext');
    expect(hop.ciliumAuth?.name).toBe('api');
    expect(hop.reason).toMatch(/Cilium authenticates the peers, but without WireGuard or IPsec the traffic itself is not encrypted$/);
  });
  it('a peer selector of a namespaced policy does not reach other namespaces', () => {
    const objects = [ns('shop'), ns('other'), web('other'), api(), wireguard, mutualAuth];
    expect(hopOf(objects, 'other/web', 'shop/api', 8080)).toBe('encrypted');
  });
});

describe('DestinationRule conflicts', () => {
  const conflicts = (objects: Obj[]) =>
    analyzeMesh(setOf(...objects)).conflicts.map((c) => `${c.effect} ${c.rule.namespace}/${c.rule.name} ${c.mode} -> ${c.server.workload.name}:${c.target.port}${c.subset ? ` [${c.subset}]` : ''}`);
  it('DISABLE to STRICT breaks, DISABLE to PERMISSIVE downgrades', () => {
    expect(conflicts([sidecarNs('shop'), peerAuth('shop', 'default', { mode: 'STRICT' }), api(), apiSvc(), destinationRule('shop', 'api', 'api', { mode: 'DISABLE' })]))
      .toEqual(['breaks shop/api DISABLE -> api:8080']);
    expect(conflicts([sidecarNs('shop'), api(), apiSvc(), destinationRule('shop', 'api', 'api', { mode: 'DISABLE' })]))
      .toEqual(['downgrades shop/api DISABLE -> api:8080']);
  });
  it('SIMPLE to STRICT breaks; ISTIO_MUTUAL to STRICT is fine', () => {
    const strict = [sidecarNs('shop'), peerAuth('shop', 'default', { mode: 'STRICT' }), api(), apiSvc()];
    expect(conflicts([...strict, destinationRule('shop', 'api', 'api', { mode: 'SIMPLE' })])).toEqual(['breaks shop/api SIMPLE -> api:8080']);
    expect(conflicts([...strict, destinationRule('shop', 'api', 'api', { mode: 'ISTIO_MUTUAL' })])).toEqual([]);
  });
  it('ISTIO_MUTUAL to a pod without proxy breaks; DISABLE there is right', () => {
    expect(conflicts([ns('legacy'), sidecarNs('shop'), api('legacy'), apiSvc('legacy'), destinationRule('shop', 'legacy-api', 'api.legacy.svc.cluster.local', { mode: 'ISTIO_MUTUAL' })]))
      .toEqual(['breaks shop/legacy-api ISTIO_MUTUAL -> api:8080']);
    expect(conflicts([ns('legacy'), sidecarNs('shop'), api('legacy'), apiSvc('legacy'), destinationRule('shop', 'legacy-api', 'api.legacy.svc.cluster.local', { mode: 'DISABLE' })]))
      .toEqual([]);
  });
  it('a subset setting concerns only the pods of the subset', () => {
    const objects = [
      sidecarNs('shop'), peerAuth('shop', 'default', { mode: 'STRICT' }),
      api('shop', { labels: { version: 'v1' } }), deploy('shop', 'api-v2', { labels: { app: 'api', version: 'v2' }, ports: [{ name: 'http', containerPort: 8080 }] }),
      apiSvc(), destinationRule('shop', 'api', 'api', { subsets: [{ name: 'v2', labels: { version: 'v2' }, mode: 'DISABLE' }] }),
    ];
    expect(conflicts(objects)).toEqual(['breaks shop/api DISABLE -> api-v2:8080 [v2]']);
  });
  it('a rule shadowed in its own namespace by a more specific one is not reported', () => {
    const objects = [
      sidecarNs('shop'), peerAuth('shop', 'default', { mode: 'STRICT' }), api(), apiSvc(),
      destinationRule('shop', 'everything', '*.shop.svc.cluster.local', { mode: 'DISABLE' }),
      destinationRule('shop', 'api', 'api', { mode: 'ISTIO_MUTUAL' }),
    ];
    expect(conflicts(objects)).toEqual([]);
  });
});
