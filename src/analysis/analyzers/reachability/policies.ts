/**
 * Reads NetworkPolicy (networking.k8s.io/v1), AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (policy.networking.k8s.io/v1alpha1) into plain rule definitions, with the API's defaults applied
 * and anything the API server would reject reported as a note (such a piece matches nothing).
 *
 * Sources: the NetworkPolicy API reference and kubernetes.io "Network Policies"; defaulting from
 * kubernetes/kubernetes `pkg/apis/networking/v1/defaults.go`; peer validation from
 * `pkg/apis/networking/validation`; ANP/BANP from kubernetes-sigs/network-policy-api
 * `apis/v1alpha1/{adminnetworkpolicy,baselineadminnetworkpolicy,shared}_types.go`.
 */
import {
  isEmptySelector, isRecord, parseLabelSelector, type KubeObject, type LabelSelector, type ObjectSet,
} from '../../../model/index.js';
import { IpSet, parseCidr } from './ip.js';
import { isProtocol, MAX_PORT, MIN_PORT, type Protocol } from './ports.js';

export type Direction = 'ingress' | 'egress';
export type PolicyKind = 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
export type RuleAction = 'Allow' | 'Deny' | 'Pass';

/** Names a policy object. `namespace` only for NetworkPolicy. */
export interface PolicyRef {
  kind: PolicyKind;
  namespace?: string;
  name: string;
}

/** Names one rule of a policy: its direction and 0-based position in that direction's list. */
export interface RuleRef extends PolicyRef {
  direction: Direction;
  index: number;
  /** The `name` an ANP/BANP rule gives itself. */
  ruleName?: string;
  /** ANP/BANP action; NetworkPolicy rules only allow. */
  action?: RuleAction;
}

/** A label selector; `selector` is undefined when it is invalid (it then matches nothing). */
export interface SelectorDef {
  selector: LabelSelector | undefined;
  key: string;
  empty: boolean;
}

export type NamespaceScope = { type: 'name'; namespace: string } | { type: 'selector'; selector: SelectorDef };

/** Pods with `pods` labels in the namespaces of `namespaces`. */
export interface PodPeerDef {
  namespaces: NamespaceScope;
  pods: SelectorDef;
}

export interface PortRangeDef {
  protocol: Protocol;
  lo: number;
  hi: number;
}

/** A named port; without a protocol (ANP `namedPort`) it matches the container port's own protocol. */
export interface NamedPortDef {
  name: string;
  protocol?: Protocol;
}

/** Ports of a rule; undefined (on the rule) means every port of every protocol. */
export interface PortsDef {
  ranges: PortRangeDef[];
  named: NamedPortDef[];
}

export interface RuleDef {
  ref: RuleRef;
  action: RuleAction;
  /** Every peer, in the cluster or outside (a NetworkPolicy rule without `from`/`to`). */
  matchesAll: boolean;
  podPeers: PodPeerDef[];
  /** Addresses of ipBlock / networks peers. */
  addresses: IpSet | undefined;
  /** ANP `networks` match pod traffic too; NetworkPolicy ipBlock is for cluster-external addresses. */
  addressesMatchPods: boolean;
  /** ANP `nodes: {}`: every node, so every hostNetwork pod. */
  allNodes: boolean;
  ports: PortsDef | undefined;
}

export interface NetworkPolicyDef {
  ref: PolicyRef;
  object: KubeObject;
  namespace: string;
  podSelector: SelectorDef;
  /** Effective policyTypes. */
  ingress: boolean;
  egress: boolean;
  ingressRules: RuleDef[];
  egressRules: RuleDef[];
}

export interface AdminPolicyDef {
  ref: PolicyRef;
  object: KubeObject;
  tier: 'ANP' | 'BANP';
  /** ANP priority (lower first); 0 for the BANP. */
  priority: number;
  /** Undefined when the subject is invalid: the policy then selects nothing. */
  subject: PodPeerDef | undefined;
  ingressRules: RuleDef[];
  egressRules: RuleDef[];
}

export interface ParsedPolicies {
  networkPolicies: NetworkPolicyDef[];
  adminPolicies: AdminPolicyDef[];
  baseline: AdminPolicyDef | undefined;
}

const NP_API_VERSIONS = new Set(['networking.k8s.io/v1', 'extensions/v1beta1']);
const ANP_API_VERSION = 'policy.networking.k8s.io/v1alpha1';

/** Policy kinds of other projects that also filter traffic; reported as not analysed. */
const FOREIGN_POLICY_KINDS = [
  'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'ClusterNetworkPolicy',
  'AntreaNetworkPolicy', 'AntreaClusterNetworkPolicy',
];

export type NoteFn = (message: string) => void;

function label(ref: PolicyRef): string {
  return ref.namespace !== undefined ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

function selectorKey(sel: LabelSelector): string {
  const ml = Object.keys(sel.matchLabels).sort().map((k) => [k, sel.matchLabels[k]]);
  const me = sel.matchExpressions.map((e) => [e.key, e.operator, [...e.values].sort()]).sort((a, b) =>
    JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
  return JSON.stringify([ml, me]);
}

/**
 * One parse: notes, and the pieces many policies repeat (selectors, peers, port ranges), kept once
 * each. Equal selectors are then one object, so the model can cache by identity, and a large cluster's
 * policies cost far less memory.
 */
interface Parse {
  note: NoteFn;
  selectors: Map<string, SelectorDef>;
  namedScopes: Map<string, NamespaceScope>;
  selectorScopes: Map<SelectorDef, NamespaceScope>;
  peers: Map<NamespaceScope, Map<SelectorDef, PodPeerDef>>;
  portRanges: Map<string, PortRangeDef>;
  ports: Map<string, PortsDef>;
  singlePeers: Map<PodPeerDef, PodPeerDef[]>;
}

const INVALID_SELECTOR: SelectorDef = { selector: undefined, key: '!invalid', empty: false };

function selectorDef(value: unknown, where: string, cx: Parse): SelectorDef {
  const parsed = parseLabelSelector(value);
  if (typeof parsed === 'string') {
    cx.note(`${where}: invalid label selector (${parsed}); it selects nothing.`);
    return INVALID_SELECTOR;
  }
  const key = selectorKey(parsed);
  let def = cx.selectors.get(key);
  if (!def) cx.selectors.set(key, (def = { selector: parsed, key, empty: isEmptySelector(parsed) }));
  return def;
}

function namedScope(namespace: string, cx: Parse): NamespaceScope {
  let scope = cx.namedScopes.get(namespace);
  if (!scope) cx.namedScopes.set(namespace, (scope = { type: 'name', namespace }));
  return scope;
}

function selectorScope(selector: SelectorDef, cx: Parse): NamespaceScope {
  let scope = cx.selectorScopes.get(selector);
  if (!scope) cx.selectorScopes.set(selector, (scope = { type: 'selector', selector }));
  return scope;
}

function podPeer(namespaces: NamespaceScope, pods: SelectorDef, cx: Parse): PodPeerDef {
  let byPods = cx.peers.get(namespaces);
  if (!byPods) cx.peers.set(namespaces, (byPods = new Map()));
  let peer = byPods.get(pods);
  if (!peer) byPods.set(pods, (peer = { namespaces, pods }));
  return peer;
}

function portRange(protocol: Protocol, lo: number, hi: number, cx: Parse): PortRangeDef {
  const key = `${protocol}:${lo}:${hi}`;
  let range = cx.portRanges.get(key);
  if (!range) cx.portRanges.set(key, (range = { protocol, lo, hi }));
  return range;
}

const NOTHING: readonly unknown[] = Object.freeze([]);

/**
 * A copy without spare capacity (an array grown by `push` keeps room for 16 more elements); an
 * empty list is one shared frozen array.
 */
function exact<T>(list: T[]): T[] {
  return list.length === 0 ? (NOTHING as T[]) : list.slice();
}

/** A rule's peers; a list of one peer is shared by every rule with just that peer. */
function peerList(peers: PodPeerDef[], cx: Parse): PodPeerDef[] {
  if (peers.length !== 1) return exact(peers);
  let list = cx.singlePeers.get(peers[0]!);
  if (!list) cx.singlePeers.set(peers[0]!, (list = Object.freeze([peers[0]!]) as readonly PodPeerDef[] as PodPeerDef[]));
  return list;
}

/** Equal port lists are one object. */
function portsDef(ranges: PortRangeDef[], named: NamedPortDef[], cx: Parse): PortsDef {
  let key = '';
  for (const r of ranges) key += `${r.protocol}:${r.lo}:${r.hi},`;
  // Names come from the input and may hold any character.
  if (named.length > 0) key += JSON.stringify(named.map((n) => [n.name, n.protocol ?? null]));
  let def = cx.ports.get(key);
  if (!def) cx.ports.set(key, (def = { ranges: exact(ranges), named: exact(named) }));
  return def;
}

function ruleRef(policy: PolicyRef, direction: Direction, index: number, rule: Record<string, unknown>, action?: RuleAction): RuleRef {
  // Literals of one shape each: a spread copy would give every ref a hidden class of its own.
  const ref: RuleRef = policy.namespace !== undefined
    ? { kind: policy.kind, namespace: policy.namespace, name: policy.name, direction, index }
    : { kind: policy.kind, name: policy.name, direction, index };
  if (typeof rule.name === 'string' && rule.name !== '') ref.ruleName = rule.name;
  if (action) ref.action = action;
  return ref;
}

function emptyRule(ref: RuleRef, action: RuleAction): RuleDef {
  return { ref, action, matchesAll: false, podPeers: NOTHING as PodPeerDef[], addresses: undefined, addressesMatchPods: false, allNodes: false, ports: undefined };
}

function ruleWhere(ref: RuleRef): string {
  return `${label(ref)} ${ref.direction}[${ref.index}]`;
}

function parseNpPorts(value: unknown, where: string, cx: Parse): PortsDef | undefined {
  // "If this field is empty or missing, this rule matches all ports."
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const note = cx.note;
  const ranges: PortRangeDef[] = [];
  const named: NamedPortDef[] = [];
  value.forEach((p, i) => {
    const at = `${where} ports[${i}]`;
    if (!isRecord(p)) return note(`${at}: not an object; ignored.`);
    const protocol = p.protocol ?? 'TCP';
    if (!isProtocol(protocol)) return note(`${at}: unsupported protocol ${String(protocol)}; ignored.`);
    if (p.port === undefined || p.port === null) {
      if (p.endPort !== undefined) note(`${at}: endPort without port is invalid; ignored.`);
      ranges.push(portRange(protocol, MIN_PORT, MAX_PORT, cx));
      return;
    }
    if (typeof p.port === 'string') {
      if (p.endPort !== undefined) note(`${at}: endPort with a named port is invalid; endPort ignored.`);
      named.push({ name: p.port, protocol });
      return;
    }
    if (typeof p.port !== 'number' || !Number.isInteger(p.port) || p.port < MIN_PORT || p.port > MAX_PORT) {
      return note(`${at}: invalid port ${JSON.stringify(p.port)}; ignored.`);
    }
    let hi = p.port;
    if (p.endPort !== undefined && p.endPort !== null) {
      if (typeof p.endPort !== 'number' || !Number.isInteger(p.endPort) || p.endPort < p.port || p.endPort > MAX_PORT) {
        return note(`${at}: invalid endPort ${JSON.stringify(p.endPort)}; the entry is ignored.`);
      }
      hi = p.endPort;
    }
    ranges.push(portRange(protocol, p.port, hi, cx));
  });
  return portsDef(ranges, named, cx);
}

function parseIpBlock(value: unknown, where: string, note: NoteFn): IpSet | undefined {
  if (!isRecord(value) || typeof value.cidr !== 'string') {
    note(`${where}: ipBlock needs a cidr; the peer matches nothing.`);
    return undefined;
  }
  const cidr = parseCidr(value.cidr);
  if (!cidr || !value.cidr.includes('/')) {
    note(`${where}: invalid ipBlock cidr "${value.cidr}"; the peer matches nothing.`);
    return undefined;
  }
  if (cidr.hostBitsSet) note(`${where}: ipBlock cidr "${value.cidr}" has host bits set; read as its network block.`);
  let set = IpSet.fromCidr(cidr);
  const except = Array.isArray(value.except) ? value.except : [];
  for (const e of except) {
    const ex = typeof e === 'string' ? parseCidr(e) : undefined;
    if (!ex || ex.family !== cidr.family) {
      note(`${where}: invalid except entry ${JSON.stringify(e)}; ignored.`);
      continue;
    }
    if (ex.lo < cidr.lo || ex.hi > cidr.hi) note(`${where}: except "${String(e)}" is not inside "${value.cidr}" (the API rejects this).`);
    set = set.subtract(IpSet.fromCidr(ex));
  }
  return set;
}

function parseNpRule(policy: NetworkPolicyDef, direction: Direction, index: number, raw: unknown, cx: Parse): RuleDef {
  const note = cx.note;
  const rec = isRecord(raw) ? raw : {};
  const ref = ruleRef(policy.ref, direction, index, {});
  const rule = emptyRule(ref, 'Allow');
  const where = ruleWhere(ref);
  if (!isRecord(raw)) note(`${where}: rule is not an object; read as an empty rule.`);
  const peersField = direction === 'ingress' ? 'from' : 'to';
  const peers = rec[peersField];
  rule.ports = parseNpPorts(rec.ports, where, cx);
  // "If this field is empty or missing, this rule matches all sources/destinations."
  if (!Array.isArray(peers) || peers.length === 0) {
    rule.matchesAll = true;
    return rule;
  }
  const podPeers: PodPeerDef[] = [];
  peers.forEach((peer, i) => {
    const at = `${where} ${peersField}[${i}]`;
    if (!isRecord(peer)) return note(`${at}: peer is not an object; it matches nothing.`);
    const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
    const hasNs = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
    const hasIp = peer.ipBlock !== undefined && peer.ipBlock !== null;
    if (hasIp && (hasPod || hasNs)) return note(`${at}: ipBlock cannot be combined with selectors (the API rejects this); the peer matches nothing.`);
    if (hasIp) {
      const set = parseIpBlock(peer.ipBlock, at, note);
      if (set) rule.addresses = rule.addresses ? rule.addresses.union(set) : set;
      return;
    }
    if (!hasPod && !hasNs) return note(`${at}: a peer must set podSelector, namespaceSelector or ipBlock; it matches nothing.`);
    // Without a namespaceSelector the peer is in the policy's own namespace.
    const namespaces = hasNs
      ? selectorScope(selectorDef(peer.namespaceSelector, `${at} namespaceSelector`, cx), cx)
      : namedScope(policy.namespace, cx);
    podPeers.push(podPeer(namespaces, selectorDef(hasPod ? peer.podSelector : {}, `${at} podSelector`, cx), cx));
  });
  rule.podPeers = peerList(podPeers, cx);
  return rule;
}

function parseNetworkPolicy(obj: KubeObject, cx: Parse): NetworkPolicyDef {
  const note = cx.note;
  const namespace = obj.namespace ?? 'default';
  const ref: PolicyRef = { kind: 'NetworkPolicy', namespace, name: obj.name };
  const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
  const where = label(ref);
  const ingressList = Array.isArray(spec.ingress) ? spec.ingress : [];
  const egressList = Array.isArray(spec.egress) ? spec.egress : [];
  let ingress: boolean;
  let egress: boolean;
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) {
    ingress = spec.policyTypes.includes('Ingress');
    egress = spec.policyTypes.includes('Egress');
    for (const t of spec.policyTypes) if (t !== 'Ingress' && t !== 'Egress') note(`${where}: unknown policyType ${JSON.stringify(t)}; ignored.`);
  } else {
    // SetDefaults_NetworkPolicy: Ingress always; Egress only when there is at least one egress
    // rule (`len(spec.Egress) != 0`), so `egress: []` alone does not isolate egress.
    ingress = true;
    egress = egressList.length > 0;
  }
  if (!ingress && ingressList.length > 0) note(`${where}: has ingress rules but policyTypes lacks Ingress; they have no effect.`);
  if (!egress && egressList.length > 0) note(`${where}: has egress rules but policyTypes lacks Egress; they have no effect.`);
  const def: NetworkPolicyDef = {
    ref,
    object: obj,
    namespace,
    // podSelector is required; a missing one decodes as the empty selector (every pod).
    podSelector: selectorDef(spec.podSelector ?? {}, `${where} podSelector`, cx),
    ingress,
    egress,
    ingressRules: NOTHING as RuleDef[],
    egressRules: NOTHING as RuleDef[],
  };
  if (ingress && ingressList.length > 0) def.ingressRules = ingressList.map((r, i) => parseNpRule(def, 'ingress', i, r, cx));
  if (egress && egressList.length > 0) def.egressRules = egressList.map((r, i) => parseNpRule(def, 'egress', i, r, cx));
  return def;
}

function parseNamespacedPod(value: unknown, where: string, cx: Parse): PodPeerDef | undefined {
  if (!isRecord(value)) {
    cx.note(`${where}: pods needs namespaceSelector and podSelector; it matches nothing.`);
    return undefined;
  }
  const namespaces = selectorScope(selectorDef(value.namespaceSelector ?? {}, `${where} namespaceSelector`, cx), cx);
  return podPeer(namespaces, selectorDef(value.podSelector ?? {}, `${where} podSelector`, cx), cx);
}

function parseAdminPorts(value: unknown, where: string, cx: Parse): PortsDef | undefined {
  // "If Ports is not set then the rule does not filter traffic via port."
  if (value === undefined || value === null) return undefined;
  const note = cx.note;
  const ranges: PortRangeDef[] = [];
  const named: NamedPortDef[] = [];
  if (!Array.isArray(value)) {
    note(`${where}: ports must be a list; the rule matches no port.`);
    return portsDef(ranges, named, cx);
  }
  value.forEach((p, i) => {
    const at = `${where} ports[${i}]`;
    if (!isRecord(p)) return note(`${at}: not an object; ignored.`);
    if (isRecord(p.portNumber)) {
      const protocol = p.portNumber.protocol ?? 'TCP';
      const port = p.portNumber.port;
      if (!isProtocol(protocol)) return note(`${at}: unsupported protocol ${String(protocol)}; ignored.`);
      if (typeof port !== 'number' || !Number.isInteger(port) || port < MIN_PORT || port > MAX_PORT) return note(`${at}: invalid port; ignored.`);
      ranges.push(portRange(protocol, port, port, cx));
    } else if (typeof p.namedPort === 'string') {
      named.push({ name: p.namedPort });
    } else if (isRecord(p.portRange)) {
      const protocol = p.portRange.protocol ?? 'TCP';
      const { start, end } = p.portRange;
      if (!isProtocol(protocol)) return note(`${at}: unsupported protocol ${String(protocol)}; ignored.`);
      if (typeof start !== 'number' || typeof end !== 'number' || start < MIN_PORT || end > MAX_PORT || start > end) {
        return note(`${at}: invalid portRange; ignored.`);
      }
      ranges.push(portRange(protocol, start, end, cx));
    } else note(`${at}: needs portNumber, namedPort or portRange; ignored.`);
  });
  return portsDef(ranges, named, cx);
}

function parseAdminRule(policy: AdminPolicyDef, direction: Direction, index: number, raw: unknown, cx: Parse): RuleDef | undefined {
  const note = cx.note;
  const rec = isRecord(raw) ? raw : {};
  const allowed = policy.tier === 'ANP' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  const action = typeof rec.action === 'string' && allowed.includes(rec.action) ? (rec.action as RuleAction) : undefined;
  const ref = ruleRef(policy.ref, direction, index, rec, action);
  const where = ruleWhere(ref);
  if (!action) {
    note(`${where}: action must be one of ${allowed.join(', ')}; the rule is ignored.`);
    return undefined;
  }
  const rule = emptyRule(ref, action);
  rule.ports = parseAdminPorts(rec.ports, where, cx);
  const field = direction === 'ingress' ? 'from' : 'to';
  const peers = rec[field];
  if (!Array.isArray(peers) || peers.length === 0) {
    note(`${where}: ${field} must list at least one peer; the rule matches nothing.`);
    return rule;
  }
  const podPeers: PodPeerDef[] = [];
  peers.forEach((peer, i) => {
    const at = `${where} ${field}[${i}]`;
    const p = isRecord(peer) ? peer : {};
    if (isRecord(p.namespaces)) {
      podPeers.push(podPeer(selectorScope(selectorDef(p.namespaces, `${at} namespaces`, cx), cx), selectorDef({}, '', cx), cx));
    } else if (p.pods !== undefined) {
      const pp = parseNamespacedPod(p.pods, `${at} pods`, cx);
      if (pp) podPeers.push(pp);
    } else if (direction === 'egress' && Array.isArray(p.networks)) {
      let set = rule.addresses ?? IpSet.EMPTY;
      for (const c of p.networks) {
        const cidr = typeof c === 'string' && c.includes('/') ? parseCidr(c) : undefined;
        if (!cidr) note(`${at}: invalid network ${JSON.stringify(c)}; ignored.`);
        else set = set.union(IpSet.fromCidr(cidr));
      }
      rule.addresses = set;
      rule.addressesMatchPods = true;
    } else if (direction === 'egress' && isRecord(p.nodes)) {
      const sel = selectorDef(p.nodes, `${at} nodes`, cx);
      if (sel.empty) rule.allNodes = true;
      else note(`${at}: nodes selects by node labels, which cannot be tied to pods here; it matches nothing.`);
    } else if (action === 'Deny') {
      // "If a consumer observes none of its fields are set, they must assume an unknown option has
      // been specified and fail closed": for a Deny rule, closed means it denies every peer.
      note(`${at}: no peer type this analyzer knows; failing closed, the Deny rule matches every peer.`);
      rule.matchesAll = true;
    } else note(`${at}: no peer type this analyzer knows; failing closed, the ${action} rule matches nothing.`);
  });
  rule.podPeers = peerList(podPeers, cx);
  return rule;
}

function parseAdminPolicy(obj: KubeObject, tier: 'ANP' | 'BANP', cx: Parse): AdminPolicyDef | undefined {
  const note = cx.note;
  const kind = tier === 'ANP' ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy';
  const ref: PolicyRef = { kind, name: obj.name };
  const where = label(ref);
  const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
  let priority = 0;
  if (tier === 'ANP') {
    if (typeof spec.priority !== 'number' || !Number.isInteger(spec.priority) || spec.priority < 0 || spec.priority > 1000) {
      note(`${where}: priority must be an integer from 0 to 1000; the policy is ignored.`);
      return undefined;
    }
    priority = spec.priority;
  }
  const def: AdminPolicyDef = { ref, object: obj, tier, priority, subject: undefined, ingressRules: [], egressRules: [] };
  const subject = isRecord(spec.subject) ? spec.subject : {};
  if (isRecord(subject.namespaces) && subject.pods === undefined) {
    def.subject = podPeer(selectorScope(selectorDef(subject.namespaces, `${where} subject.namespaces`, cx), cx), selectorDef({}, '', cx), cx);
  } else if (subject.pods !== undefined && subject.namespaces === undefined) {
    def.subject = parseNamespacedPod(subject.pods, `${where} subject.pods`, cx);
  } else note(`${where}: subject must set exactly one of namespaces or pods; the policy selects nothing.`);
  const ingress = Array.isArray(spec.ingress) ? spec.ingress : [];
  const egress = Array.isArray(spec.egress) ? spec.egress : [];
  def.ingressRules = ingress.flatMap((r, i) => parseAdminRule(def, 'ingress', i, r, cx) ?? []);
  def.egressRules = egress.flatMap((r, i) => parseAdminRule(def, 'egress', i, r, cx) ?? []);
  return def;
}

/** Reads every policy of the set. */
export function parsePolicies(set: ObjectSet, note: NoteFn): ParsedPolicies {
  const cx: Parse = { note, selectors: new Map(), namedScopes: new Map(), selectorScopes: new Map(), peers: new Map(), portRanges: new Map(), ports: new Map(), singlePeers: new Map() };
  const networkPolicies: NetworkPolicyDef[] = [];
  for (const obj of set.ofKind('NetworkPolicy')) {
    if (!NP_API_VERSIONS.has(obj.apiVersion)) {
      note(`NetworkPolicy ${obj.namespace ?? 'default'}/${obj.name} has apiVersion ${obj.apiVersion}, not networking.k8s.io/v1: not analysed.`);
      continue;
    }
    networkPolicies.push(parseNetworkPolicy(obj, cx));
  }
  const adminPolicies: AdminPolicyDef[] = [];
  for (const obj of set.ofKind('AdminNetworkPolicy')) {
    if (obj.apiVersion !== ANP_API_VERSION) {
      note(`AdminNetworkPolicy ${obj.name} has apiVersion ${obj.apiVersion}, not ${ANP_API_VERSION}: not analysed.`);
      continue;
    }
    const def = parseAdminPolicy(obj, 'ANP', cx);
    if (def) adminPolicies.push(def);
  }
  // Lower priority value first. Equal priorities have no defined order (API comment); name order
  // keeps the result stable and is reported.
  adminPolicies.sort((a, b) => a.priority - b.priority || (a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0));
  for (let i = 1; i < adminPolicies.length; i++) {
    if (adminPolicies[i]!.priority === adminPolicies[i - 1]!.priority) {
      note(`AdminNetworkPolicies ${adminPolicies[i - 1]!.ref.name} and ${adminPolicies[i]!.ref.name} share priority ${adminPolicies[i]!.priority}: their relative order is undefined in the API; evaluated in name order.`);
    }
  }
  let baseline: AdminPolicyDef | undefined;
  for (const obj of set.ofKind('BaselineAdminNetworkPolicy')) {
    if (obj.apiVersion !== ANP_API_VERSION) {
      note(`BaselineAdminNetworkPolicy ${obj.name} has apiVersion ${obj.apiVersion}, not ${ANP_API_VERSION}: not analysed.`);
      continue;
    }
    if (obj.name !== 'default') {
      note(`BaselineAdminNetworkPolicy ${obj.name}: only one named "default" can exist; ignored.`);
      continue;
    }
    if (baseline) continue;
    baseline = parseAdminPolicy(obj, 'BANP', cx);
  }
  for (const kind of FOREIGN_POLICY_KINDS) {
    const n = set.ofKind(kind).length;
    if (n > 0) note(`${n} ${kind} object(s) present: not analysed; the traffic they block or allow is not reflected here.`);
  }
  return { networkPolicies, adminPolicies, baseline };
}
