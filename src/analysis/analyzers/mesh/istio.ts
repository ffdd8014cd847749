/**
 * Istio: sidecar injection, ambient enrolment, PeerAuthentication resolution and DestinationRule
 * lookup.
 *
 * Semantics (istio/api security/v1 peer_authentication.proto; istio/istio
 * pilot/pkg/model/authentication.go, pilot/pkg/security/authn ComposePeerAuthentication,
 * pkg/kube/inject injectRequired and the istiod injector webhooks; istio.io "Installing the
 * sidecar", "Add workloads to the mesh" (ambient), "Ambient and Kubernetes NetworkPolicy"):
 * - A policy without selector (or with empty matchLabels) is mesh-wide in the root namespace and
 *   namespace-wide elsewhere; one with matchLabels is workload-level, and is ignored in the root
 *   namespace. Workload > namespace > mesh; UNSET inherits from the parent; with nothing set the
 *   mode is PERMISSIVE. Several policies at one level: the oldest wins (creation time, then name).
 * - portLevelMtls applies only from the workload-level policy, keyed by the container (target)
 *   port; an UNSET port inherits the workload's resolved mode.
 * - Ambient ignores DISABLE (ztunnel always speaks HBONE mTLS to mesh peers).
 * - Injection: namespace `istio-injection=disabled` or pod label `sidecar.istio.io/inject=false`
 *   stops it; `istio-injection=enabled` or `istio.io/rev` on the namespace, or (in an unlabelled
 *   namespace) pod label `sidecar.istio.io/inject=true` or `istio.io/rev`, starts it. Once the
 *   webhook runs, the pod label, else the pod annotation, `sidecar.istio.io/inject` decides; the
 *   label wins over the annotation. hostNetwork pods and kube-system, kube-public,
 *   kube-node-lease and local-path-storage are never injected.
 * - Ambient: `istio.io/dataplane-mode=ambient` on the namespace or pod, unless the pod says
 *   `none` or has a sidecar (the sidecar takes precedence).
 */
import { parse as parseYaml } from 'yaml';
import { isRecord, stringMap, type KubeObject, type ObjectSet, type Path } from '../../../model/index.js';
import { configRef, ofKindInGroup, pickOldest, refLabel, type PodMeta } from './common.js';
import type { ConfigRef, ModeDecision } from './types.js';

export const ISTIO_INJECTION_IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** A yes/no/unknown answer with the reason and the field it rests on. */
export interface Enrolment {
  value: 'yes' | 'no' | 'unknown';
  reason: string;
  source?: ConfigRef;
  /** Set when the namespace enrols pods but this one is kept out. */
  optOut?: { reason: string; source: ConfigRef };
}

/** What the namespace says, when its object is in the input. */
export interface NamespaceInfo {
  name: string;
  object: KubeObject | undefined;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const podLabel = (w: KubeObject, meta: PodMeta, key: string): ConfigRef => configRef(w, [...meta.metadataPath, 'labels', key]);
const podAnnotation = (w: KubeObject, meta: PodMeta, key: string): ConfigRef => configRef(w, [...meta.metadataPath, 'annotations', key]);
const nsLabel = (ns: KubeObject, key: string): ConfigRef => configRef(ns, ['metadata', 'labels', key]);

/** Whether Istio's injector adds a sidecar to the workload's pods. */
export function istioInjection(w: KubeObject, meta: PodMeta, ns: NamespaceInfo, hostNetwork: boolean): Enrolment {
  const nsInj = ns.labels['istio-injection'];
  const nsRev = ns.labels['istio.io/rev'];
  const nsEnrols = ns.object !== undefined && (nsInj === 'enabled' || (nsInj === undefined && nsRev !== undefined));
  const nsSource = ns.object ? (nsInj === 'enabled' ? nsLabel(ns.object, 'istio-injection') : nsLabel(ns.object, 'istio.io/rev')) : undefined;
  const label = meta.labels['sidecar.istio.io/inject'];
  const podRev = meta.labels['istio.io/rev'];
  const annotation = meta.annotations['sidecar.istio.io/inject'];
  const optOut = (reason: string, source: ConfigRef): Enrolment =>
    nsEnrols ? { value: 'no', reason, source, optOut: { reason, source } } : { value: 'no', reason, source };

  if (hostNetwork) {
    const source = configRef(w, [...meta.specPath, 'hostNetwork']);
    return optOut('hostNetwork pods are never injected', source);
  }
  if (ISTIO_INJECTION_IGNORED_NAMESPACES.has(ns.name)) {
    return { value: 'no', reason: `the injector never handles namespace ${ns.name}` };
  }
  if (ns.object && nsInj === 'disabled') {
    return { value: 'no', reason: `namespace ${ns.name} has label istio-injection=disabled`, source: nsLabel(ns.object, 'istio-injection') };
  }
  if (label === 'false') return optOut('pod label sidecar.istio.io/inject="false"', podLabel(w, meta, 'sidecar.istio.io/inject'));
  // Wherever the webhook runs, injectRequired reads the pod label, else the annotation.
  if (label === undefined && annotation === 'false') {
    return optOut('pod annotation sidecar.istio.io/inject="false"', podAnnotation(w, meta, 'sidecar.istio.io/inject'));
  }
  if (nsEnrols) {
    const how = nsInj === 'enabled' ? 'istio-injection=enabled' : `istio.io/rev=${nsRev}`;
    return { value: 'yes', reason: `namespace ${ns.name} has label ${how}`, source: nsSource };
  }
  if (ns.object && nsInj !== undefined) {
    // Any other value matches neither the namespace webhook nor the object webhooks (which need the label absent).
    return { value: 'no', reason: `namespace label istio-injection="${nsInj}" is neither enabled nor disabled: no webhook matches`, source: nsLabel(ns.object, 'istio-injection') };
  }
  const podOptIn = label === 'true' ? podLabel(w, meta, 'sidecar.istio.io/inject') : podRev !== undefined ? podLabel(w, meta, 'istio.io/rev') : undefined;
  if (podOptIn) {
    const what = label === 'true' ? 'pod label sidecar.istio.io/inject="true"' : `pod label istio.io/rev=${podRev}`;
    if (ns.object) return { value: 'yes', reason: `${what} in a namespace without injection labels`, source: podOptIn };
    return { value: 'yes', reason: `${what} (assuming namespace ${ns.name}, not in the input, does not disable injection)`, source: podOptIn };
  }
  if (!ns.object) return { value: 'unknown', reason: `namespace ${ns.name} is not in the input: its injection labels are unknown` };
  if (annotation === 'true') {
    return {
      value: 'no',
      reason: 'pod annotation sidecar.istio.io/inject="true" alone does not call the injector: the webhooks select on labels',
      source: podAnnotation(w, meta, 'sidecar.istio.io/inject'),
    };
  }
  return { value: 'no', reason: `neither namespace ${ns.name} nor the pod enables injection` };
}

/** Whether the workload's pods are enrolled in ambient mode (asked only when they get no sidecar). */
export function ambientEnrolment(w: KubeObject, meta: PodMeta, ns: NamespaceInfo, hostNetwork: boolean): Enrolment {
  const podMode = meta.labels['istio.io/dataplane-mode'];
  const nsMode = ns.labels['istio.io/dataplane-mode'];
  const nsEnrols = ns.object !== undefined && nsMode === 'ambient';
  if (hostNetwork) {
    const source = configRef(w, [...meta.specPath, 'hostNetwork']);
    const reason = 'hostNetwork pods cannot be captured by ztunnel';
    return nsEnrols || podMode === 'ambient' ? { value: 'no', reason, source, optOut: { reason, source } } : { value: 'no', reason, source };
  }
  if (podMode === 'none') {
    const source = podLabel(w, meta, 'istio.io/dataplane-mode');
    const reason = 'pod label istio.io/dataplane-mode=none';
    return nsEnrols ? { value: 'no', reason, source, optOut: { reason, source } } : { value: 'no', reason, source };
  }
  if (podMode === 'ambient') return { value: 'yes', reason: 'pod label istio.io/dataplane-mode=ambient', source: podLabel(w, meta, 'istio.io/dataplane-mode') };
  if (nsEnrols) return { value: 'yes', reason: `namespace ${ns.name} has label istio.io/dataplane-mode=ambient`, source: nsLabel(ns.object!, 'istio.io/dataplane-mode') };
  if (!ns.object && ISTIO_INJECTION_IGNORED_NAMESPACES.has(ns.name)) {
    return { value: 'no', reason: `system namespace ${ns.name} is assumed not to be enrolled in ambient mode (Istio does not support meshing it)` };
  }
  if (!ns.object) return { value: 'unknown', reason: `namespace ${ns.name} is not in the input: its ambient label is unknown` };
  return { value: 'no', reason: 'not enrolled in ambient mode' };
}

/** Istio gateways and waypoints run the proxy as their main container; PeerAuthentication does not shape their listeners. */
export function isIstioGateway(meta: PodMeta): boolean {
  const istioLabel = meta.labels.istio;
  if (istioLabel === 'ingressgateway' || istioLabel === 'egressgateway' || istioLabel === 'eastwestgateway') return true;
  if (meta.labels['gateway.istio.io/managed'] !== undefined) return true;
  const templates = meta.annotations['inject.istio.io/templates'];
  return templates !== undefined && /\b(gateway|waypoint)\b/.test(templates);
}

// ---------------------------------------------------------------------------------------------
// MeshConfig

/** Root namespace and auto mTLS as the input's mesh configuration states them. */
export interface IstioMeshConfig {
  rootNamespace?: { value: string; source: ConfigRef };
  autoMtls?: { value: boolean; source: ConfigRef };
  notes: string[];
}

function meshConfigFields(mesh: unknown, ref: (field: string) => ConfigRef, out: IstioMeshConfig): void {
  if (!isRecord(mesh)) return;
  if (typeof mesh.rootNamespace === 'string' && mesh.rootNamespace !== '') {
    if (out.rootNamespace && out.rootNamespace.value !== mesh.rootNamespace) {
      out.notes.push(`Istio mesh configuration disagrees on rootNamespace (${out.rootNamespace.value} in ${refLabel(out.rootNamespace.source)}, ` +
        `${mesh.rootNamespace} in ${refLabel(ref('rootNamespace'))}); the first is used.`);
    } else out.rootNamespace ??= { value: mesh.rootNamespace, source: ref('rootNamespace') };
  }
  if (typeof mesh.enableAutoMtls === 'boolean') out.autoMtls ??= { value: mesh.enableAutoMtls, source: ref('enableAutoMtls') };
}

/**
 * MeshConfig from the `istio` ConfigMap (`data.mesh`, also `istio-<revision>`), an IstioOperator
 * (`spec.meshConfig`) or a Sail operator `Istio` resource (`spec.values.meshConfig`).
 */
export function istioMeshConfig(set: ObjectSet): IstioMeshConfig {
  const out: IstioMeshConfig = { notes: [] };
  for (const cm of set.ofKind('ConfigMap')) {
    if (cm.name !== 'istio' && !cm.name.startsWith('istio-')) continue;
    const data = isRecord(cm.raw.data) ? cm.raw.data : {};
    if (typeof data.mesh !== 'string') continue;
    let mesh: unknown;
    try {
      mesh = parseYaml(data.mesh);
    } catch (e) {
      out.notes.push(`ConfigMap ${cm.namespace}/${cm.name}: data.mesh is not valid YAML (${(e as Error).message.split('\n')[0]}); ignored.`);
      continue;
    }
    // Paths stop at data.mesh: the fields live inside a YAML string.
    meshConfigFields(mesh, () => configRef(cm, ['data', 'mesh']), out);
  }
  for (const op of ofKindInGroup(set, 'IstioOperator', 'install.istio.io')) {
    const spec = isRecord(op.raw.spec) ? op.raw.spec : {};
    meshConfigFields(spec.meshConfig, (f) => configRef(op, ['spec', 'meshConfig', f]), out);
  }
  for (const ist of ofKindInGroup(set, 'Istio', 'sailoperator.io')) {
    const spec = isRecord(ist.raw.spec) ? ist.raw.spec : {};
    const values = isRecord(spec.values) ? spec.values : {};
    meshConfigFields(values.meshConfig, (f) => configRef(ist, ['spec', 'values', 'meshConfig', f]), out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// PeerAuthentication

export type PaMode = 'UNSET' | 'STRICT' | 'PERMISSIVE' | 'DISABLE';
const PA_MODES: ReadonlySet<string> = new Set(['UNSET', 'STRICT', 'PERMISSIVE', 'DISABLE']);

export interface PeerAuth {
  object: KubeObject;
  namespace: string;
  /** matchLabels; empty for namespace- and mesh-wide policies. */
  selector: Record<string, string>;
  mode: PaMode;
  modePath: Path;
  portLevel: Map<number, { mode: PaMode; path: Path }>;
}

function paMode(value: unknown, where: string, notes: string[]): PaMode {
  if (value === undefined || value === null) return 'UNSET';
  if (typeof value === 'string' && PA_MODES.has(value)) return value as PaMode;
  notes.push(`${where}: mode ${JSON.stringify(value)} is not one of UNSET, DISABLE, PERMISSIVE, STRICT (the API server rejects it); read as UNSET.`);
  return 'UNSET';
}

export function parsePeerAuthentications(set: ObjectSet, rootNamespace: string, notes: string[]): PeerAuth[] {
  const out: PeerAuth[] = [];
  for (const obj of ofKindInGroup(set, 'PeerAuthentication', 'security.istio.io')) {
    const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
    const where = `PeerAuthentication ${obj.namespace}/${obj.name}`;
    const selector = isRecord(spec.selector) ? stringMap(spec.selector.matchLabels) : {};
    const mtls = isRecord(spec.mtls) ? spec.mtls : undefined;
    const mode = paMode(mtls?.mode, where, notes);
    const modePath: Path = mtls && mtls.mode !== undefined ? ['spec', 'mtls', 'mode'] : mtls ? ['spec', 'mtls'] : ['spec'];
    const portLevel = new Map<number, { mode: PaMode; path: Path }>();
    if (isRecord(spec.portLevelMtls)) {
      for (const [key, value] of Object.entries(spec.portLevelMtls)) {
        const port = Number(key);
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          notes.push(`${where}: portLevelMtls key ${JSON.stringify(key)} is not a port number; ignored.`);
          continue;
        }
        const m = isRecord(value) ? value.mode : undefined;
        portLevel.set(port, { mode: paMode(m, `${where} port ${port}`, notes), path: ['spec', 'portLevelMtls', key, ...(m !== undefined ? ['mode'] : [])] });
      }
    }
    const pa: PeerAuth = { object: obj, namespace: obj.namespace ?? 'default', selector, mode, modePath, portLevel };
    const hasSelector = Object.keys(selector).length > 0;
    if (hasSelector && pa.namespace === rootNamespace) {
      notes.push(`${where} has a workload selector in the root namespace: Istio ignores such policies (istio.io PeerAuthentication reference).`);
    }
    if (!hasSelector && portLevel.size > 0) {
      notes.push(`${where}: portLevelMtls without a workload selector has no effect (Istio applies port-level settings only from workload-level policies).`);
    }
    out.push(pa);
  }
  return out;
}

/** PeerAuthentication indexes for resolution. */
export class PeerAuthIndex {
  private readonly byNamespace = new Map<string, PeerAuth[]>();
  constructor(policies: readonly PeerAuth[], readonly rootNamespace: string) {
    for (const p of policies) {
      let list = this.byNamespace.get(p.namespace);
      if (!list) this.byNamespace.set(p.namespace, (list = []));
      list.push(p);
    }
  }

  get size(): number {
    let n = 0;
    for (const l of this.byNamespace.values()) n += l.length;
    return n;
  }

  private wide(namespace: string): PeerAuth[] {
    return (this.byNamespace.get(namespace) ?? []).filter((p) => Object.keys(p.selector).length === 0);
  }

  mesh(): Chosen | undefined {
    return choose(this.wide(this.rootNamespace));
  }

  namespace(ns: string): Chosen | undefined {
    return ns === this.rootNamespace ? undefined : choose(this.wide(ns));
  }

  workload(ns: string, labels: Record<string, string>): Chosen | undefined {
    if (ns === this.rootNamespace) return undefined;
    const matching = (this.byNamespace.get(ns) ?? []).filter((p) => {
      const keys = Object.keys(p.selector);
      return keys.length > 0 && keys.every((k) => labels[k] === p.selector[k]);
    });
    return choose(matching);
  }
}

export interface Chosen {
  policy: PeerAuth;
  others: PeerAuth[];
  ambiguous?: string;
}

function choose(list: PeerAuth[]): Chosen | undefined {
  const picked = pickOldest(list);
  if (!picked) return undefined;
  return picked.ambiguous !== undefined
    ? { policy: picked.winner, others: picked.others, ambiguous: picked.ambiguous }
    : { policy: picked.winner, others: picked.others };
}

/** A resolved Istio mode and how it was reached. */
export interface IstioMode {
  mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE';
  reason: string;
  decidedBy?: ModeDecision;
}

function decision(c: Chosen, level: ModeDecision['level'], path: Path): ModeDecision {
  const d: ModeDecision = { ref: configRef(c.policy.object, path), level };
  if (c.others.length > 0) d.alsoMatched = c.others.map((o) => configRef(o.object, o.modePath));
  if (c.ambiguous !== undefined) d.ambiguous = c.ambiguous;
  return d;
}

const LEVEL_WORDS: Record<string, string> = { mesh: 'mesh-wide', namespace: 'namespace-wide', workload: 'workload' };

/**
 * The workload-level (no port) mode, as ComposePeerAuthentication resolves it: mesh, then
 * namespace, then workload policy, each UNSET leaving the parent's mode.
 */
export function resolveWorkloadMode(index: PeerAuthIndex, ns: string, labels: Record<string, string>): IstioMode & { workloadPolicy?: Chosen } {
  const levels: [ModeDecision['level'], Chosen | undefined][] = [
    ['mesh', index.mesh()], ['namespace', index.namespace(ns)], ['workload', index.workload(ns, labels)],
  ];
  let result: IstioMode = { mode: 'PERMISSIVE', reason: 'no PeerAuthentication applies: Istio defaults to PERMISSIVE' };
  const unsetNotes: string[] = [];
  for (const [level, chosen] of levels) {
    if (!chosen) continue;
    const name = `${LEVEL_WORDS[level]} PeerAuthentication ${chosen.policy.namespace}/${chosen.policy.object.name}`;
    if (chosen.policy.mode === 'UNSET') {
      unsetNotes.push(`${name} leaves the mode UNSET`);
      continue;
    }
    result = { mode: chosen.policy.mode, reason: `${name} sets ${chosen.policy.mode}`, decidedBy: decision(chosen, level, chosen.policy.modePath) };
  }
  if (unsetNotes.length > 0) {
    const tail = result.decidedBy ? '' : ', and UNSET with no parent means PERMISSIVE';
    result = { ...result, reason: `${result.reason}; ${unsetNotes.join('; ')} (UNSET inherits)${tail}` };
  }
  const wl = index.workload(ns, labels);
  return wl ? { ...result, workloadPolicy: wl } : result;
}

/** The mode of one target port: the workload policy's portLevelMtls entry, else the workload mode. */
export function resolvePortMode(base: IstioMode & { workloadPolicy?: Chosen }, port: number): IstioMode {
  const wl = base.workloadPolicy;
  const entry = wl?.policy.portLevel.get(port);
  if (!wl || !entry) return { mode: base.mode, reason: base.reason, ...(base.decidedBy ? { decidedBy: base.decidedBy } : {}) };
  const name = `PeerAuthentication ${wl.policy.namespace}/${wl.policy.object.name}`;
  if (entry.mode === 'UNSET') {
    return { mode: base.mode, reason: `portLevelMtls ${port} of ${name} is UNSET, so the workload mode applies: ${base.reason}`, ...(base.decidedBy ? { decidedBy: base.decidedBy } : {}) };
  }
  return { mode: entry.mode, reason: `portLevelMtls ${port} of ${name} sets ${entry.mode}`, decidedBy: decision(wl, 'port', entry.path) };
}

/**
 * The mode istiod assumes for a Service's endpoints when it configures auto mTLS on clients
 * (`BestEffortInferServiceMTLSMode`): namespace- and mesh-level policies only, ignoring
 * workload- and port-level ones.
 */
export function autoMtlsHint(index: PeerAuthIndex, ns: string): 'STRICT' | 'PERMISSIVE' | 'DISABLE' {
  const nsPolicy = index.namespace(ns)?.policy;
  if (nsPolicy && nsPolicy.mode !== 'UNSET') return nsPolicy.mode;
  const mesh = index.mesh()?.policy;
  if (mesh && mesh.mode !== 'UNSET') return mesh.mode;
  return 'PERMISSIVE';
}

// ---------------------------------------------------------------------------------------------
// DestinationRule

export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';
const TLS_MODES: ReadonlySet<string> = new Set(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']);

/** A `tls.mode` found in a traffic policy, with its path. */
export interface TlsSetting {
  mode: ClientTlsMode;
  path: Path;
}

export interface TrafficPolicyTls {
  tls?: TlsSetting;
  /** Port-level settings by Service port number; an entry without tls inherits `tls`. */
  ports: Map<number, TlsSetting | undefined>;
}

export interface DestRule {
  object: KubeObject;
  namespace: string;
  host: string;
  /** The host as a FQDN or wildcard, short names expanded in the rule's namespace. */
  fqdn: string;
  exportTo: string[] | undefined;
  workloadSelector: Record<string, string> | undefined;
  policy: TrafficPolicyTls;
  subsets: { name: string; labels: Record<string, string>; policy: TrafficPolicyTls; path: Path }[];
}

function tlsOf(node: unknown, path: Path, where: string, notes: string[]): TlsSetting | undefined {
  if (!isRecord(node) || !isRecord(node.tls)) return undefined;
  const mode = node.tls.mode;
  if (mode === undefined) return undefined;
  if (typeof mode !== 'string' || !TLS_MODES.has(mode)) {
    notes.push(`${where}: tls.mode ${JSON.stringify(mode)} is not one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL; ignored.`);
    return undefined;
  }
  return { mode: mode as ClientTlsMode, path: [...path, 'tls', 'mode'] };
}

function trafficPolicyTls(node: unknown, path: Path, where: string, notes: string[]): TrafficPolicyTls {
  const out: TrafficPolicyTls = { ports: new Map() };
  const tls = tlsOf(node, path, where, notes);
  if (tls) out.tls = tls;
  if (isRecord(node) && Array.isArray(node.portLevelSettings)) {
    node.portLevelSettings.forEach((s, i) => {
      if (!isRecord(s) || !isRecord(s.port) || typeof s.port.number !== 'number') return;
      out.ports.set(s.port.number, tlsOf(s, [...path, 'portLevelSettings', i], where, notes));
    });
  }
  return out;
}

/** `reviews` -> `reviews.<ns>.svc.<domain>`; names with dots and wildcards stay as written. */
export function expandHost(host: string, namespace: string, domain: string): string {
  return host.includes('.') || host === '*' ? host : `${host}.${namespace}.svc.${domain}`;
}

export function parseDestinationRules(set: ObjectSet, domain: string, notes: string[]): DestRule[] {
  const out: DestRule[] = [];
  for (const obj of ofKindInGroup(set, 'DestinationRule', 'networking.istio.io')) {
    const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
    if (typeof spec.host !== 'string' || spec.host === '') continue;
    const ns = obj.namespace ?? 'default';
    const where = `DestinationRule ${ns}/${obj.name}`;
    const subsets: DestRule['subsets'] = [];
    if (Array.isArray(spec.subsets)) {
      spec.subsets.forEach((s, i) => {
        if (!isRecord(s) || typeof s.name !== 'string') return;
        subsets.push({
          name: s.name,
          labels: stringMap(s.labels),
          policy: trafficPolicyTls(s.trafficPolicy, ['spec', 'subsets', i, 'trafficPolicy'], `${where} subset ${s.name}`, notes),
          path: ['spec', 'subsets', i],
        });
      });
    }
    const ws = isRecord(spec.workloadSelector) ? stringMap(spec.workloadSelector.matchLabels) : undefined;
    out.push({
      object: obj,
      namespace: ns,
      host: spec.host,
      fqdn: expandHost(spec.host, ns, domain),
      exportTo: Array.isArray(spec.exportTo) ? spec.exportTo.map(String) : undefined,
      workloadSelector: ws,
      policy: trafficPolicyTls(spec.trafficPolicy, ['spec', 'trafficPolicy'], where, notes),
      subsets,
    });
  }
  return out;
}

/** How specifically a rule host matches a service FQDN: -1 no match, higher is more specific. */
export function hostSpecificity(ruleHost: string, fqdn: string): number {
  if (ruleHost === fqdn) return 1_000_000;
  if (ruleHost === '*') return 0;
  if (ruleHost.startsWith('*.')) return fqdn.endsWith(ruleHost.slice(1)) ? ruleHost.length : -1;
  return -1;
}

function visibleTo(rule: DestRule, clientNs: string): boolean {
  const list = rule.exportTo;
  if (list === undefined || list.length === 0) return true;
  return list.some((e) => e === '*' || (e === '.' && rule.namespace === clientNs) || e === clientNs);
}

/** The DestinationRule a client applies to a host, and the TLS mode at a Service port. */
export interface ClientRule {
  rule: DestRule;
  /** Undefined when the rule sets no TLS mode for the port: auto mTLS then decides. */
  tls?: TlsSetting;
}

/**
 * The DestinationRule a client sidecar uses for a Service: the first namespace of (client's,
 * service's, root) with a visible rule matching the host, the most specific host there, then a
 * rule with a matching workloadSelector before one without, then the oldest. Rules do not merge
 * across namespaces.
 */
export function lookupDestinationRule(
  rules: readonly DestRule[], rootNamespace: string,
  client: { namespace: string; labels: Record<string, string> },
  service: { namespace: string; fqdn: string; port: number },
): ClientRule | undefined {
  const order = [...new Set([client.namespace, service.namespace, rootNamespace])];
  for (const ns of order) {
    const candidates = rules
      .filter((r) => r.namespace === ns && visibleTo(r, client.namespace))
      .filter((r) => r.workloadSelector === undefined
        || (r.namespace === client.namespace && Object.entries(r.workloadSelector).every(([k, v]) => client.labels[k] === v)))
      .map((r) => ({ r, s: hostSpecificity(r.fqdn, service.fqdn) }))
      .filter((c) => c.s >= 0);
    if (candidates.length === 0) continue;
    const best = Math.max(...candidates.map((c) => c.s));
    const top = candidates.filter((c) => c.s === best);
    const withSelector = top.filter((c) => c.r.workloadSelector !== undefined);
    const pool = (withSelector.length > 0 ? withSelector : top).map((c) => ({ object: c.r.object, r: c.r }));
    const rule = pickOldest(pool)!.winner.r;
    const tls = tlsAtPort(rule.policy, service.port);
    return tls ? { rule, tls } : { rule };
  }
  return undefined;
}

/** The TLS setting of a traffic policy at a Service port: the port-level one, else the policy's. */
export function tlsAtPort(policy: TrafficPolicyTls, port: number): TlsSetting | undefined {
  return policy.ports.get(port) ?? policy.tls;
}
