/**
 * The reachability model: pods grouped into classes that no policy can tell apart, every policy
 * rule compiled to the sets of classes and external address ranges ("atoms") it matches, and
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
import { IndexSetBuilder, type IndexSet } from './index-set.js';
import { PortTable, type PortSet } from './ports.js';
import { compareNamedPorts, discoverWorkloads, type DiscoveredWorkload, type NamedPort } from './workloads.js';

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
  /**
   * Pods that need not be in the input, evaluated as destinations (the result says what each
   * workload may open to them). They get pod classes of their own but are no workload: they
   * appear in no connection, isolation entry or policy selection, and add no namespace.
   */
  virtualPods?: readonly VirtualPod[];
}

/** A pod as policies see it: what they select on (namespace, labels) and the named ports they resolve. */
export interface VirtualPod {
  /** Identifies it in the result; not a selector input. */
  name: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  namedPorts: readonly NamedPort[];
}

export type Tier = 'ANP' | 'NetworkPolicy' | 'BANP';

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
  peers: IndexSet;
  atoms: IndexSet;
  /** Ports that do not depend on the destination pod (all of them when the rule has no ports). */
  fixed: PortSet;
  /** The rule names ports, which resolve on the destination pod. */
  named: boolean;
  /** Memo of fixed + resolved named ports, by destination npKey (created on first use). */
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
  policies: readonly NetworkPolicyDef[];
  /** ANPs whose subject holds the pod (whether or not they have rules for this direction). */
  adminPolicies: readonly AdminPolicyDef[];
  baseline: boolean;
  /** Ingress: the subject's npKey (ports resolve on the subject). Egress: -1 (they resolve on the peer). */
  npKey: number;
  named: boolean;
  /**
   * Verdicts by which rules match (the signature, bit k for rule k) and, for egress with named
   * ports, the peer's npKey. A context with few rules keeps them in `slots`, at
   * `signature * slotWidth + npKey`; one with more (slotWidth 0) in `memo`. Both made on first use.
   */
  memo: Map<number | string, PortSet> | undefined;
  slots: (PortSet | undefined)[] | undefined;
  slotWidth: number;
  /** Egress: the classes worth visiting (every class when an unmatched peer is allowed). */
  candidates?: IndexSet | 'all';
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
  npSubjects: IndexSet[];
  anpSubjects: IndexSet[];
  banpSubject: IndexSet | undefined;
  ingress: Context[];
  egress: Context[];
  atoms: Atom[];
  /** The external address space: everything but the pod and node CIDRs given. */
  universe: IpSet;
  notes: string[];
  /** Whether the set had NetworkPolicy ipBlock peers / ANP networks peers (for the notes). */
  usesIpBlocks: boolean;
  /** Builds sets of classes (one at a time); its empty set is shared. */
  classSets: IndexSetBuilder;
  /** External rows by key, so that contexts with equal rows share one. */
  rows: Map<string, ExternalRow>;
  /** The options' virtual pods, in their order, each with its class (a class without workloads). */
  virtual: { pod: VirtualPod; index: number }[];
}

const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The most verdict slots a context keeps in an array rather than a Map. */
const MAX_SLOTS = 64;

/** Shared by every context without such policies; never written to. */
const NO_NETWORK_POLICIES: readonly NetworkPolicyDef[] = Object.freeze([]);
const NO_ADMIN_POLICIES: readonly AdminPolicyDef[] = Object.freeze([]);

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

/**
 * The workloads of the set and their pods grouped into classes; `namedPorts[npKey]` are a class's
 * named ports. The pod shapes are dropped on return.
 */
function classesOf(set: ObjectSet, virtualPods: readonly VirtualPod[]): {
  workloads: DiscoveredWorkload[]; classes: PodClass[]; namedPorts: NamedPort[][]; virtual: Model['virtual'];
} {
  const { workloads, shapes } = discoverWorkloads(set);
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
    const cls = classByKey.get(key);
    if (!cls) {
      const created: PodClass = {
        index: classes.length, namespace: shape.namespace, labels: shape.labels, npKey, hostNetwork: shape.hostNetwork, workloads: [shape.workload],
      };
      classByKey.set(key, created);
      classes.push(created);
    } else if (!cls.workloads.includes(shape.workload)) cls.workloads.push(shape.workload);
  }
  // After the real classes and never merged into one: a class with the same namespace, labels and
  // named ports gets the same verdicts, and the workloads' classes keep their numbers.
  const virtual = virtualPods.map((v) => {
    const ports = [...v.namedPorts].sort(compareNamedPorts);
    const npText = JSON.stringify(ports.map((p) => [p.name, p.protocol, p.port]));
    let npKey = npKeys.get(npText);
    if (npKey === undefined) {
      npKey = namedPorts.length;
      npKeys.set(npText, npKey);
      namedPorts.push(ports);
    }
    const index = classes.length;
    classes.push({ index, namespace: v.namespace, labels: { ...v.labels }, npKey, hostNetwork: false, workloads: [] });
    return { pod: v, index };
  });
  return { workloads, classes, namedPorts, virtual };
}

/**
 * Evaluates pod peers (namespaces and pod labels) to sets of classes, each distinct peer once.
 * Lives only while the model is built: its indexes and caches are not needed afterwards.
 */
class PeerSelector {
  /** Classes by namespace; hostNetwork pods are left out: pod and namespace selectors never match them. */
  private readonly byNamespace = new Map<string, number[]>();
  /** Classes by label key, then value, built for a key the first time a selector asks for it. */
  private readonly byLabel = new Map<string, Map<string, number[]>>();
  private readonly namespaceCache = new Map<SelectorDef, string[]>();
  private readonly cache = new Map<SelectorDef | string, Map<SelectorDef, IndexSet>>();

  constructor(
    private readonly classes: PodClass[],
    private readonly namespaces: Map<string, NamespaceInfo>,
    private readonly sets: IndexSetBuilder,
  ) {
    for (const c of classes) {
      if (c.hostNetwork) continue;
      const list = this.byNamespace.get(c.namespace);
      if (list) list.push(c.index);
      else this.byNamespace.set(c.namespace, [c.index]);
    }
  }

  private namespacesMatching(sel: SelectorDef): string[] {
    let hit = this.namespaceCache.get(sel);
    if (!hit) {
      hit = [];
      const s = sel.selector;
      if (s) for (const n of this.namespaces.values()) if (matchesSelector(s, n.labels)) hit.push(n.name);
      this.namespaceCache.set(sel, hit);
    }
    return hit;
  }

  private withLabel(key: string, value: string): number[] {
    let byValue = this.byLabel.get(key);
    if (!byValue) {
      byValue = new Map();
      for (const c of this.classes) {
        if (c.hostNetwork || !Object.prototype.hasOwnProperty.call(c.labels, key)) continue;
        const v = c.labels[key]!;
        const list = byValue.get(v);
        if (list) list.push(c.index);
        else byValue.set(v, [c.index]);
      }
      this.byLabel.set(key, byValue);
    }
    return byValue.get(value) ?? [];
  }

  /** The classes of pods in the peer's namespaces with the peer's pod labels. */
  select(peer: PodPeerDef): IndexSet {
    const scope = peer.namespaces.type === 'name' ? peer.namespaces.namespace : peer.namespaces.selector;
    let byPods = this.cache.get(scope);
    if (!byPods) this.cache.set(scope, (byPods = new Map()));
    let set = byPods.get(peer.pods);
    if (!set) byPods.set(peer.pods, (set = this.evaluate(peer)));
    return set;
  }

  private evaluate(peer: PodPeerDef): IndexSet {
    const sets = this.sets;
    const sel = peer.pods.selector;
    if (!sel) return sets.empty;
    const nsList = peer.namespaces.type === 'name' ? [peer.namespaces.namespace] : this.namespacesMatching(peer.namespaces.selector);
    const classes = this.classes;
    if (peer.pods.empty) {
      for (const ns of nsList) for (const i of this.byNamespace.get(ns) ?? []) sets.add(i);
      return sets.build();
    }
    // Through the index of one matchLabels entry when it holds fewer classes than the namespaces do.
    const firstKey = Object.keys(sel.matchLabels)[0];
    let nsCount = 0;
    for (const ns of nsList) nsCount += this.byNamespace.get(ns)?.length ?? 0;
    const indexed = firstKey !== undefined ? this.withLabel(firstKey, sel.matchLabels[firstKey]!) : undefined;
    if (indexed && indexed.length < nsCount) {
      const nsSet = new Set(nsList);
      for (const i of indexed) if (nsSet.has(classes[i]!.namespace) && matchesSelector(sel, classes[i]!.labels)) sets.add(i);
    } else {
      for (const ns of nsList) for (const i of this.byNamespace.get(ns) ?? []) if (matchesSelector(sel, classes[i]!.labels)) sets.add(i);
    }
    return sets.build();
  }
}

/**
 * Numbers lists of small integers (policy indices) built by appending in ascending order: the
 * same list always gets the same number, and 0 is the empty list. Lets each class carry the list
 * of policies selecting it as one number instead of an array.
 */
class ListNumbers {
  private readonly parent: number[] = [-1];
  private readonly last: number[] = [-1];
  private readonly children = new Map<number, number>();
  constructor(private readonly width: number) {}

  /** The number of `list` followed by `item` (below the width). */
  append(list: number, item: number): number {
    const key = list * this.width + item;
    let n = this.children.get(key);
    if (n === undefined) {
      n = this.parent.length;
      this.parent.push(list);
      this.last.push(item);
      this.children.set(key, n);
    }
    return n;
  }

  get count(): number {
    return this.parent.length;
  }

  /** The items of a list, in order. */
  items(list: number): number[] {
    const out: number[] = [];
    for (let n = list; n > 0; n = this.parent[n]!) out.push(this.last[n]!);
    return out.reverse();
  }
}

/** The union of sets of one size; a set alone (or beside empty ones) is returned as it is. */
function unionOf(sets: IndexSetBuilder, parts: IndexSet[]): IndexSet {
  let only: IndexSet | undefined;
  let several = false;
  for (const part of parts) {
    if (part.count === 0 || part === only) continue;
    if (only === undefined) only = part;
    else several = true;
  }
  if (!several) return only ?? sets.empty;
  for (const part of parts) sets.addAll(part);
  return sets.build();
}

/** Builds the model every query runs on. */
export function buildModel(set: ObjectSet, options: ReachabilityOptions = {}): Model {
  const notes = new Notes();
  const T = new PortTable();
  const namespaces = namespacesOf(set);
  const virtualPods = options.virtualPods ?? [];
  const { workloads, classes, namedPorts, virtual } = classesOf(set, virtualPods);
  const C = classes.length;
  const classSets = new IndexSetBuilder(C);
  for (const c of classes) if (c.hostNetwork) classSets.add(c.index);
  const hostNetworkClasses = classSets.build();
  for (const c of classes) if (!c.hostNetwork) classSets.add(c.index);
  const podNetworkClasses = classSets.build();
  // Selectors see a virtual pod's namespace (as the API server would create it) even when the
  // input has nothing in it; the model's own list stays the input's.
  let selectable = namespaces;
  for (const v of virtualPods) {
    if (selectable.has(v.namespace)) continue;
    if (selectable === namespaces) selectable = new Map(namespaces);
    selectable.set(v.namespace, { name: v.namespace, labels: { [METADATA_NAME_LABEL]: v.namespace } });
  }
  let selector: PeerSelector | undefined = new PeerSelector(classes, selectable, classSets);
  const selectPods = (peer: PodPeerDef): IndexSet => selector!.select(peer);

  const parsed = parsePolicies(set, notes.add);
  const addressSets: IpSet[] = [];
  const collectAddresses = (rules: RuleDef[]) => {
    for (const r of rules) if (r.addresses) addressSets.push(r.addresses);
  };
  for (const p of parsed.networkPolicies) {
    collectAddresses(p.ingressRules);
    collectAddresses(p.egressRules);
  }
  for (const p of parsed.adminPolicies) {
    collectAddresses(p.ingressRules);
    collectAddresses(p.egressRules);
  }
  if (parsed.baseline) {
    collectAddresses(parsed.baseline.ingressRules);
    collectAddresses(parsed.baseline.egressRules);
  }

  // External address space, cut into atoms at every boundary any rule uses.
  const podSet = clusterCidrs(options.podCidrs, 'podCidrs', notes.add);
  const nodeSet = clusterCidrs(options.nodeCidrs, 'nodeCidrs', notes.add);
  let universe = IpSet.ALL;
  if (podSet) universe = universe.subtract(podSet);
  if (nodeSet) universe = universe.subtract(nodeSet);
  const atoms = cutAtoms(universe, addressSets);
  addressSets.length = 0;
  const A = atoms.length;
  const atomSets = new IndexSetBuilder(A);
  const atomsOf = (addresses: IpSet): IndexSet => {
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
        for (let i = a; i < A && atoms[i]!.family === family && atoms[i]!.hi <= hi; i++) atomSets.add(i);
      }
    }
    return atomSets.build();
  };
  const covers = (addresses: IpSet, cluster: IpSet | undefined): boolean =>
    cluster ? addresses.contains(cluster) : addresses.coversFamily(4) || addresses.coversFamily(6);

  let usesIpBlocks = false;
  const compileRule = (def: RuleDef, tier: Tier): Rule => {
    let peers: IndexSet;
    let atomSet: IndexSet;
    if (def.matchesAll) {
      peers = classSets.full;
      atomSet = atomSets.full;
    } else {
      // Every set is evaluated before the union is built: evaluation uses the same builder.
      const parts: IndexSet[] = [];
      for (const p of def.podPeers) parts.push(selectPods(p));
      atomSet = def.addresses ? atomsOf(def.addresses) : atomSets.empty;
      if (def.addresses) {
        if (tier === 'NetworkPolicy') usesIpBlocks = true;
        if (def.addressesMatchPods) {
          if (covers(def.addresses, podSet)) parts.push(podNetworkClasses);
          else if (!def.addresses.isEmpty && !podSet) {
            notes.add(`${ruleLabel(def)}: networks peer is not a whole address family and pod CIDRs are unknown (option podCidrs); it is taken to match no pods.`);
          }
        }
        if (covers(def.addresses, nodeSet)) parts.push(hostNetworkClasses);
      }
      if (def.allNodes) parts.push(hostNetworkClasses);
      peers = unionOf(classSets, parts);
    }
    let fixed = T.empty;
    if (!def.ports) fixed = T.all;
    else for (const r of def.ports.ranges) fixed = T.union(fixed, T.range(r.protocol, r.lo, r.hi));
    const named = def.ports !== undefined && def.ports.named.length > 0;
    return { def, tier, action: def.action, peers, atoms: atomSet, fixed, named, resolved: undefined };
  };

  type DirectionRules = { ingress: Rule[]; egress: Rule[] };
  const compileAll = (p: { ingressRules: RuleDef[]; egressRules: RuleDef[] }, tier: Tier): DirectionRules => ({
    ingress: p.ingressRules.map((r) => compileRule(r, tier)),
    egress: p.egressRules.map((r) => compileRule(r, tier)),
  });
  const npRules = parsed.networkPolicies.map((p) => compileAll(p, 'NetworkPolicy'));
  const anpRules = parsed.adminPolicies.map((p) => compileAll(p, 'ANP'));
  const banpRules: DirectionRules = parsed.baseline ? compileAll(parsed.baseline, 'BANP') : { ingress: [], egress: [] };

  // Subjects: which classes each policy applies to. hostNetwork pods are never subjects.
  const npSubjects = parsed.networkPolicies.map((p) => selectPods({ namespaces: { type: 'name', namespace: p.namespace }, pods: p.podSelector }));
  const anpSubjects = parsed.adminPolicies.map((p) => (p.subject ? selectPods(p.subject) : classSets.empty));
  const banpSubject = parsed.baseline ? (parsed.baseline.subject ? selectPods(parsed.baseline.subject) : classSets.empty) : undefined;
  selector = undefined;

  // Per class, the policies whose subject holds it, as list numbers.
  const npLists = { ingress: new ListNumbers(parsed.networkPolicies.length), egress: new ListNumbers(parsed.networkPolicies.length) };
  const npListOf = { ingress: new Int32Array(C), egress: new Int32Array(C) };
  npSubjects.forEach((subject, i) => {
    const p = parsed.networkPolicies[i]!;
    subject.forEach((c) => {
      if (p.ingress) npListOf.ingress[c] = npLists.ingress.append(npListOf.ingress[c]!, i);
      if (p.egress) npListOf.egress[c] = npLists.egress.append(npListOf.egress[c]!, i);
    });
  });
  const anpLists = new ListNumbers(parsed.adminPolicies.length);
  const anpListOf = new Int32Array(C);
  anpSubjects.forEach((subject, i) => subject.forEach((c) => {
    anpListOf[c] = anpLists.append(anpListOf[c]!, i);
  }));
  const hasNamed = (rules: Rule[]) => rules.some((r) => r.named);
  const npNamed = { ingress: npRules.map((r) => hasNamed(r.ingress)), egress: npRules.map((r) => hasNamed(r.egress)) };
  const anpNamed = { ingress: anpRules.map((r) => hasNamed(r.ingress)), egress: anpRules.map((r) => hasNamed(r.egress)) };
  const banpNamed = { ingress: hasNamed(banpRules.ingress), egress: hasNamed(banpRules.egress) };
  const anyNamed = (lists: ListNumbers, list: number, flags: boolean[]): boolean => {
    for (const i of lists.items(list)) if (flags[i]) return true;
    return false;
  };

  const openContext = (): Context => ({
    hostNetwork: true, rules: [], anpEnd: 0, npEnd: 0, isolated: false, policies: NO_NETWORK_POLICIES, adminPolicies: NO_ADMIN_POLICIES,
    baseline: false, npKey: -1, named: false, memo: undefined, slots: undefined, slotWidth: 0, candidates: 'all',
  });
  const hostContexts = { ingress: openContext(), egress: openContext() };
  // A context is fixed by its ANP list, NetworkPolicy list, BANP and npKey: one number when it fits.
  const widths = [anpLists.count, Math.max(npLists.ingress.count, npLists.egress.count), 2, namedPorts.length + 1];
  const numericKeys = Number.isSafeInteger(widths.reduce((a, b) => a * b, 1));
  const contextFor = (c: PodClass, direction: Direction, cache: Map<number | string, Context>): Context => {
    if (c.hostNetwork) return hostContexts[direction];
    const anp = anpListOf[c.index]!;
    const nps = npListOf[direction][c.index]!;
    const banp = banpSubject?.has(c.index) ?? false;
    const named = anyNamed(anpLists, anp, anpNamed[direction]) || anyNamed(npLists[direction], nps, npNamed[direction]) || (banp && banpNamed[direction]);
    const npKey = direction === 'ingress' ? (named ? c.npKey : 0) : -1;
    const key = numericKeys
      ? ((anp * widths[1]! + nps) * 2 + (banp ? 1 : 0)) * widths[3]! + npKey + 1
      : `${anp},${nps},${banp ? 1 : 0},${npKey}`;
    let ctx = cache.get(key);
    if (!ctx) {
      const anpIds = anpLists.items(anp);
      const npIds = npLists[direction].items(nps);
      const rules: Rule[] = [];
      for (const i of anpIds) for (const r of anpRules[i]![direction]) rules.push(r);
      const anpEnd = rules.length;
      for (const i of npIds) for (const r of npRules[i]![direction]) rules.push(r);
      const npEnd = rules.length;
      if (banp) for (const r of banpRules[direction]) rules.push(r);
      // A slot array costs less than a Map while it is small; beyond that the Map wins.
      const slotWidth = direction === 'egress' && named ? namedPorts.length : 1;
      ctx = {
        hostNetwork: false,
        rules: rules.slice(),
        anpEnd,
        npEnd,
        isolated: npIds.length > 0,
        policies: npIds.length > 0 ? npIds.map((i) => parsed.networkPolicies[i]!) : NO_NETWORK_POLICIES,
        adminPolicies: anpIds.length > 0 ? anpIds.map((i) => parsed.adminPolicies[i]!) : NO_ADMIN_POLICIES,
        baseline: banp,
        npKey,
        named,
        memo: undefined,
        slots: undefined,
        slotWidth: rules.length <= 6 && slotWidth * 2 ** rules.length <= MAX_SLOTS ? slotWidth : 0,
      };
      cache.set(key, ctx);
    }
    return ctx;
  };
  const ingressCache = new Map<number | string, Context>();
  const ingress = classes.map((c) => contextFor(c, 'ingress', ingressCache));
  ingressCache.clear();
  const egressCache = new Map<number | string, Context>();
  const egress = classes.map((c) => contextFor(c, 'egress', egressCache));

  return {
    ports: T, namespaces, workloads, classes, namedPorts,
    networkPolicies: parsed.networkPolicies, adminPolicies: parsed.adminPolicies, baseline: parsed.baseline,
    npSubjects, anpSubjects, banpSubject, ingress, egress, atoms, universe, notes: notes.list, usesIpBlocks,
    classSets, rows: new Map(), virtual,
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
  if (!rule.named || npKey <= 0) return rule.fixed;
  const resolved = (rule.resolved ??= new Map());
  let r = resolved.get(npKey);
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
    resolved.set(npKey, r);
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
  if (n <= 30 && keyedNp < 0x100000) {
    let sig = 0;
    for (let k = 0; k < n; k++) if (member(rules[k]!)) sig |= 1 << k;
    return bySignature(model, ctx, sig, keyedNp, npKey);
  }
  let s = '';
  for (let k = 0; k < n; k++) s += member(rules[k]!) ? '1' : '0';
  return memoised(model, ctx, `${s}:${keyedNp}`, (k) => member(rules[k]!), npKey);
}

/** The verdict for a signature of up to 30 rules, from the memo or evaluated and memoised. */
function bySignature(model: Model, ctx: Context, sig: number, keyedNp: number, npKey: number): PortSet {
  const width = ctx.slotWidth;
  if (width === 0) return memoised(model, ctx, (sig >>> 0) * 0x100000 + keyedNp, (k) => ((sig >>> k) & 1) === 1, npKey);
  const slots = (ctx.slots ??= new Array<PortSet | undefined>(width << ctx.rules.length).fill(undefined));
  const at = sig * width + keyedNp;
  let hit = slots[at];
  if (!hit) {
    hit = evaluate(model, ctx, (k) => ((sig >>> k) & 1) === 1, ctx.npKey >= 0 ? ctx.npKey : npKey);
    slots[at] = hit;
  }
  return hit;
}

function memoised(model: Model, ctx: Context, key: number | string, matched: (k: number) => boolean, npKey: number): PortSet {
  const memo = (ctx.memo ??= new Map());
  let hit = memo.get(key);
  if (!hit) {
    hit = evaluate(model, ctx, matched, ctx.npKey >= 0 ? ctx.npKey : npKey);
    memo.set(key, hit);
  }
  return hit;
}

/**
 * What a context allows with a peer class: egress contexts towards it (ports resolve on the peer,
 * `npKey` is the peer's), ingress contexts from it. The hot path of the pair loop, so the
 * signature is computed and looked up here rather than through a callback.
 */
export function lookupClass(model: Model, ctx: Context, peer: number, npKey: number): PortSet {
  const rules = ctx.rules;
  const n = rules.length;
  if (n === 0) return ctx.hostNetwork || !ctx.isolated ? model.ports.all : model.ports.empty;
  const keyedNp = ctx.named && ctx.npKey < 0 ? npKey : 0;
  if (n <= 30 && keyedNp < 0x100000) {
    let sig = 0;
    for (let k = 0; k < n; k++) if (rules[k]!.peers.has(peer)) sig |= 1 << k;
    const hit = ctx.slotWidth > 0 ? ctx.slots?.[sig * ctx.slotWidth + keyedNp] : ctx.memo?.get((sig >>> 0) * 0x100000 + keyedNp);
    return hit ?? bySignature(model, ctx, sig, keyedNp, npKey);
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
  overrides: ReadonlyMap<number, PortSet>;
  /** Equal rows have equal keys. */
  key: string;
}

/** Shared by the rows without overrides; never written to. */
const NO_OVERRIDES: ReadonlyMap<number, PortSet> = new Map();

export function rowKey(base: PortSet, overrides: ReadonlyMap<number, PortSet>): string {
  let key = `${base.id}`;
  for (const [a, p] of [...overrides].sort((x, y) => x[0] - y[0])) key += `,${a}:${p.id}`;
  return key;
}

/** A row of the context's own: equal rows are one object, kept in the model. */
export function externalRow(model: Model, ctx: Context): ExternalRow {
  if (!ctx.extRow) {
    const base = lookup(model, ctx, () => false, 0);
    let overrides: Map<number, PortSet> | undefined;
    let named: Uint32Array | undefined;
    for (const r of ctx.rules) {
      if (r.atoms.count === 0) continue;
      named ??= new Uint32Array((model.atoms.length + 31) >>> 5);
      r.atoms.orInto(named);
    }
    if (named) {
      for (let k = 0; k < named.length; k++) {
        for (let word = named[k]!; word !== 0; word &= word - 1) {
          const a = (k << 5) + 31 - Math.clz32(word & -word);
          const p = lookup(model, ctx, (r) => r.atoms.has(a), 0);
          if (p !== base) (overrides ??= new Map()).set(a, p);
        }
      }
    }
    const found: ReadonlyMap<number, PortSet> = overrides ?? NO_OVERRIDES;
    const key = rowKey(base, found);
    let row = model.rows.get(key);
    if (!row) model.rows.set(key, (row = { base, overrides: found, key }));
    ctx.extRow = row;
  }
  return ctx.extRow;
}

/** Classes an egress context may allow something to: everything, or those some rule names. */
export function egressCandidates(model: Model, ctx: Context): IndexSet | 'all' {
  if (ctx.candidates === undefined) {
    const unmatched = lookup(model, ctx, () => false, 0);
    ctx.candidates = unmatched.isEmpty ? unionOf(model.classSets, ctx.rules.map((r) => r.peers)) : 'all';
  }
  return ctx.candidates;
}

export function policyLabel(ref: PolicyRef): string {
  return ref.namespace !== undefined ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

