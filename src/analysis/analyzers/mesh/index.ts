/**
 * Mesh mTLS resolution: for every workload, which mesh data plane it gets (Istio sidecar or
 * ambient, Linkerd, none) and the effective inbound mTLS mode of each port, with the policy that
 * decided it; DestinationRule TLS settings that break or downgrade the servers they reach; and,
 * joined with network reachability ({@link classifyHops}), how each reachable connection is
 * carried (mTLS, TLS, node-to-node encryption, plaintext, or refused).
 *
 * The per-mesh semantics and their sources are written at the top of `istio.ts`, `linkerd.ts`
 * and `cilium.ts`. Modelling choices:
 * - A workload is judged from its pod template (or its Pod when no controller is in the input);
 *   pods already injected (an `istio-proxy` or `linkerd-proxy` container) count as meshed.
 * - When meshes are configured in the input but a workload's Namespace object is not, its data
 *   plane is `unknown` rather than guessed, and hops touching it are not judged.
 * - With no mesh configuration at all, every workload's data plane is `none`.
 */
import { defineAnalyzer } from '../../analyzer.js';
import { annotationsOf, containersOfSpec, isRecord, labelsOf, podTemplateOf, type KubeObject, type ObjectSet } from '../../../model/index.js';
import { discoverWorkloads } from '../reachability/workloads.js';
import { CiliumAuth, ciliumEncryption } from './cilium.js';
import { attachContext, type MeshContextBase, type MeshContextParts, type WorkloadDetail } from './context.js';
import {
  configRef, containerNames, declaredPorts, inPortList, namespaceIndex, ofKindInGroup, parsePortList, podMetaOf, refLabel,
  type DeclaredPort, type PodMeta,
} from './common.js';
import {
  ambientEnrolment, hostSpecificity, isIstioGateway, istioInjection, istioMeshConfig, lookupDestinationRule,
  parseDestinationRules, parsePeerAuthentications, PeerAuthIndex, resolvePortMode, resolveWorkloadMode,
  type DestRule, type Enrolment, type IstioMode, type NamespaceInfo, type TrafficPolicyTls,
} from './istio.js';
import { linkerdInjection, linkerdSkipped, LinkerdPolicy } from './linkerd.js';
import { parseServiceObjects, resolveTargetPort, selects, servicesByNamespace, type Service } from './services.js';
import type {
  ConfigRef, DataplaneDecision, MeshOptions, MeshPresence, MeshResult, MeshWorkload, PortMode, TlsConflict, WorkloadMtls,
} from './types.js';
import type { Protocol } from '../reachability/index.js';

export type * from './types.js';
export { classifyHops } from './hops.js';
export { meshContext, type MeshContext, type WorkloadDetail } from './context.js';
export { workloadLabel, portLabel, refLabel } from './common.js';

const EVIDENCE_LIMIT = 5;

function addEvidence(list: ConfigRef[], ref: ConfigRef): void {
  if (list.length < EVIDENCE_LIMIT) list.push(ref);
}

/** What each namespace says, read once per namespace however many workloads it holds. */
function namespaceInfos(set: ObjectSet): (name: string) => NamespaceInfo {
  const objects = namespaceIndex(set);
  const infos = new Map<string, NamespaceInfo>();
  return (name) => {
    let info = infos.get(name);
    if (!info) {
      const obj = objects.get(name);
      infos.set(name, (info = { name, object: obj, labels: obj ? labelsOf(obj) : {}, annotations: obj ? annotationsOf(obj) : {} }));
    }
    return info;
  };
}

/** The Service ports that send to a workload's pods, with the container port each reaches. */
function routesTo(services: readonly Service[] | undefined, w: MeshWorkload, declared: readonly DeclaredPort[]): WorkloadDetail['routes'] {
  const routes: WorkloadDetail['routes'] = [];
  for (const s of services ?? []) {
    if (!selects(s, w.namespace, w.labels)) continue;
    for (const p of s.ports) {
      const target = resolveTargetPort(p, declared);
      if (target !== undefined) routes.push({ service: s, port: p, target });
    }
  }
  return routes;
}

/**
 * The Services and per-workload details that hop classification and DestinationRule conflicts
 * need. They are rebuilt from the input when first asked for rather than kept from the analysis:
 * an input without a mesh never asks, and keeping them would hold a copy of every workload's pod
 * metadata and ports for as long as the result lives.
 */
function contextParts(
  serviceObjects: readonly KubeObject[], workloads: readonly WorkloadMtls[], nsInfo: (name: string) => NamespaceInfo,
): () => MeshContextParts {
  let parts: MeshContextParts | undefined;
  return () => {
    if (parts) return parts;
    const services = parseServiceObjects(serviceObjects);
    const byNamespace = servicesByNamespace(services);
    const details = new Map<string, WorkloadDetail>();
    for (const mtls of workloads) {
      const w = mtls.workload;
      const meta = podMetaOf(w.sourceObject);
      const declared = declaredPorts(meta);
      details.set(w.id, { mtls, meta, ns: nsInfo(w.namespace), declared, routes: routesTo(byNamespace.get(w.namespace), w, declared) });
    }
    return (parts = { services, details });
  };
}

/** Mesh configuration anywhere in the input, which tells whether an unseen namespace might enrol pods. */
function configEvidence(set: ObjectSet, workloadObjects: readonly KubeObject[], rules: DestRule[], linkerd: LinkerdPolicy): { istio: ConfigRef[]; linkerd: ConfigRef[] } {
  const istio: ConfigRef[] = [];
  const lk: ConfigRef[] = [];
  for (const pa of set.ofKind('PeerAuthentication')) if (pa.apiVersion.startsWith('security.istio.io/')) addEvidence(istio, configRef(pa, []));
  for (const r of rules) addEvidence(istio, configRef(r.object, []));
  for (const ns of set.ofKind('Namespace')) {
    const l = labelsOf(ns);
    for (const key of ['istio-injection', 'istio.io/rev', 'istio.io/dataplane-mode']) {
      if (l[key] !== undefined) addEvidence(istio, configRef(ns, ['metadata', 'labels', key]));
    }
    const a = annotationsOf(ns);
    if (a['linkerd.io/inject'] !== undefined) addEvidence(lk, configRef(ns, ['metadata', 'annotations', 'linkerd.io/inject']));
  }
  for (const w of workloadObjects) {
    // Straight from the template: copying every workload's labels and annotations to look up
    // four keys would cost more than the lookups.
    const tpl = podTemplateOf(w);
    if (!tpl) continue;
    const labels = isRecord(tpl.metadata.labels) ? tpl.metadata.labels : {};
    const annotations = isRecord(tpl.metadata.annotations) ? tpl.metadata.annotations : {};
    for (const key of ['sidecar.istio.io/inject', 'istio.io/rev', 'istio.io/dataplane-mode']) {
      if (typeof labels[key] === 'string') addEvidence(istio, configRef(w, [...tpl.metadataPath, 'labels', key]));
    }
    if (typeof annotations['linkerd.io/inject'] === 'string') addEvidence(lk, configRef(w, [...tpl.metadataPath, 'annotations', 'linkerd.io/inject']));
    for (const c of containersOfSpec(tpl.spec, tpl.specPath)) {
      if (c.field === 'ephemeralContainers') continue;
      if (c.name === 'istio-proxy') addEvidence(istio, configRef(w, [...c.path, 'name']));
      if (c.name === 'linkerd-proxy') addEvidence(lk, configRef(w, [...c.path, 'name']));
    }
  }
  for (const o of [...ofKindInGroup(set, 'IstioOperator', 'install.istio.io'), ...ofKindInGroup(set, 'Istio', 'sailoperator.io')]) {
    addEvidence(istio, configRef(o, []));
  }
  if (linkerd.hasPolicy) {
    for (const kind of ['Server', 'ServerAuthorization', 'MeshTLSAuthentication']) {
      for (const o of set.ofKind(kind)) if (o.apiVersion.startsWith('policy.linkerd.io/')) addEvidence(lk, configRef(o, []));
    }
  }
  return { istio, linkerd: lk };
}

function proxyFact(meta: PodMeta, w: MeshWorkload): DataplaneDecision | undefined {
  const names = containerNames(meta);
  const istioProxy = names.find((n) => n.name === 'istio-proxy');
  const status = meta.annotations['sidecar.istio.io/status'];
  if (istioProxy || status !== undefined) {
    const source = istioProxy ? configRef(w.sourceObject, istioProxy.path) : configRef(w.sourceObject, [...meta.metadataPath, 'annotations', 'sidecar.istio.io/status']);
    return isIstioGateway(meta)
      ? { dataplane: 'istio-gateway', reason: 'an Istio gateway or waypoint: the pod runs the Istio proxy itself', source }
      : { dataplane: 'istio-sidecar', reason: 'the pod already runs the istio-proxy sidecar', source };
  }
  const linkerdProxy = names.find((n) => n.name === 'linkerd-proxy');
  if (linkerdProxy || meta.annotations['linkerd.io/proxy-version'] !== undefined) {
    const source = linkerdProxy ? configRef(w.sourceObject, linkerdProxy.path) : configRef(w.sourceObject, [...meta.metadataPath, 'annotations', 'linkerd.io/proxy-version']);
    return { dataplane: 'linkerd', reason: 'the pod already runs the linkerd-proxy sidecar', source };
  }
  if (meta.annotations['ambient.istio.io/redirection'] === 'enabled') {
    return {
      dataplane: 'istio-ambient', reason: 'the pod is already redirected to ztunnel (ambient.istio.io/redirection: enabled)',
      source: configRef(w.sourceObject, [...meta.metadataPath, 'annotations', 'ambient.istio.io/redirection']),
    };
  }
  return undefined;
}

function decideDataplane(
  set: ObjectSet, w: MeshWorkload, meta: PodMeta, ns: NamespaceInfo, istioConfigured: boolean, linkerdConfigured: boolean,
): DataplaneDecision {
  const fact = proxyFact(meta, w);
  if (fact) return fact;
  const obj = w.sourceObject;
  const withSource = (d: DataplaneDecision, e: Enrolment): DataplaneDecision => (e.source ? { ...d, source: e.source } : d);
  const inj = istioInjection(obj, meta, ns, w.hostNetwork);
  if (inj.value === 'yes') {
    const dataplane = isIstioGateway(meta) ? 'istio-gateway' : 'istio-sidecar';
    return withSource({ dataplane, reason: `Istio injects a sidecar: ${inj.reason}` }, inj);
  }
  const amb = ambientEnrolment(obj, meta, ns, w.hostNetwork);
  if (amb.value === 'yes') return withSource({ dataplane: 'istio-ambient', reason: `enrolled in Istio ambient mode: ${amb.reason}` }, amb);
  const lk = linkerdInjection(obj, meta, ns, w.hostNetwork, set);
  if (lk.value === 'yes') return withSource({ dataplane: 'linkerd', reason: `Linkerd injects its proxy: ${lk.reason}` }, lk);
  if ((istioConfigured && (inj.value === 'unknown' || amb.value === 'unknown')) || (linkerdConfigured && lk.value === 'unknown')) {
    return { dataplane: 'unknown', reason: `namespace ${ns.name} is not in the input, so whether its labels enrol the workload in the mesh cannot be told` };
  }
  const decision: DataplaneDecision = {
    dataplane: 'none',
    reason: istioConfigured ? `no mesh proxy: ${inj.reason}${amb.optOut ? `; ${amb.reason}` : ''}`
      : linkerdConfigured ? `no mesh proxy: ${lk.reason}`
        : 'no service mesh is configured in the input',
  };
  const optOut = inj.optOut ? { mesh: 'istio' as const, ...inj.optOut }
    : amb.optOut ? { mesh: 'istio-ambient' as const, ...amb.optOut }
      : lk.optOut ? { mesh: 'linkerd' as const, ...lk.optOut } : undefined;
  if (optOut) {
    decision.optOut = optOut;
    decision.reason = `kept out of the mesh: ${optOut.reason}`;
    decision.source = optOut.source;
  } else {
    const src = istioConfigured ? inj.source : lk.source;
    if (src) decision.source = src;
  }
  return decision;
}

const MESHED: ReadonlySet<string> = new Set(['istio-sidecar', 'istio-ambient', 'istio-gateway', 'linkerd']);

export function isMeshed(w: WorkloadMtls): boolean {
  return MESHED.has(w.dataplane.dataplane);
}

/**
 * Whether nothing in the input protects traffic in transit: no workload in a mesh (nor any whose
 * data plane is unknown), no Cilium encryption, no Cilium mutual authentication.
 */
export function nothingProtects(mesh: MeshResult): boolean {
  const p = mesh.presence;
  return p.enrolled === 0 && p.unknown === 0 && !p.ciliumEncryption && p.ciliumMutualAuth.length === 0;
}

function istioCaptureExcluded(meta: PodMeta, port: number): { key: string; why: string } | undefined {
  const ex = 'traffic.sidecar.istio.io/excludeInboundPorts';
  if (inPortList(parsePortList(meta.annotations[ex]), port)) return { key: ex, why: `annotation ${ex} lists it` };
  const inc = 'traffic.sidecar.istio.io/includeInboundPorts';
  const value = meta.annotations[inc];
  if (value !== undefined && value.trim() !== '*' && !inPortList(parsePortList(value), port)) return { key: inc, why: `annotation ${inc} does not list it` };
  return undefined;
}

function portKey(port: number, protocol: Protocol): string {
  return `${port}/${protocol}`;
}

function buildModes(
  ctx: { paIndex: PeerAuthIndex; linkerd: LinkerdPolicy }, w: MeshWorkload, meta: PodMeta, ns: NamespaceInfo,
  dataplane: DataplaneDecision, declared: DeclaredPort[], routes: WorkloadDetail['routes'],
): { defaultMode: PortMode; ports: PortMode[] } {
  const slots = new Map<string, { port: number; protocol: Protocol; name?: string; path?: DeclaredPort['path'] }>();
  for (const d of declared) {
    const k = portKey(d.port, d.protocol);
    if (!slots.has(k)) slots.set(k, d.name !== undefined ? { port: d.port, protocol: d.protocol, name: d.name, path: d.path } : { port: d.port, protocol: d.protocol, path: d.path });
  }
  for (const r of routes) {
    const k = portKey(r.target, r.port.protocol);
    if (!slots.has(k)) slots.set(k, { port: r.target, protocol: r.port.protocol });
  }
  const dp = dataplane.dataplane;
  const istio = dp === 'istio-sidecar' || dp === 'istio-ambient' || dp === 'istio-gateway';
  let base: ReturnType<typeof resolveWorkloadMode> | undefined;
  if (istio) {
    base = resolveWorkloadMode(ctx.paIndex, w.namespace, w.labels);
    for (const p of base.workloadPolicy?.policy.portLevel.keys() ?? []) {
      const k = portKey(p, 'TCP');
      if (!slots.has(k)) slots.set(k, { port: p, protocol: 'TCP' });
    }
  }
  const sorted = [...slots.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
  const withSlot = (slot: { port: number | undefined; protocol: Protocol; name?: string; path?: DeclaredPort['path'] }, m: Omit<PortMode, 'port' | 'protocol'>): PortMode => {
    const { port, protocol, name, path } = slot;
    const { mode, reason, decidedBy } = m;
    // Written whole, one literal per shape: fields added afterwards would go to a separate
    // backing store, and results keep one of these per workload port.
    if (decidedBy) {
      if (name !== undefined) return path !== undefined ? { port, protocol, mode, reason, name, path, decidedBy } : { port, protocol, mode, reason, name, decidedBy };
      return path !== undefined ? { port, protocol, mode, reason, path, decidedBy } : { port, protocol, mode, reason, decidedBy };
    }
    if (name !== undefined) return path !== undefined ? { port, protocol, mode, reason, name, path } : { port, protocol, mode, reason, name };
    return path !== undefined ? { port, protocol, mode, reason, path } : { port, protocol, mode, reason };
  };
  const anyPort = { port: undefined, protocol: 'TCP' as Protocol };

  if (dp === 'none' || dp === 'unknown') {
    const m = { mode: dp === 'none' ? 'NONE' as const : 'UNKNOWN' as const, reason: dataplane.reason };
    return { defaultMode: withSlot(anyPort, m), ports: sorted.map((s) => withSlot(s, m)) };
  }
  const tcpOnly = (slot: { protocol: Protocol }) => ({ mode: 'NONE' as const, reason: `${dp === 'linkerd' ? 'Linkerd' : 'Istio'} proxies carry TCP only: ${slot.protocol} traffic bypasses them` });

  if (istio && base) {
    const adjust = (m: IstioMode): Omit<PortMode, 'port' | 'protocol'> => {
      if (dp === 'istio-ambient' && m.mode === 'DISABLE') {
        return { ...m, mode: 'PERMISSIVE', reason: `${m.reason}; ambient mode ignores DISABLE: ztunnel keeps using mTLS with mesh peers and accepts plaintext` };
      }
      return m;
    };
    const defaultMode = withSlot(anyPort, adjust(base));
    const ports = sorted.map((s) => {
      if (s.protocol !== 'TCP') return withSlot(s, tcpOnly(s));
      if (dp === 'istio-sidecar') {
        const ex = istioCaptureExcluded(meta, s.port);
        if (ex) {
          return withSlot(s, {
            mode: 'DISABLE',
            reason: `the sidecar does not intercept inbound port ${s.port} (${ex.why}): connections reach the application directly, in whatever form the client sends`,
            decidedBy: { ref: configRef(w.sourceObject, [...meta.metadataPath, 'annotations', ex.key]), level: 'annotation' },
          });
        }
      }
      return withSlot(s, adjust(resolvePortMode(base!, s.port)));
    });
    return { defaultMode, ports };
  }
  // Linkerd
  const defaultMode = withSlot(anyPort, ctx.linkerd.portMode(w.sourceObject, meta, ns, undefined));
  const ports = sorted.map((s) => {
    if (s.protocol !== 'TCP') return withSlot(s, tcpOnly(s));
    if (linkerdSkipped(meta, ns, 'inbound', s.port)) {
      const key = meta.annotations['config.linkerd.io/skip-inbound-ports'] !== undefined || !ns.object ? configRef(w.sourceObject, [...meta.metadataPath, 'annotations', 'config.linkerd.io/skip-inbound-ports'])
        : configRef(ns.object, ['metadata', 'annotations', 'config.linkerd.io/skip-inbound-ports']);
      return withSlot(s, {
        mode: 'DISABLE',
        reason: `the Linkerd proxy skips inbound port ${s.port} (config.linkerd.io/skip-inbound-ports): connections bypass it in plaintext`,
        decidedBy: { ref: key, level: 'annotation' },
      });
    }
    return withSlot(s, ctx.linkerd.portMode(w.sourceObject, meta, ns, s));
  });
  return { defaultMode, ports };
}

/** The mesh analysis of an object set. */
export function analyzeMesh(set: ObjectSet, options: MeshOptions = {}): MeshResult {
  const notes: string[] = [];
  const meshConfig = istioMeshConfig(set);
  notes.push(...meshConfig.notes);
  const rootNamespace = options.rootNamespace ?? meshConfig.rootNamespace?.value ?? 'istio-system';
  const rootNamespaceSource = options.rootNamespace !== undefined ? 'option rootNamespace'
    : meshConfig.rootNamespace ? refLabel(meshConfig.rootNamespace.source) : 'Istio default';
  const autoMtls = options.autoMtls ?? meshConfig.autoMtls?.value ?? true;
  const clusterDomain = options.clusterDomain ?? 'cluster.local';

  const policies = parsePeerAuthentications(set, rootNamespace, notes);
  const paIndex = new PeerAuthIndex(policies, rootNamespace);
  const rules = parseDestinationRules(set, clusterDomain, notes);
  const linkerd = new LinkerdPolicy(set, options.linkerdDefaultInboundPolicy ?? 'all-unauthenticated', notes);
  const encryption = ciliumEncryption(set);
  const ciliumAuth = new CiliumAuth(set);
  const serviceObjects = set.ofKind('Service');
  const servicesIn = servicesByNamespace(parseServiceObjects(serviceObjects));
  const nsInfo = namespaceInfos(set);
  const discovered = discoverWorkloads(set).workloads;
  const evidence = configEvidence(set, discovered.map((d) => d.sourceObject), rules, linkerd);
  const istioConfigured = evidence.istio.length > 0;
  const linkerdConfigured = evidence.linkerd.length > 0;

  const workloads: WorkloadMtls[] = [];
  for (const d of discovered) {
    const meta = podMetaOf(d.sourceObject);
    const w: MeshWorkload = {
      id: `${d.kind}/${d.namespace}/${d.name}`, kind: d.kind, namespace: d.namespace, name: d.name,
      labels: d.labels, hostNetwork: d.hostNetwork, sourceObject: d.sourceObject, metadataPath: meta.metadataPath,
    };
    const ns = nsInfo(d.namespace);
    const dataplane = decideDataplane(set, w, meta, ns, istioConfigured, linkerdConfigured);
    const declared = declaredPorts(meta);
    const routes = routesTo(servicesIn.get(w.namespace), w, declared);
    const modes = buildModes({ paIndex, linkerd }, w, meta, ns, dataplane, declared, routes);
    const selectedBy: ConfigRef[] = [];
    for (const chosen of [paIndex.namespace(w.namespace), paIndex.workload(w.namespace, w.labels)]) {
      if (chosen) selectedBy.push(configRef(chosen.policy.object, chosen.policy.modePath));
    }
    for (const server of linkerd.serversSelecting(w.namespace, meta.labels)) selectedBy.push(configRef(server, ['spec', 'podSelector']));
    workloads.push({ workload: w, dataplane, defaultMode: modes.defaultMode, ports: modes.ports, selectedBy });
  }

  const presence: MeshPresence = {
    istio: evidence.istio,
    linkerd: evidence.linkerd,
    ciliumMutualAuth: ciliumAuth.rules.slice(0, EVIDENCE_LIMIT).map((r) => r.ref),
    enrolled: workloads.filter(isMeshed).length,
    unknown: workloads.filter((w) => w.dataplane.dataplane === 'unknown').length,
  };
  if (encryption) presence.ciliumEncryption = encryption;

  const result: MeshResult = {
    rootNamespace, rootNamespaceSource, autoMtls, clusterDomain, presence, workloads,
    conflicts: [], notes,
  };
  const base: MeshContextBase = { rootNamespace, autoMtls, clusterDomain, paIndex, rules, encryption, ciliumAuth };
  const parts = contextParts(serviceObjects, workloads, nsInfo);
  result.conflicts = findConflicts(base, parts);
  attachContext(result, base, parts);
  return result;
}

interface TlsTarget {
  tls: NonNullable<TrafficPolicyTls['tls']>;
  servicePort?: number;
  exceptPorts: ReadonlySet<number>;
  subset?: { name: string; labels: Record<string, string> };
}

function targetsOf(policy: TrafficPolicyTls, subset?: TlsTarget['subset']): TlsTarget[] {
  const out: TlsTarget[] = [];
  const own = new Set<number>();
  for (const [port, tls] of policy.ports) {
    if (!tls) continue;
    own.add(port);
    out.push(subset ? { tls, servicePort: port, exceptPorts: new Set(), subset } : { tls, servicePort: port, exceptPorts: new Set() });
  }
  if (policy.tls) out.push(subset ? { tls: policy.tls, exceptPorts: own, subset } : { tls: policy.tls, exceptPorts: own });
  return out;
}

function judge(mode: string, server: WorkloadMtls, target: PortMode): { effect: TlsConflict['effect']; reason: string } | undefined {
  const dp = server.dataplane.dataplane;
  const istio = dp === 'istio-sidecar' || dp === 'istio-ambient';
  const at = `${target.port}/${target.protocol}`;
  if (target.protocol !== 'TCP') return undefined;
  if (istio || dp === 'linkerd') {
    if (mode === 'DISABLE' && target.mode === 'STRICT') {
      return { effect: 'breaks', reason: `clients send plaintext, but the server accepts only mTLS on ${at} (${target.reason})` };
    }
    if (mode === 'DISABLE' && target.mode === 'PERMISSIVE' && istio) {
      return { effect: 'downgrades', reason: `clients send plaintext where auto mTLS would use mTLS, and the server accepts it on ${at} (${target.reason})` };
    }
    if ((mode === 'SIMPLE' || mode === 'MUTUAL') && target.mode === 'STRICT') {
      return { effect: 'breaks', reason: `clients originate TLS with certificates outside the mesh, but the server accepts only mesh mTLS on ${at} (${target.reason})` };
    }
    if (mode === 'ISTIO_MUTUAL' && (target.mode === 'DISABLE' || dp === 'linkerd')) {
      return { effect: 'breaks', reason: dp === 'linkerd'
        ? `clients send Istio mTLS, which the Linkerd proxy of the server cannot accept on ${at}`
        : `clients send Istio mTLS, but the server expects plaintext on ${at} (${target.reason})` };
    }
    return undefined;
  }
  if (dp === 'none' && mode === 'ISTIO_MUTUAL') {
    return { effect: 'breaks', reason: `clients send Istio mTLS, but the server has no mesh proxy to accept it on ${at}` };
  }
  return undefined;
}

function findConflicts(ctx: MeshContextBase, parts: () => MeshContextParts): TlsConflict[] {
  const out: TlsConflict[] = [];
  const seen = new Set<string>();
  // A Service selects pods of its own namespace only.
  let inNamespace: Map<string, WorkloadDetail[]> | undefined;
  const detailsIn = (namespace: string): WorkloadDetail[] => {
    if (!inNamespace) {
      inNamespace = new Map();
      for (const d of parts().details.values()) {
        const list = inNamespace.get(d.mtls.workload.namespace);
        if (list) list.push(d);
        else inNamespace.set(d.mtls.workload.namespace, [d]);
      }
    }
    return inNamespace.get(namespace) ?? [];
  };
  for (const rule of ctx.rules) {
    const targets = [...targetsOf(rule.policy), ...rule.subsets.flatMap((s) => targetsOf(s.policy, { name: s.name, labels: s.labels }))];
    if (targets.length === 0) continue;
    for (const svc of parts().services) {
      const fqdn = `${svc.name}.${svc.namespace}.svc.${ctx.clusterDomain}`;
      if (hostSpecificity(rule.fqdn, fqdn) < 0) continue;
      for (const sp of svc.ports) {
        // Only where this rule is the one its own namespace's clients would use.
        const used = lookupDestinationRule(ctx.rules, ctx.rootNamespace, { namespace: rule.namespace, labels: rule.workloadSelector ?? {} },
          { namespace: svc.namespace, fqdn, port: sp.port });
        if (used?.rule !== rule) continue;
        for (const t of targets) {
          if (t.servicePort !== undefined ? t.servicePort !== sp.port : t.exceptPorts.has(sp.port)) continue;
          for (const d of detailsIn(svc.namespace)) {
            if (!selects(svc, d.mtls.workload.namespace, d.mtls.workload.labels)) continue;
            if (t.subset && !Object.entries(t.subset.labels).every(([k, v]) => d.mtls.workload.labels[k] === v)) continue;
            const targetPort = resolveTargetPort(sp, d.declared);
            if (targetPort === undefined) continue;
            const target = d.mtls.ports.find((p) => p.port === targetPort && p.protocol === sp.protocol);
            if (!target) continue;
            const verdict = judge(t.tls.mode, d.mtls, target);
            if (!verdict) continue;
            const key = `${rule.object.namespace}/${rule.object.name}|${t.tls.path.join('.')}|${d.mtls.workload.id}|${targetPort}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const c: TlsConflict = {
              rule: configRef(rule.object, t.tls.path), mode: t.tls.mode, host: rule.host,
              service: { namespace: svc.namespace, name: svc.name, port: sp.port },
              server: d.mtls, target, effect: verdict.effect, reason: verdict.reason,
            };
            if (t.servicePort !== undefined) c.servicePort = t.servicePort;
            if (t.subset) c.subset = t.subset.name;
            out.push(c);
          }
        }
      }
    }
  }
  return out;
}

/** Reads the analysis options from a rule's options (`rules.<id>.options`). */
export function meshOptionsFrom(options: Readonly<Record<string, unknown>>): MeshOptions {
  const out: MeshOptions = {};
  if (typeof options.rootNamespace === 'string' && options.rootNamespace !== '') out.rootNamespace = options.rootNamespace;
  if (typeof options.autoMtls === 'boolean') out.autoMtls = options.autoMtls;
  if (typeof options.linkerdDefaultInboundPolicy === 'string') out.linkerdDefaultInboundPolicy = options.linkerdDefaultInboundPolicy;
  if (typeof options.clusterDomain === 'string' && options.clusterDomain !== '') out.clusterDomain = options.clusterDomain;
  return out;
}

const analyzers = new Map<string, ReturnType<typeof defineAnalyzer<MeshResult>>>();

/**
 * The mesh analysis as an analyzer for rules (`ctx.use(meshMtls(meshOptionsFrom(ctx.options)))`),
 * computed once per run and per distinct options.
 */
export function meshMtls(options: MeshOptions = {}) {
  const key = JSON.stringify([options.rootNamespace, options.autoMtls, options.linkerdDefaultInboundPolicy, options.clusterDomain]);
  let a = analyzers.get(key);
  if (!a) {
    a = defineAnalyzer<MeshResult>({
      id: key === JSON.stringify([undefined, undefined, undefined, undefined]) ? 'mesh-mtls' : `mesh-mtls:${key}`,
      description: 'Effective mTLS mode per workload and port under Istio, Linkerd and Cilium, and DestinationRule TLS conflicts.',
      compute: (set) => analyzeMesh(set, options),
    });
    analyzers.set(key, a);
  }
  return a;
}
