/**
 * The reachability model: pods grouped into classes that no policy can tell apart, every policy
 * rule compiled to a bitset of the classes and external address ranges ("atoms") it matches, and
 * per class and direction a context (the ordered rules that apply to it) whose verdicts are
 * memoised by which of its rules match a peer.
 *
 * Evaluation of one direction for a subject pod and a peer, for the ports not yet decided:
 * 1. AdminNetworkPolicy rules, in priority order then rule order: the first rule matching a port
 *    decides it; Allow and Deny are final, Pass hands it to step 2.
 * 2. If any NetworkPolicy selects the pod for the direction, it is allowed exactly when some rule
 *    of those policies allows it (their union); otherwise step 3.
 * 3. The BaselineAdminNetworkPolicy `default`, first matching rule; anything left is allowed.
 * hostNetwork pods are subject to none of these (see the notes the result carries).
 */
import { labelsOf, matchesSelector, type ObjectSet } from '../../../model/index.js';
import { IpSet, ipSetOf, type IpFamily } from './ip.js';
import {
  parsePolicies, type AdminPolicyDef, type Direction, type NetworkPolicyDef, type NoteFn, type PodPeerDef,
  type PolicyRef, type RuleAction, type RuleDef, type SelectorDef,
} from './policies.js';
import { PortTable, type PortSet } from './ports.js';
import { discoverWorkloads, type DiscoveredWorkload, type NamedPort } from './workloads.js';

export interface ReachabilityOptions {
  /**
   * CIDRs that pod IPs are allocated from. ANP `networks` peers match pod traffic when they contain
   * all of them; without them, only a network covering a whole address family (`0.0.0.0/0`,
   * `::/0`) is taken to contain pods. They are also left out of the external address space.
   */
  podCidrs?: string[];
  /**
   * Node addresses, where hostNetwork pods send from and listen on. An ipBlock or `networks` peer
   * matches hostNetwork pods when it contains all of them; without them, only when it covers a
   * whole address family. They are also left out of the external address space.
   */
  nodeCidrs?: string[];
}

export type Tier = 'ANP' | 'NetworkPolicy' | 'BANP';

/** A fixed-size set of small integers. */
export class Bits {
  readonly words: Uint32Array;
  constructor(readonly size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }
  has(i: number): boolean {
    return ((this.words[i >>> 5]! >>> (i & 31)) & 1) === 1;
  }
  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  or(other: Bits): void {
    for (let i = 0; i < this.words.length; i++) this.words[i]! |= other.words[i]!;
  }
  fill(): void {
    for (let i = 0; i < this.size; i++) this.add(i);
  }
  forEach(fn: (i: number) => void): void {
    const w = this.words;
    for (let k = 0; k < w.length; k++) {
      let word = w[k]!;
      while (word !== 0) {
        const low = word & -word;
        fn((k << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }
}

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
}

/** Pods that every policy treats alike. */
export interface PodClass {
  index: number;
  namespace: string;
  labels: Record<string, string>;
  /** Interned named-port signature; 0 for "no named ports" (which is also how addresses resolve). */
  npKey: number;
  hostNetwork: boolean;
  workloads: number[];
}

export interface Rule {
  def: RuleDef;
  tier: Tier;
  action: RuleAction;
  peers: Bits;
  atoms: Bits;
  /** Ports that do not depend on the destination pod (all of them when the rule has no ports). */
  fixed: PortSet;
  /** Memo of fixed + resolved named ports, by destination npKey. */
  resolved: Map<number, PortSet> | undefined;
}

export interface Context {
  hostNetwork: boolean;
  /** ANP rules in order, then NetworkPolicy rules, then BANP rules. */
  rules: Rule[];
  anpEnd: number;
  npEnd: number;
  /** Selected by some NetworkPolicy for this direction. */
  isolated: boolean;
  /** The NetworkPolicies selecting the pod for this direction. */
  policies: NetworkPolicyDef[];
  /** ANPs whose subject holds the pod (whether or not they have rules for this direction). */
  adminPolicies: AdminPolicyDef[];
  baseline: boolean;
  /** Ingress: the subject's npKey (ports resolve on the subject). Egress: -1 (they resolve on the peer). */
  npKey: number;
  named: boolean;
  memo: Map<number | string, PortSet>;
  /** Egress: the classes worth visiting (every class when an unmatched peer is allowed). */
  candidates?: Bits | 'all';
  extRow?: ExternalRow;
}

export interface Atom {
  family: IpFamily;
  lo: bigint;
  hi: bigint;
}

export interface Model {
  ports: PortTable;
  namespaces: Map<string, NamespaceInfo>;
  workloads: DiscoveredWorkload[];
  classes: PodClass[];
  /** Named ports by npKey. */
  namedPorts: NamedPort[][];
  networkPolicies: NetworkPolicyDef[];
  adminPolicies: AdminPolicyDef[];
  baseline: AdminPolicyDef | undefined;
  /** Classes each NetworkPolicy / ANP / the BANP selects. */
  npSubjects: Bits[];
  anpSubjects: Bits[];
  banpSubject: Bits | undefined;
  ingress: Context[];
  egress: Context[];
  atoms: Atom[];
  /** The external address space: everything but the pod and node CIDRs given. */
  universe: IpSet;
  notes: string[];
  /** Whether the set had NetworkPolicy ipBlock peers / ANP networks peers (for the notes). */
  usesIpBlocks: boolean;
}

const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

function namespacesOf(set: ObjectSet): Map<string, NamespaceInfo> {
  const out = new Map<string, NamespaceInfo>();
  for (const name of set.namespaces()) {
    const obj = set.get('Namespace', undefined, name);
    const labels = obj ? labelsOf(obj) : {};
    // The control plane sets this immutable label on every namespace, whatever the manifest says.
    labels[METADATA_NAME_LABEL] = name;
    out.set(name, { name, labels });
  }
  return out;
}

/** Collects notes once each, in first-seen order. */
class Notes {
  private readonly seen = new Set<string>();
  readonly list: string[] = [];
  readonly add: NoteFn = (m) => {
    if (this.seen.has(m)) return;
    this.seen.add(m);
    this.list.push(m);
  };
}

/** Builds the model every query runs on. */
export function buildModel(set: ObjectSet, options: ReachabilityOptions = {}): Model {
  const notes = new Notes();
  const T = new PortTable();
  const namespaces = namespacesOf(set);
  const { workloads, shapes } = discoverWorkloads(set);

  // Pod classes.
  const npKeys = new Map<string, number>([['[]', 0]]);
  const namedPorts: NamedPort[][] = [[]];
  const classByKey = new Map<string, PodClass>();
  const classes: PodClass[] = [];
  for (const shape of shapes) {
    const npText = JSON.stringify(shape.namedPorts.map((p) => [p.name, p.protocol, p.port]));
    let npKey = npKeys.get(npText);
    if (npKey === undefined) {
      npKey = namedPorts.length;
      npKeys.set(npText, npKey);
      namedPorts.push(shape.namedPorts);
    }
    const labelText = JSON.stringify(Object.keys(shape.labels).sort().map((k) => [k, shape.labels[k]]));
    const key = `${shape.namespace}\u0000${labelText}\u0000${npKey}\u0000${shape.hostNetwork ? 1 : 0}`;
    let cls = classByKey.get(key);
    if (!cls) {
      cls = { index: classes.length, namespace: shape.namespace, labels: shape.labels, npKey, hostNetwork: shape.hostNetwork, workloads: [] };
      classByKey.set(key, cls);
      classes.push(cls);
    }
    if (!cls.workloads.includes(shape.workload)) cls.workloads.push(shape.workload);
  }
  const C = classes.length;

  // Indexes for selector evaluation: classes by namespace and by label, hostNetwork pods left out
  // because pod and namespace selectors never match them.
  const byNamespace = new Map<string, number[]>();
  const byLabel = new Map<string, number[]>();
  const hostNetworkClasses = new Bits(C);
  const podNetworkClasses = new Bits(C);
  for (const c of classes) {
    if (c.hostNetwork) {
      hostNetworkClasses.add(c.index);
      continue;
    }
    podNetworkClasses.add(c.index);
    let list = byNamespace.get(c.namespace);
    if (!list) byNamespace.set(c.namespace, (list = []));
    list.push(c.index);
    for (const [k, v] of Object.entries(c.labels)) {
      const lk = `${k}\u0000${v}`;
      let l = byLabel.get(lk);
      if (!l) byLabel.set(lk, (l = []));
      l.push(c.index);
    }
  }

  const nsSelectorCache = new Map<string, string[]>();
  const selectNamespaces = (sel: SelectorDef): string[] => {
    let hit = nsSelectorCache.get(sel.key);
    if (!hit) {
      const s = sel.selector;
      hit = s ? [...namespaces.values()].filter((n) => matchesSelector(s, n.labels)).map((n) => n.name) : [];
      nsSelectorCache.set(sel.key, hit);
    }
    return hit;
  };
  const podCache = new Map<string, Bits>();
  const selectPods = (peer: PodPeerDef): Bits => {
    const nsKey = peer.namespaces.type === 'name' ? `n:${peer.namespaces.namespace}` : `s:${peer.namespaces.selector.key}`;
    const key = `${nsKey}\u0001${peer.pods.key}`;
    let bits = podCache.get(key);
    if (bits) return bits;
    bits = new Bits(C);
    podCache.set(key, bits);
    const sel = peer.pods.selector;
    if (!sel) return bits;
    const nsList = peer.namespaces.type === 'name' ? [peer.namespaces.namespace] : selectNamespaces(peer.namespaces.selector);
    if (peer.pods.empty) {
      for (const ns of nsList) for (const i of byNamespace.get(ns) ?? []) bits.add(i);
      return bits;
    }
    const first = Object.entries(sel.matchLabels)[0];
    const nsCount = nsList.reduce((n, ns) => n + (byNamespace.get(ns)?.length ?? 0), 0);
    const indexed = first ? byLabel.get(`${first[0]}\u0000${first[1]}`) ?? [] : undefined;
    if (indexed && indexed.length < nsCount) {
      const nsSet = new Set(nsList);
      for (const i of indexed) if (nsSet.has(classes[i]!.namespace) && matchesSelector(sel, classes[i]!.labels)) bits.add(i);
    } else {
      for (const ns of nsList) for (const i of byNamespace.get(ns) ?? []) if (matchesSelector(sel, classes[i]!.labels)) bits.add(i);
    }
    return bits;
  };

  const parsed = parsePolicies(set, notes.add);
  const allRuleDefs: RuleDef[] = [];
  for (const p of parsed.networkPolicies) allRuleDefs.push(...p.ingressRules, ...p.egressRules);
  for (const p of parsed.adminPolicies) allRuleDefs.push(...p.ingressRules, ...p.egressRules);
  if (parsed.baseline) allRuleDefs.push(...parsed.baseline.ingressRules, ...parsed.baseline.egressRules);

  // External address space, cut into atoms at every boundary any rule uses.
  const podSet = clusterCidrs(options.podCidrs, 'podCidrs', notes.add);
  const nodeSet = clusterCidrs(options.nodeCidrs, 'nodeCidrs', notes.add);
  let universe = IpSet.ALL;
  if (podSet) universe = universe.subtract(podSet);
  if (nodeSet) universe = universe.subtract(nodeSet);
  const atoms = cutAtoms(universe, allRuleDefs.flatMap((r) => (r.addresses ? [r.addresses] : [])));
  const A = atoms.length;
  const atomsOf = (addresses: IpSet): Bits => {
    const bits = new Bits(A);
    for (const family of [4, 6] as const) {
      for (const [lo, hi] of addresses.ranges(family)) {
        // Atoms are sorted by family then address; find the first one starting at or after lo.
        let a = 0;
        let b = A;
        while (a < b) {
          const m = (a + b) >>> 1;
          const at = atoms[m]!;
          if (at.family < family || (at.family === family && at.lo < lo)) a = m + 1;
          else b = m;
        }
        for (let i = a; i < A && atoms[i]!.family === family && atoms[i]!.hi <= hi; i++) bits.add(i);
      }
    }
    return bits;
  };
  const covers = (addresses: IpSet, cluster: IpSet | undefined): boolean =>
    cluster ? addresses.contains(cluster) : addresses.coversFamily(4) || addresses.coversFamily(6);

  let usesIpBlocks = false;
  const compileRule = (def: RuleDef, tier: Tier): Rule => {
    const peers = new Bits(C);
    let atomBits: Bits;
    if (def.matchesAll) {
      peers.fill();
      atomBits = new Bits(A);
      atomBits.fill();
    } else {
      for (const p of def.podPeers) peers.or(selectPods(p));
      atomBits = def.addresses ? atomsOf(def.addresses) : new Bits(A);
      if (def.addresses) {
        if (tier === 'NetworkPolicy') usesIpBlocks = true;
        if (def.addressesMatchPods) {
          if (covers(def.addresses, podSet)) peers.or(podNetworkClasses);
          else if (!def.addresses.isEmpty && !podSet) {
            notes.add(`${ruleLabel(def)}: networks peer is not a whole address family and pod CIDRs are unknown (option podCidrs); it is taken to match no pods.`);
          }
        }
        if (covers(def.addresses, nodeSet)) peers.or(hostNetworkClasses);
      }
      if (def.allNodes) peers.or(hostNetworkClasses);
    }
    let fixed = T.empty;
    if (!def.ports) fixed = T.all;
    else for (const r of def.ports.ranges) fixed = T.union(fixed, T.range(r.protocol, r.lo, r.hi));
    return {
      def, tier, action: def.action, peers, atoms: atomBits, fixed,
      resolved: def.ports && def.ports.named.length > 0 ? new Map() : undefined,
    };
  };

  const npRules = parsed.networkPolicies.map((p) => ({
    ingress: p.ingressRules.map((r) => compileRule(r, 'NetworkPolicy')),
    egress: p.egressRules.map((r) => compileRule(r, 'NetworkPolicy')),
  }));
  const anpRules = parsed.adminPolicies.map((p) => ({
    ingress: p.ingressRules.map((r) => compileRule(r, 'ANP')),
    egress: p.egressRules.map((r) => compileRule(r, 'ANP')),
  }));
  const banpRules = parsed.baseline
    ? { ingress: parsed.baseline.ingressRules.map((r) => compileRule(r, 'BANP')), egress: parsed.baseline.egressRules.map((r) => compileRule(r, 'BANP')) }
    : { ingress: [], egress: [] };

  // Subjects: which classes each policy applies to. hostNetwork pods are never subjects.
  const npSubjects = parsed.networkPolicies.map((p) => selectPods({ namespaces: { type: 'name', namespace: p.namespace }, pods: p.podSelector }));
  const anpSubjects = parsed.adminPolicies.map((p) => (p.subject ? selectPods(p.subject) : new Bits(C)));
  const banpSubject = parsed.baseline ? (parsed.baseline.subject ? selectPods(parsed.baseline.subject) : new Bits(C)) : undefined;

  const perClassNp: number[][] = classes.map(() => []);
  npSubjects.forEach((bits, i) => bits.forEach((c) => perClassNp[c]!.push(i)));
  const perClassAnp: number[][] = classes.map(() => []);
  anpSubjects.forEach((bits, i) => bits.forEach((c) => perClassAnp[c]!.push(i)));

  const openContext = (): Context => ({
    hostNetwork: true, rules: [], anpEnd: 0, npEnd: 0, isolated: false, policies: [], adminPolicies: [], baseline: false,
    npKey: -1, named: false, memo: new Map(), candidates: 'all',
  });
  const hostContexts = { ingress: openContext(), egress: openContext() };
  const contextCache = new Map<string, Context>();
  const contextFor = (c: PodClass, direction: Direction): Context => {
    if (c.hostNetwork) return hostContexts[direction];
    const anp = perClassAnp[c.index]!;
    const nps = perClassNp[c.index]!.filter((i) => parsed.networkPolicies[i]![direction]);
    const banp = banpSubject?.has(c.index) ?? false;
    const anpList = anp.flatMap((i) => anpRules[i]![direction]);
    const npList = nps.flatMap((i) => npRules[i]![direction]);
    const banpList = banp ? banpRules[direction] : [];
    const named = [...anpList, ...npList, ...banpList].some((r) => r.resolved !== undefined);
    const npKey = direction === 'ingress' ? (named ? c.npKey : 0) : -1;
    const key = `${direction}|${anp.join(',')}|${nps.join(',')}|${banp ? 1 : 0}|${npKey}`;
    let ctx = contextCache.get(key);
    if (!ctx) {
      ctx = {
        hostNetwork: false,
        rules: [...anpList, ...npList, ...banpList],
        anpEnd: anpList.length,
        npEnd: anpList.length + npList.length,
        isolated: nps.length > 0,
        policies: nps.map((i) => parsed.networkPolicies[i]!),
        adminPolicies: anp.map((i) => parsed.adminPolicies[i]!),
        baseline: banp,
        npKey,
        named,
        memo: new Map(),
      };
      contextCache.set(key, ctx);
    }
    return ctx;
  };
  const ingress = classes.map((c) => contextFor(c, 'ingress'));
  const egress = classes.map((c) => contextFor(c, 'egress'));

  return {
    ports: T, namespaces, workloads, classes, namedPorts,
    networkPolicies: parsed.networkPolicies, adminPolicies: parsed.adminPolicies, baseline: parsed.baseline,
    npSubjects, anpSubjects, banpSubject, ingress, egress, atoms, universe, notes: notes.list, usesIpBlocks,
  };
}

function ruleLabel(def: RuleDef): string {
  const r = def.ref;
  return `${r.kind} ${r.namespace !== undefined ? `${r.namespace}/` : ''}${r.name} ${r.direction}[${r.index}]`;
}

function clusterCidrs(list: string[] | undefined, option: string, note: NoteFn): IpSet | undefined {
  if (!list || list.length === 0) return undefined;
  const { set, invalid } = ipSetOf(list);
  for (const c of invalid) note(`option ${option}: "${c}" is not a CIDR; ignored.`);
  return set.isEmpty ? undefined : set;
}

/** Splits the universe at every range boundary of the given sets. */
function cutAtoms(universe: IpSet, sets: IpSet[]): Atom[] {
  const atoms: Atom[] = [];
  for (const family of [4, 6] as const) {
    const cuts = new Set<bigint>();
    for (const s of sets) for (const [lo, hi] of s.ranges(family)) {
      cuts.add(lo);
      cuts.add(hi + 1n);
    }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [ulo, uhi] of universe.ranges(family)) {
      let lo = ulo;
      for (const c of sorted) {
        if (c <= lo) continue;
        if (c > uhi) break;
        atoms.push({ family, lo, hi: c - 1n });
        lo = c;
      }
      atoms.push({ family, lo, hi: uhi });
    }
  }
  return atoms;
}

/** A rule's ports for a destination with this named-port signature. */
export function portsOf(model: Model, rule: Rule, npKey: number): PortSet {
  if (!rule.resolved || npKey <= 0) return rule.fixed;
  let r = rule.resolved.get(npKey);
  if (!r) {
    const T = model.ports;
    r = rule.fixed;
    for (const want of rule.def.ports!.named) {
      for (const p of model.namedPorts[npKey]!) {
        // NetworkPolicy: name AND protocol must match; ANP namedPort: the container port's protocol.
        if (p.name === want.name && (want.protocol === undefined || want.protocol === p.protocol)) {
          r = T.union(r, T.range(p.protocol, p.port, p.port));
        }
      }
    }
    rule.resolved.set(npKey, r);
  }
  return r;
}

/**
 * The ports a context allows towards/from one peer, given which of its rules match the peer
 * (`matched(k)` for rule k) and the npKey ports resolve against.
 */
export function evaluate(model: Model, ctx: Context, matched: (k: number) => boolean, npKey: number): PortSet {
  const T = model.ports;
  if (ctx.hostNetwork) return T.all;
  let undecided = T.all;
  let allowed = T.empty;
  let passed = T.empty;
  const rules = ctx.rules;
  for (let k = 0; k < ctx.anpEnd && !undecided.isEmpty; k++) {
    if (!matched(k)) continue;
    const m = T.intersect(portsOf(model, rules[k]!, npKey), undecided);
    if (m.isEmpty) continue;
    if (rules[k]!.action === 'Allow') allowed = T.union(allowed, m);
    else if (rules[k]!.action === 'Pass') passed = T.union(passed, m);
    undecided = T.subtract(undecided, m);
  }
  let rest = T.union(undecided, passed);
  if (rest.isEmpty) return allowed;
  if (ctx.isolated) {
    let np = T.empty;
    for (let k = ctx.anpEnd; k < ctx.npEnd; k++) if (matched(k)) np = T.union(np, portsOf(model, rules[k]!, npKey));
    return T.union(allowed, T.intersect(rest, np));
  }
  for (let k = ctx.npEnd; k < rules.length && !rest.isEmpty; k++) {
    if (!matched(k)) continue;
    const m = T.intersect(portsOf(model, rules[k]!, npKey), rest);
    if (m.isEmpty) continue;
    if (rules[k]!.action === 'Allow') allowed = T.union(allowed, m);
    rest = T.subtract(rest, m);
  }
  return T.union(allowed, rest);
}

/** Memoised {@link evaluate} for a peer described by a membership test per rule. */
function lookup(model: Model, ctx: Context, member: (r: Rule) => boolean, npKey: number): PortSet {
  const rules = ctx.rules;
  const n = rules.length;
  if (n === 0) return ctx.hostNetwork || !ctx.isolated ? model.ports.all : model.ports.empty;
  const keyedNp = ctx.named && ctx.npKey < 0 ? npKey : 0;
  let key: number | string;
  if (n <= 30 && keyedNp < 0x100000) {
    let sig = 0;
    for (let k = 0; k < n; k++) if (member(rules[k]!)) sig |= 1 << k;
    key = (sig >>> 0) * 0x100000 + keyedNp;
  } else {
    let s = '';
    for (let k = 0; k < n; k++) s += member(rules[k]!) ? '1' : '0';
    key = `${s}:${keyedNp}`;
  }
  return memoised(model, ctx, key, (k) => member(rules[k]!), npKey);
}

function memoised(model: Model, ctx: Context, key: number | string, matched: (k: number) => boolean, npKey: number): PortSet {
  let hit = ctx.memo.get(key);
  if (!hit) {
    hit = evaluate(model, ctx, matched, ctx.npKey >= 0 ? ctx.npKey : npKey);
    ctx.memo.set(key, hit);
  }
  return hit;
}

/**
 * What a context allows with a peer class: egress contexts towards it (ports resolve on the peer,
 * `npKey` is the peer's), ingress contexts from it. The hot path of the pair loop, so the
 * membership test is inlined.
 */
export function lookupClass(model: Model, ctx: Context, peer: number, npKey: number): PortSet {
  const rules = ctx.rules;
  const n = rules.length;
  if (n === 0) return ctx.hostNetwork || !ctx.isolated ? model.ports.all : model.ports.empty;
  const keyedNp = ctx.named && ctx.npKey < 0 ? npKey : 0;
  const w = peer >>> 5;
  const b = peer & 31;
  if (n <= 30 && keyedNp < 0x100000) {
    let sig = 0;
    for (let k = 0; k < n; k++) if ((rules[k]!.peers.words[w]! >>> b) & 1) sig |= 1 << k;
    const key = (sig >>> 0) * 0x100000 + keyedNp;
    const hit = ctx.memo.get(key);
    if (hit) return hit;
    return memoised(model, ctx, key, (k) => ((sig >>> k) & 1) === 1, npKey);
  }
  return lookup(model, ctx, (r) => r.peers.has(peer), npKey);
}

/** Ports the egress context of a source allows towards a destination class. */
export function egressTo(model: Model, ctx: Context, dst: PodClass): PortSet {
  return lookupClass(model, ctx, dst.index, dst.npKey);
}

/** Ports the ingress context of a destination allows from a source class. */
export function ingressFrom(model: Model, ctx: Context, src: PodClass): PortSet {
  return lookupClass(model, ctx, src.index, ctx.npKey);
}

/**
 * What a context allows with external ranges (egress: to them; ingress: from them): `base` for
 * every atom no rule of the context names, and the atoms where it differs.
 */
export interface ExternalRow {
  base: PortSet;
  overrides: Map<number, PortSet>;
  /** Equal rows have equal keys. */
  key: string;
}

export function rowKey(base: PortSet, overrides: Map<number, PortSet>): string {
  let key = `${base.id}`;
  for (const [a, p] of [...overrides].sort((x, y) => x[0] - y[0])) key += `,${a}:${p.id}`;
  return key;
}

export function externalRow(model: Model, ctx: Context): ExternalRow {
  if (!ctx.extRow) {
    const base = lookup(model, ctx, () => false, 0);
    const named = new Bits(model.atoms.length);
    for (const r of ctx.rules) named.or(r.atoms);
    const overrides = new Map<number, PortSet>();
    named.forEach((a) => {
      const p = lookup(model, ctx, (r) => r.atoms.has(a), 0);
      if (p !== base) overrides.set(a, p);
    });
    ctx.extRow = { base, overrides, key: rowKey(base, overrides) };
  }
  return ctx.extRow;
}

/** Classes an egress context may allow something to: everything, or those some rule names. */
export function egressCandidates(model: Model, ctx: Context): Bits | 'all' {
  if (ctx.candidates === undefined) {
    const unmatched = lookup(model, ctx, () => false, 0);
    if (!unmatched.isEmpty) ctx.candidates = 'all';
    else {
      const bits = new Bits(model.classes.length);
      for (const r of ctx.rules) bits.or(r.peers);
      ctx.candidates = bits;
    }
  }
  return ctx.candidates;
}

export function policyLabel(ref: PolicyRef): string {
  return ref.namespace !== undefined ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

