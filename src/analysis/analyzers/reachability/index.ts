/**
 * Network reachability: which workloads can open connections to which, and to and from which
 * external address ranges, on which protocols and ports, under NetworkPolicy,
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy.
 *
 * Semantics (kubernetes.io "Network Policies", the networking.k8s.io/v1 API reference and
 * defaulting code, kubernetes-sigs/network-policy-api v1alpha1 types):
 * - A connection needs egress allowed at the source and ingress allowed at the destination.
 * - NetworkPolicies add up; a pod no policy selects for a direction is not isolated in it.
 * - ANP rules come first (priority, then rule order; first match decides, Pass defers), then
 *   NetworkPolicy, then the BANP `default`, which applies only to pods no NetworkPolicy isolates.
 * - hostNetwork pods, ipBlock peers and ANP `networks` follow the choices stated in the notes.
 *
 * Pods that no policy can tell apart are handled once (see `engine.ts`), and each policy rule
 * is compiled once to the pod classes and address ranges it matches.
 */
import { defineAnalyzer } from '../../analyzer.js';
import type { ObjectSet } from '../../../model/index.js';
import { IpSet, parseCidr, parseIp } from './ip.js';
import {
  buildModel, egressCandidates, externalRow, lookupClass, policyLabel, rowKey,
  type Context, type ExternalRow, type Model, type ReachabilityOptions, type Rule, type VirtualPod,
} from './engine.js';
import { explainInModel, type ConnectionExplanation, type ExplainEndpoint, type ExplainPort } from './explain.js';
import type { IndexSet } from './index-set.js';
import type { AdminPolicyDef, Direction, NetworkPolicyDef, PolicyRef } from './policies.js';
import type { PortSet, PortSetJson } from './ports.js';
import type {
  Connection, DirectionIsolation, ExternalPeer, IsolationResult, NamespaceIsolation, PolicySelection,
  ReachabilityResult, VirtualPodAccess, Workload, WorkloadIsolation, WorkloadPeer,
} from './types.js';

export type * from './types.js';
export type { ReachabilityOptions, VirtualPod } from './engine.js';
export type { NamedPort } from './workloads.js';
export type { Direction, PolicyKind, PolicyRef, RuleAction, RuleRef } from './policies.js';
export { PROTOCOLS, portSetJsonAllows, type PortSetJson, type Protocol } from './ports.js';
export {
  explainConnection, ReachabilityQueryError,
  type ConnectionExplanation, type DirectionExplanation, type ExplainEndpoint, type ExplainPort, type DecidingTier,
} from './explain.js';

/** Whether an external peer's ranges hold an address (`10.0.0.1`, `fd00::1`); false when it does not parse. */
export function externalPeerHolds(peer: ExternalPeer, address: string): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  return peer.cidrs.some((text) => {
    const c = parseCidr(text);
    return c !== undefined && c.family === ip.family && c.lo <= ip.value && ip.value <= c.hi;
  });
}

/** Version of the JSON document {@link toConnectionsJson} writes. */
export const CONNECTIONS_SCHEMA_VERSION = 1;

function workloadsOf(model: Model): Workload[] {
  return model.workloads.map((w) => {
    const peer: WorkloadPeer = { type: 'workload', namespace: w.namespace, name: w.name, kind: w.kind };
    return {
      id: `${w.kind}/${w.namespace}/${w.name}`,
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      labels: w.labels,
      hostNetwork: w.hostNetwork,
      sourceObject: w.sourceObject,
      peer,
    };
  });
}

/** The classes of each workload: those of workload `w` are `ids[start[w]..start[w + 1]-1]`, ascending. */
interface WorkloadClasses {
  start: Int32Array;
  ids: Int32Array;
}

function classesByWorkload(model: Model): WorkloadClasses {
  const W = model.workloads.length;
  const start = new Int32Array(W + 1);
  for (const c of model.classes) for (const w of c.workloads) start[w + 1]!++;
  for (let w = 0; w < W; w++) start[w + 1]! += start[w]!;
  const ids = new Int32Array(start[W]!);
  const next = start.slice(0, W);
  for (const c of model.classes) for (const w of c.workloads) ids[next[w]!++] = c.index;
  return { start, ids };
}

/** The row of a workload: the union of its classes' rows (most workloads have one class). */
function workloadRow(model: Model, contexts: Context[], byWorkload: WorkloadClasses, w: number): ExternalRow {
  const from = byWorkload.start[w]!;
  const to = byWorkload.start[w + 1]!;
  if (to - from === 1) return externalRow(model, contexts[byWorkload.ids[from]!]!);
  const rows: ExternalRow[] = [];
  for (let k = from; k < to; k++) rows.push(externalRow(model, contexts[byWorkload.ids[k]!]!));
  const T = model.ports;
  let base = T.empty;
  for (const r of rows) base = T.union(base, r.base);
  const atoms = new Set<number>();
  for (const r of rows) for (const a of r.overrides.keys()) atoms.add(a);
  const overrides = new Map<number, PortSet>();
  for (const a of atoms) {
    let p = T.empty;
    for (const r of rows) p = T.union(p, r.overrides.get(a) ?? r.base);
    if (p !== base) overrides.set(a, p);
  }
  return { base, overrides, key: rowKey(base, overrides) };
}

/** One external peer per non-empty port set of a row, in address order of their first range. */
function externalGroups(model: Model, row: ExternalRow): { cidrs: string[]; allowed: PortSet }[] {
  const byPorts = new Map<PortSet, number[]>();
  for (const [a, p] of row.overrides) {
    let list = byPorts.get(p);
    if (!list) byPorts.set(p, (list = []));
    list.push(a);
  }
  const setOf = (atoms: number[]): IpSet => {
    const v4: [bigint, bigint][] = [];
    const v6: [bigint, bigint][] = [];
    for (const a of atoms) {
      const atom = model.atoms[a]!;
      (atom.family === 4 ? v4 : v6).push([atom.lo, atom.hi]);
    }
    return IpSet.of(4, v4).union(IpSet.of(6, v6));
  };
  const out: { cidrs: string[]; allowed: PortSet; first: number }[] = [];
  for (const [allowed, atoms] of byPorts) {
    if (allowed.isEmpty) continue;
    out.push({ cidrs: setOf(atoms).toCidrs(), allowed, first: Math.min(...atoms) });
  }
  if (!row.base.isEmpty) {
    let first = 0;
    while (row.overrides.has(first)) first++;
    if (first < model.atoms.length) {
      const rest = model.universe.subtract(setOf([...row.overrides.keys()]));
      out.push({ cidrs: rest.toCidrs(), allowed: row.base, first });
    }
  }
  return out.sort((x, y) => x.first - y.first).map(({ cidrs, allowed }) => ({ cidrs, allowed }));
}

/**
 * For each source class, the destination classes whose ingress may admit it: those that admit a
 * peer no rule of theirs matches, and those with a rule that matches this source. Any other
 * destination treats the source like an unmatched peer, so it admits nothing from it: skipping it
 * changes no result, and spares the pair loop a visit to every class for each source whose egress
 * is open.
 */
class IngressAdmitters {
  /** Classes whose ingress admits an unmatched peer. */
  private readonly open: Uint32Array;
  /** The distinct rules of the other classes' ingress contexts. */
  private readonly rules: Rule[] = [];
  /** Per rule, the classes (not open) whose ingress context has it. */
  private readonly targets: IndexSet[] = [];
  /** The rules with listed peers that match source `s`: `bySource[sourceStart[s]..sourceStart[s + 1]-1]`. */
  private readonly sourceStart: Int32Array;
  private readonly bySource: Int32Array;
  /** Rules whose peers are a bitmap (many classes): tested for each source instead of listed. */
  private readonly wide: number[] = [];

  constructor(model: Model) {
    const C = model.classes.length;
    this.open = new Uint32Array((C + 31) >>> 5);
    const ruleIndex = new Map<Rule, number>();
    const closed: number[] = [];
    for (let t = 0; t < C; t++) {
      const ctx = model.ingress[t]!;
      // The ports an unmatched external address gets are those an unmatched pod gets.
      if (!externalRow(model, ctx).base.isEmpty) {
        this.open[t >>> 5]! |= 1 << (t & 31);
        continue;
      }
      closed.push(t);
      for (const r of ctx.rules) {
        if (!ruleIndex.has(r)) {
          ruleIndex.set(r, this.rules.length);
          this.rules.push(r);
        }
      }
    }
    // Each rule's targets, gathered in one pass per rule through counts and offsets.
    const R = this.rules.length;
    const start = new Int32Array(R + 1);
    for (const t of closed) for (const r of model.ingress[t]!.rules) start[ruleIndex.get(r)! + 1]!++;
    for (let i = 0; i < R; i++) start[i + 1]! += start[i]!;
    const flat = new Int32Array(start[R]!);
    const next = start.slice(0, R);
    for (const t of closed) for (const r of model.ingress[t]!.rules) flat[next[ruleIndex.get(r)!]!++] = t;
    const sets = model.classSets;
    for (let i = 0; i < R; i++) {
      for (let k = start[i]!; k < start[i + 1]!; k++) sets.add(flat[k]!);
      this.targets.push(sets.build());
    }

    this.sourceStart = new Int32Array(C + 1);
    let listed = 0;
    this.rules.forEach((r, i) => {
      if (r.peers.words !== null) this.wide.push(i);
      else {
        r.peers.forEach((src) => this.sourceStart[src + 1]!++);
        listed += r.peers.count;
      }
    });
    for (let src = 0; src < C; src++) this.sourceStart[src + 1]! += this.sourceStart[src]!;
    this.bySource = new Int32Array(listed);
    const nextSource = this.sourceStart.slice(0, C);
    this.rules.forEach((r, i) => {
      if (r.peers.words === null) r.peers.forEach((src) => {
        this.bySource[nextSource[src]!++] = i;
      });
    });
  }

  /** Writes the admitters of `source` into `out` (a bitmap of every class). */
  fill(source: number, out: Uint32Array): void {
    out.set(this.open);
    for (let k = this.sourceStart[source]!; k < this.sourceStart[source + 1]!; k++) this.targets[this.bySource[k]!]!.orInto(out);
    for (const i of this.wide) if (this.rules[i]!.peers.has(source)) this.targets[i]!.orInto(out);
  }
}

function notesFor(model: Model): string[] {
  const notes: string[] = [];
  const host = model.workloads.filter((w) => w.hostNetwork).map((w) => `${w.kind}/${w.namespace}/${w.name}`);
  if (host.length > 0) {
    notes.push(
      `hostNetwork workloads (${host.join(', ')}) are not governed by NetworkPolicy, and ANP/BANP subjects leave them out: ` +
      'their own ingress and egress are treated as unrestricted. As peers of other pods they match no podSelector or ' +
      'namespaceSelector (kubernetes.io: most plugins treat their traffic as node traffic); only rules without from/to, ' +
      'and ipBlock/networks that contain the node addresses (option nodeCidrs, or a whole address family) match them.',
    );
  }
  if (model.usesIpBlocks) {
    notes.push(
      'NetworkPolicy ipBlock peers are read as cluster-external addresses, as the API intends ("Pod IPs are ephemeral ' +
      'and unpredictable"): they never match pods. Where a Service, load balancer or SNAT rewrites addresses, what ' +
      'the policy sees may differ (kubernetes.io, Network Policies).',
    );
  }
  return [...notes, ...model.notes];
}

function computeFromModel(model: Model): ReachabilityResult {
  const T = model.ports;
  const workloads = workloadsOf(model);
  const W = workloads.length;
  const classes = model.classes;
  const byWorkload = classesByWorkload(model);
  const connections: Connection[] = [];

  const externalCache = new Map<string, ExternalPeer>();
  const externalPeer = (cidrs: string[]): ExternalPeer => {
    const key = cidrs.join(',');
    let p = externalCache.get(key);
    if (!p) externalCache.set(key, (p = { type: 'external', cidrs }));
    return p;
  };
  const groupCache = new Map<string, { cidrs: string[]; allowed: PortSet }[]>();
  const groupsFor = (contexts: Context[], w: number) => {
    const row = workloadRow(model, contexts, byWorkload, w);
    let g = groupCache.get(row.key);
    if (!g) groupCache.set(row.key, (g = externalGroups(model, row)));
    return g;
  };

  // One source workload at a time: its destinations accumulate in a dense row, which keeps the
  // output in order without sorting and costs no map entry per pair.
  const row: (PortSet | undefined)[] = new Array<PortSet | undefined>(W).fill(undefined);
  const touched: number[] = [];
  const visit = (ws: number, bare: boolean, si: number, ctxE: Context, ti: number): void => {
    const t = classes[ti]!;
    const e = lookupClass(model, ctxE, ti, t.npKey);
    if (e.isEmpty) return;
    const ctxI = model.ingress[ti]!;
    const i = lookupClass(model, ctxI, si, ctxI.npKey);
    if (i.isEmpty) return;
    const allowed = T.intersect(e, i);
    if (allowed.isEmpty) return;
    for (const wt of t.workloads) {
      // A bare Pod is one pod, and a pod cannot block traffic to itself.
      if (wt === ws && bare) continue;
      const prev = row[wt];
      if (prev === undefined) touched.push(wt);
      row[wt] = prev === undefined ? allowed : T.union(prev, allowed);
    }
  };
  const admitters = new IngressAdmitters(model);
  // The classes that may admit the current source, rewritten for each source.
  const admit = new Uint32Array((classes.length + 31) >>> 5);
  for (let ws = 0; ws < W; ws++) {
    const bare = workloads[ws]!.kind === 'Pod';
    for (let k = byWorkload.start[ws]!; k < byWorkload.start[ws + 1]!; k++) {
      const si = byWorkload.ids[k]!;
      const ctxE = model.egress[si]!;
      const candidates = egressCandidates(model, ctxE);
      if (candidates !== 'all' && candidates.count === 0) continue;
      admitters.fill(si, admit);
      const list = candidates === 'all' ? null : candidates.list;
      if (list !== null) {
        for (let j = 0; j < list.length; j++) {
          const ti = list[j]!;
          if ((admit[ti >>> 5]! >>> (ti & 31)) & 1) visit(ws, bare, si, ctxE, ti);
        }
        continue;
      }
      const words = candidates === 'all' ? null : candidates.words;
      for (let w = 0; w < admit.length; w++) {
        for (let word = words === null ? admit[w]! : admit[w]! & words[w]!; word !== 0; word &= word - 1) {
          visit(ws, bare, si, ctxE, (w << 5) + 31 - Math.clz32(word & -word));
        }
      }
    }
    touched.sort((a, b) => a - b);
    const from = workloads[ws]!.peer;
    for (const wt of touched) {
      connections.push({ from, to: workloads[wt]!.peer, allowed: row[wt]!.json });
      row[wt] = undefined;
    }
    touched.length = 0;
    for (const g of groupsFor(model.egress, ws)) {
      connections.push({ from, to: externalPeer(g.cidrs), allowed: g.allowed.json });
    }
  }
  for (let wt = 0; wt < W; wt++) {
    for (const g of groupsFor(model.ingress, wt)) {
      connections.push({ from: externalPeer(g.cidrs), to: workloads[wt]!.peer, allowed: g.allowed.json });
    }
  }
  const result: ReachabilityResult = { workloads, connections, notes: notesFor(model), isolation: isolationFromModel(model, workloads, byWorkload) };
  if (model.virtual.length > 0) result.virtualPods = virtualAccess(model, byWorkload);
  return result;
}

/**
 * Per virtual pod and workload, what the pair loop would give for a connection to it (the union
 * over the workload's classes of egress and ingress allowed together), and its first class's egress.
 */
function virtualAccess(model: Model, byWorkload: WorkloadClasses): VirtualPodAccess[] {
  const T = model.ports;
  const W = model.workloads.length;
  return model.virtual.map(({ pod, index: v }) => {
    const dst = model.classes[v]!;
    const ctxI = model.ingress[v]!;
    const allowed: PortSetJson[] = [];
    const egress: PortSetJson[] = [];
    for (let w = 0; w < W; w++) {
      let union = T.empty;
      let first: PortSet | undefined;
      for (let k = byWorkload.start[w]!; k < byWorkload.start[w + 1]!; k++) {
        const si = byWorkload.ids[k]!;
        const e = lookupClass(model, model.egress[si]!, v, dst.npKey);
        first ??= e;
        if (e.isEmpty) continue;
        const i = lookupClass(model, ctxI, si, ctxI.npKey);
        union = T.union(union, T.intersect(e, i));
      }
      allowed.push(union.json);
      egress.push((first ?? T.empty).json);
    }
    return { name: pod.name, allowed, egress };
  });
}

/**
 * Every allowed connection between the workloads of the set, and between them and external
 * address ranges.
 */
export function computeReachability(set: ObjectSet, options: ReachabilityOptions = {}): ReachabilityResult {
  return computeFromModel(buildModel(set, options));
}

/** Several questions about one object set, answered from one model (e.g. a list of expectations). */
export interface ReachabilityAnalysis {
  /** Computed on first call, then reused. */
  result(): ReachabilityResult;
  explain(from: ExplainEndpoint, to: ExplainEndpoint, port: ExplainPort): ConnectionExplanation;
  isolation(): IsolationResult;
}

export function analyzeReachability(set: ObjectSet, options: ReachabilityOptions = {}): ReachabilityAnalysis {
  const model = buildModel(set, options);
  let result: ReachabilityResult | undefined;
  return {
    result: () => (result ??= computeFromModel(model)),
    explain: (from, to, port) => explainInModel(model, from, to, port),
    isolation: () => result?.isolation ?? isolationFromModel(model, workloadsOf(model)),
  };
}

/*
 * Arrays that many entries of a result would hold empty (or alike) are one frozen array: the
 * result is read, never written to, and at 10,000 workloads separate arrays add up.
 */
const NO_REFS = Object.freeze([]) as readonly PolicyRef[] as PolicyRef[];
const NO_PEERS = Object.freeze([]) as readonly WorkloadPeer[] as WorkloadPeer[];
const DIRECTION_LISTS: Record<number, Direction[]> = {
  0: Object.freeze([]) as readonly Direction[] as Direction[],
  1: Object.freeze(['ingress']) as readonly Direction[] as Direction[],
  2: Object.freeze(['egress']) as readonly Direction[] as Direction[],
  3: Object.freeze(['ingress', 'egress']) as readonly Direction[] as Direction[],
};

function directionList(ingress: boolean, egress: boolean): Direction[] {
  return DIRECTION_LISTS[(ingress ? 1 : 0) + (egress ? 2 : 0)]!;
}

function refsOf(defs: readonly { ref: PolicyRef }[]): PolicyRef[] {
  return defs.length === 0 ? NO_REFS : defs.map((d) => d.ref);
}

/** Refs without repeats (by label), in first-seen order; the list itself when it has none. */
function uniqueRefs(refs: PolicyRef[]): PolicyRef[] {
  if (refs.length < 2) return refs;
  const seen = new Set<string>();
  const out = refs.filter((r) => {
    const k = policyLabel(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return out.length === refs.length ? refs : out;
}

function isolationFromModel(model: Model, workloads: Workload[], byWorkload = classesByWorkload(model)): IsolationResult {
  const hasRules = (p: AdminPolicyDef, d: Direction) => (d === 'ingress' ? p.ingressRules : p.egressRules).length > 0;
  const baselineRules = { ingress: nonEmpty(model.baseline?.ingressRules), egress: nonEmpty(model.baseline?.egressRules) };
  const adminRefs = (c: Context, d: Direction): PolicyRef[] => {
    let out: PolicyRef[] | undefined;
    for (const p of c.adminPolicies) if (hasRules(p, d)) (out ??= []).push(p.ref);
    return out ? out.slice() : NO_REFS;
  };
  const direction = (w: number, d: Direction): DirectionIsolation => {
    const contexts = d === 'ingress' ? model.ingress : model.egress;
    const from = byWorkload.start[w]!;
    const to = byWorkload.start[w + 1]!;
    if (to - from === 1) {
      const c = contexts[byWorkload.ids[from]!]!;
      return {
        isolated: c.isolated,
        policies: uniqueRefs(refsOf(c.policies)),
        adminPolicies: uniqueRefs(adminRefs(c, d)),
        baseline: c.baseline && baselineRules[d],
      };
    }
    let isolated = to > from;
    let baseline = false;
    const policies: PolicyRef[] = [];
    const adminPolicies: PolicyRef[] = [];
    for (let k = from; k < to; k++) {
      const c = contexts[byWorkload.ids[k]!]!;
      isolated &&= c.isolated;
      baseline ||= c.baseline && baselineRules[d];
      for (const p of c.policies) policies.push(p.ref);
      for (const r of adminRefs(c, d)) adminPolicies.push(r);
    }
    return {
      isolated,
      policies: policies.length > 0 ? uniqueRefs(policies.slice()) : NO_REFS,
      adminPolicies: adminPolicies.length > 0 ? uniqueRefs(adminPolicies.slice()) : NO_REFS,
      baseline,
    };
  };
  const wl: WorkloadIsolation[] = workloads.map((w, i) => ({
    workload: w.peer,
    hostNetwork: w.hostNetwork,
    ingress: direction(i, 'ingress'),
    egress: direction(i, 'egress'),
  }));

  const counts = new Map<string, number>();
  for (const w of workloads) counts.set(w.namespace, (counts.get(w.namespace) ?? 0) + 1);
  const selectAll = new Map<string, NetworkPolicyDef[]>();
  for (const p of model.networkPolicies) {
    if (!p.podSelector.empty) continue;
    const list = selectAll.get(p.namespace);
    if (list) list.push(p);
    else selectAll.set(p.namespace, [p]);
  }
  const namespaces: NamespaceIsolation[] = [...model.namespaces.values()].map((ns) => {
    const all = selectAll.get(ns.name) ?? [];
    return {
      namespace: ns.name,
      labels: ns.labels,
      workloads: counts.get(ns.name) ?? 0,
      defaultDeny: { ingress: refsOf(all.filter((p) => p.ingress)), egress: refsOf(all.filter((p) => p.egress)) },
    };
  });

  const selects = (set: IndexSet): WorkloadPeer[] => {
    if (set.count === 0) return NO_PEERS;
    const ws = new Set<number>();
    set.forEach((c) => {
      for (const w of model.classes[c]!.workloads) ws.add(w);
    });
    return [...ws].sort((a, b) => a - b).map((w) => workloads[w]!.peer);
  };
  const adminDirections = (p: AdminPolicyDef): Direction[] => directionList(p.ingressRules.length > 0, p.egressRules.length > 0);
  const policies: PolicySelection[] = [];
  model.networkPolicies.forEach((p, i) => {
    policies.push({ policy: p.ref, directions: directionList(p.ingress, p.egress), selects: selects(model.npSubjects[i]!) });
  });
  model.adminPolicies.forEach((p, i) => {
    policies.push({ policy: p.ref, directions: adminDirections(p), selects: selects(model.anpSubjects[i]!) });
  });
  if (model.baseline && model.banpSubject) {
    policies.push({ policy: model.baseline.ref, directions: adminDirections(model.baseline), selects: selects(model.banpSubject) });
  }
  return { workloads: wl, namespaces, policies: policies.slice() };
}

function nonEmpty(rules: readonly unknown[] | undefined): boolean {
  return (rules?.length ?? 0) > 0;
}

/**
 * Per workload, whether some policy selects it for ingress and for egress; per namespace, its
 * default-deny policies; per policy, what it selects. Cheap: no connection is computed.
 */
export function isolation(set: ObjectSet, options: ReachabilityOptions = {}): IsolationResult {
  const model = buildModel(set, options);
  return isolationFromModel(model, workloadsOf(model));
}

/** The connection list as a JSON document (schemaVersion 1), pretty-printed with `indent` spaces. */
export function toConnectionsJson(result: Pick<ReachabilityResult, 'connections' | 'notes'>, indent = 2): string {
  return JSON.stringify(toConnectionsDocument(result), null, indent);
}

export interface ConnectionsDocument {
  schemaVersion: number;
  connections: { from: Record<string, unknown>; to: Record<string, unknown>; allowed: PortSetJson }[];
  notes: string[];
}

/** The object {@link toConnectionsJson} serialises, with peers in their documented key order. */
export function toConnectionsDocument(result: Pick<ReachabilityResult, 'connections' | 'notes'>): ConnectionsDocument {
  const peer = (p: Connection['from']): Record<string, unknown> =>
    p.type === 'workload'
      ? { type: 'workload', namespace: p.namespace, name: p.name, kind: p.kind }
      : { type: 'external', cidrs: p.cidrs };
  return {
    schemaVersion: CONNECTIONS_SCHEMA_VERSION,
    connections: result.connections.map((c) => ({ from: peer(c.from), to: peer(c.to), allowed: c.allowed })),
    notes: result.notes,
  };
}

/**
 * The cluster DNS as policies see it: pods labelled `k8s-app: kube-dns` in kube-system (as kubeadm,
 * the managed services and k3s deploy CoreDNS and kube-dns), with CoreDNS's named ports. Manifests
 * under review rarely hold kube-system, and policies can only tell pods apart by namespace, labels
 * and named ports, so this stand-in answers for the real pods.
 */
export const CLUSTER_DNS_POD: VirtualPod = Object.freeze({
  name: 'cluster-dns',
  namespace: 'kube-system',
  labels: Object.freeze({ 'k8s-app': 'kube-dns' }),
  namedPorts: Object.freeze([
    Object.freeze({ name: 'dns', port: 53, protocol: 'UDP' as const }),
    Object.freeze({ name: 'dns-tcp', port: 53, protocol: 'TCP' as const }),
    Object.freeze({ name: 'metrics', port: 9153, protocol: 'TCP' as const }),
  ]),
});

/**
 * Reachability with default options, computed once per run for rules (`ctx.use(reachability)`),
 * with {@link CLUSTER_DNS_POD} as a virtual pod: answering whether workloads reach the cluster DNS
 * from this model costs little, and a model of its own would cost as much as this one.
 */
export const reachability = defineAnalyzer<ReachabilityResult>({
  id: 'network-reachability',
  description: 'Allowed connections between workloads and external ranges under NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy, and from workloads to the cluster DNS.',
  compute: (set) => computeReachability(set, { virtualPods: [CLUSTER_DNS_POD] }),
});

/** Policy selection only (no connections): for rules about missing, partial or unused policies. */
export const networkIsolation = defineAnalyzer<IsolationResult>({
  id: 'network-isolation',
  description: 'Which workloads NetworkPolicies and admin network policies select, per direction, and which namespaces have a default deny.',
  compute: (set) => isolation(set),
});
