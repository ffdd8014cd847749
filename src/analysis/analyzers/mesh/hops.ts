/**
 * How each reachable connection is carried, from the client's proxy (what it sends) and the
 * server's (what it accepts).
 *
 * Client side:
 * - No proxy: plaintext.
 * - Istio sidecar: through a Service port, the DestinationRule the client uses (client's
 *   namespace, then the Service's, then the root namespace) decides: ISTIO_MUTUAL sends mTLS,
 *   DISABLE plaintext, SIMPLE/MUTUAL TLS with certificates outside the mesh; without a TLS
 *   setting, auto mTLS sends mTLS to pods with an Istio proxy unless the destination namespace's
 *   (or the mesh's) PeerAuthentication is DISABLE, which is all istiod looks at for the hint
 *   (`BestEffortInferServiceMTLSMode` ignores workload- and port-level policies). Connections to
 *   a pod port no Service covers leave through the passthrough cluster, in plaintext. Ports in
 *   `traffic.sidecar.istio.io/excludeOutboundPorts` bypass the sidecar.
 * - Istio ambient: ztunnel sends HBONE mTLS to pods with an Istio proxy (which then needs TCP
 *   15008 open to the destination in NetworkPolicy) and plaintext to the others.
 * - Linkerd: mTLS to meshed Linkerd pods, plaintext to the rest and on skipped ports.
 * Server side: STRICT refuses plaintext; DISABLE (or an uncaptured port) expects plaintext and
 * fails on mTLS; a pod without a proxy cannot accept mesh mTLS. Plaintext between nodes counts
 * as `encrypted` under Cilium WireGuard/IPsec, and as mTLS when a CiliumNetworkPolicy also
 * requires mutual authentication for the flow.
 */
import { portSetJsonAllows, type PortSetJson, type Protocol, type ReachabilityResult } from '../reachability/index.js';
import { inPortList, parsePortList } from './common.js';
import { autoMtlsHint, lookupDestinationRule } from './istio.js';
import { linkerdSkipped } from './linkerd.js';
import { meshContext, type MeshContext, type WorkloadDetail } from './context.js';
import type { Hop, HopFailure, HopStatus, MeshResult, PortMode } from './types.js';

/** What the client side puts on the wire. */
type Sent =
  | { kind: 'plain'; reason: string }
  | { kind: 'istio-mtls'; reason: string; auto: boolean; hbone: boolean }
  | { kind: 'linkerd-mtls'; reason: string }
  | { kind: 'tls'; reason: string };

const ISTIO_DP: ReadonlySet<string> = new Set(['istio-sidecar', 'istio-ambient', 'istio-gateway']);
const HBONE_PORT = 15008;

/** How bad a status is, to pick the worst of several Service routes. */
const BADNESS: Record<HopStatus, number> = { fails: 5, plaintext: 4, encrypted: 3, tls: 2, unknown: 1, mtls: 0 };

function hasTcp(allowed: PortSetJson): boolean {
  return allowed.all || (allowed.protocols.TCP?.length ?? 0) > 0;
}

function clientSends(
  ctx: MeshContext, s: WorkloadDetail, d: WorkloadDetail, port: number | undefined, route: WorkloadDetail['routes'][number] | undefined,
): { sent: Sent; rule?: Hop['destinationRule'] } {
  const sdp = s.mtls.dataplane.dataplane;
  const ddp = d.mtls.dataplane.dataplane;
  const destIstio = ISTIO_DP.has(ddp);
  if (sdp === 'none') return { sent: { kind: 'plain', reason: 'the client has no mesh proxy' } };
  if (sdp === 'linkerd') {
    if (port !== undefined && linkerdSkipped(s.meta, s.ns, 'outbound', port)) {
      return { sent: { kind: 'plain', reason: `the client's Linkerd proxy skips outbound port ${port} (config.linkerd.io/skip-outbound-ports)` } };
    }
    if (ddp !== 'linkerd') return { sent: { kind: 'plain', reason: 'Linkerd sends plaintext to pods outside its mesh' } };
    if (port !== undefined && linkerdSkipped(d.meta, d.ns, 'inbound', port)) {
      return { sent: { kind: 'plain', reason: `the server's Linkerd proxy skips inbound port ${port}, so the connection is not upgraded to mTLS` } };
    }
    return { sent: { kind: 'linkerd-mtls', reason: 'both sides run the Linkerd proxy' } };
  }
  if (sdp === 'istio-ambient') {
    if (!destIstio) return { sent: { kind: 'plain', reason: 'ztunnel sends plaintext to pods without an Istio proxy' } };
    return { sent: { kind: 'istio-mtls', reason: 'ztunnel tunnels it over HBONE (mTLS)', auto: true, hbone: true } };
  }
  // Istio sidecar or gateway.
  const excluded = port !== undefined && inPortList(parsePortList(s.meta.annotations['traffic.sidecar.istio.io/excludeOutboundPorts']), port);
  if (excluded) return { sent: { kind: 'plain', reason: `the client's sidecar does not intercept outbound port ${port} (traffic.sidecar.istio.io/excludeOutboundPorts)` } };
  if (!route) {
    if (!destIstio) return { sent: { kind: 'plain', reason: 'the sidecar sends plaintext to pods without an Istio proxy' } };
    return { sent: { kind: 'plain', reason: `no Service covers ${port === undefined ? 'the destination port' : `port ${port}`}: the sidecar forwards connections to such pod addresses in plaintext (passthrough)` } };
  }
  const svc = route.service;
  const fqdn = `${svc.name}.${svc.namespace}.svc.${ctx.clusterDomain}`;
  const used = lookupDestinationRule(ctx.rules, ctx.rootNamespace, { namespace: s.mtls.workload.namespace, labels: s.mtls.workload.labels },
    { namespace: svc.namespace, fqdn, port: route.port.port });
  const ruleName = used ? `DestinationRule ${used.rule.namespace}/${used.rule.object.name}` : '';
  const hbone = ddp === 'istio-ambient';
  if (used?.tls) {
    const rule: Hop['destinationRule'] = { ref: { kind: 'DestinationRule', namespace: used.rule.namespace, name: used.rule.object.name, object: used.rule.object, path: used.tls.path }, mode: used.tls.mode };
    switch (used.tls.mode) {
      case 'ISTIO_MUTUAL': return { sent: { kind: 'istio-mtls', reason: `${ruleName} sets tls.mode ISTIO_MUTUAL`, auto: false, hbone }, rule };
      case 'DISABLE': return { sent: { kind: 'plain', reason: `${ruleName} sets tls.mode DISABLE` }, rule };
      default: return { sent: { kind: 'tls', reason: `${ruleName} sets tls.mode ${used.tls.mode} (TLS with certificates outside the mesh)` }, rule };
    }
  }
  if (!ctx.autoMtls) return { sent: { kind: 'plain', reason: `auto mTLS is off and ${used ? `${ruleName} sets no tls.mode` : 'no DestinationRule sets ISTIO_MUTUAL'}` } };
  if (!destIstio) return { sent: { kind: 'plain', reason: 'auto mTLS sends plaintext to pods without an Istio proxy' } };
  const hint = autoMtlsHint(ctx.paIndex, d.mtls.workload.namespace);
  if (hint === 'DISABLE') {
    return { sent: { kind: 'plain', reason: `auto mTLS sends plaintext: the namespace- or mesh-wide PeerAuthentication for ${d.mtls.workload.namespace} is DISABLE` } };
  }
  return { sent: { kind: 'istio-mtls', reason: 'auto mTLS sends mTLS to pods with an Istio proxy', auto: true, hbone } };
}

function serverAccepts(d: WorkloadDetail, target: PortMode, sent: Sent, allowed: PortSetJson): { status: HopStatus; reason: string; cause?: HopFailure } {
  const ddp = d.mtls.dataplane.dataplane;
  const m = target.mode;
  switch (sent.kind) {
    case 'plain':
      if (m === 'STRICT') return { status: 'fails', reason: `the server accepts only mTLS here (${target.reason})`, cause: { kind: 'strict-refuses-plaintext' } };
      if (ddp === 'none') return { status: 'plaintext', reason: 'the server has no mesh proxy' };
      return { status: 'plaintext', reason: `the server accepts plaintext (${m}: ${target.reason})` };
    case 'istio-mtls':
      if (ddp === 'none') return { status: 'fails', reason: 'the server has no mesh proxy to accept Istio mTLS', cause: { kind: 'no-proxy' } };
      if (ddp === 'linkerd') return { status: 'fails', reason: 'the server\'s Linkerd proxy cannot accept Istio mTLS', cause: { kind: 'no-proxy' } };
      if (m === 'DISABLE') {
        return {
          status: 'fails',
          reason: `the server expects plaintext on this port (${target.reason})${sent.auto ? '; auto mTLS cannot see workload- or port-level DISABLE: a DestinationRule with tls.mode DISABLE for the port is needed' : ''}`,
          cause: { kind: 'mtls-to-plaintext-port', autoMtls: sent.auto },
        };
      }
      if (sent.hbone && !portSetJsonAllows(allowed, 'TCP', HBONE_PORT)) {
        return { status: 'fails', reason: `HBONE arrives on TCP ${HBONE_PORT}, which NetworkPolicy does not allow to the server`, cause: { kind: 'hbone-blocked' } };
      }
      return { status: 'mtls', reason: `the server accepts mTLS (${m})` };
    case 'linkerd-mtls':
      return { status: 'mtls', reason: `the server's Linkerd proxy terminates it (${m})` };
    case 'tls':
      if (m === 'STRICT') return { status: 'fails', reason: `the server accepts only mesh mTLS here (${target.reason})`, cause: { kind: 'tls-to-strict' } };
      return { status: 'tls', reason: 'the server application must terminate that TLS itself' };
  }
}

function classify(
  ctx: MeshContext, s: WorkloadDetail, d: WorkloadDetail, target: PortMode, allowed: PortSetJson,
): Omit<Hop, 'from' | 'to' | 'port' | 'protocol' | 'target'> {
  const sdp = s.mtls.dataplane.dataplane;
  const ddp = d.mtls.dataplane.dataplane;
  if (sdp === 'unknown' || ddp === 'unknown') {
    const who = sdp === 'unknown' ? s : d;
    return { status: 'unknown', reason: `${who.mtls.workload.kind} ${who.mtls.workload.namespace}/${who.mtls.workload.name}: ${who.mtls.dataplane.reason}` };
  }
  let best: Omit<Hop, 'from' | 'to' | 'port' | 'protocol' | 'target'> | undefined;
  if (target.protocol !== 'TCP') {
    best = { status: 'plaintext', reason: `mesh proxies carry TCP only: ${target.protocol} traffic is sent as is` };
  } else {
    const routes = target.port === undefined ? [] : d.routes.filter((r) => r.target === target.port && r.port.protocol === 'TCP');
    const options = routes.length > 0 ? routes : [undefined];
    for (const route of options) {
      const { sent, rule } = clientSends(ctx, s, d, target.port, route);
      const got = serverAccepts(d, target, sent, allowed);
      const hop: Omit<Hop, 'from' | 'to' | 'port' | 'protocol' | 'target'> = { status: got.status, reason: `${sent.reason}; ${got.reason}` };
      if (got.cause) hop.cause = got.cause;
      if (route) hop.service = { name: route.service.name, port: route.port.port };
      if (rule) hop.destinationRule = rule;
      if (!best || BADNESS[hop.status] > BADNESS[best.status]) best = hop;
    }
  }
  const hop = best!;
  const auth = ctx.ciliumAuth.requiredFor(
    { namespace: s.mtls.workload.namespace, labels: s.mtls.workload.labels },
    { namespace: d.mtls.workload.namespace, labels: d.mtls.workload.labels },
    target.port, target.protocol, target.name,
  );
  if (auth) hop.ciliumAuth = auth;
  if (hop.status === 'plaintext') {
    const enc = ctx.encryption;
    if (enc && auth) {
      hop.status = 'mtls';
      hop.reason += `; Cilium requires mutual authentication for this flow and ${enc.mode === 'wireguard' ? 'WireGuard' : 'IPsec'} encrypts it between nodes`;
    } else if (enc) {
      hop.status = 'encrypted';
      hop.reason += `; Cilium ${enc.mode === 'wireguard' ? 'WireGuard' : 'IPsec'} encrypts it between nodes (no workload identity)`;
    } else if (auth) {
      hop.reason += '; Cilium authenticates the peers, but without WireGuard or IPsec the traffic itself is not encrypted';
    }
  }
  return hop;
}

/**
 * Every reachable workload-to-workload connection, per destination port, with how it is carried.
 * Destination ports are the destination's declared container ports and the target ports of
 * Services selecting it; a destination without any gets one hop for "any port".
 */
export function classifyHops(mesh: MeshResult, reach: ReachabilityResult): Hop[] {
  let byReach = cache.get(mesh);
  if (!byReach) cache.set(mesh, (byReach = new WeakMap()));
  let hops = byReach.get(reach);
  if (!hops) byReach.set(reach, (hops = compute(mesh, reach)));
  return hops;
}

// Rules of one run share both inputs: classify once.
const cache = new WeakMap<MeshResult, WeakMap<ReachabilityResult, Hop[]>>();

function compute(mesh: MeshResult, reach: ReachabilityResult): Hop[] {
  const ctx = meshContext(mesh);
  const out: Hop[] = [];
  for (const c of reach.connections) {
    if (c.from.type !== 'workload' || c.to.type !== 'workload') continue;
    const s = ctx.details.get(`${c.from.kind}/${c.from.namespace}/${c.from.name}`);
    const d = ctx.details.get(`${c.to.kind}/${c.to.namespace}/${c.to.name}`);
    if (!s || !d) continue;
    const targets: PortMode[] = d.mtls.ports.length > 0 ? d.mtls.ports : [d.mtls.defaultMode];
    for (const target of targets) {
      if (target.port === undefined ? !hasTcp(c.allowed) : !portSetJsonAllows(c.allowed, target.protocol as Protocol, target.port)) continue;
      const verdict = classify(ctx, s, d, target, c.allowed);
      out.push({ from: s.mtls, to: d.mtls, port: target.port, protocol: target.protocol, target, ...verdict });
    }
  }
  return out;
}
