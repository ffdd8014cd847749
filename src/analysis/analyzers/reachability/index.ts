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
import { IpSet } from './ip.js';
import {
  Bits, buildModel, egressCandidates, externalRow, lookupClass, policyLabel, rowKey,
  type Context, type ExternalRow, type Model, type ReachabilityOptions, type Rule,
} from './engine.js';
import { explainInModel, type ConnectionExplanation, type ExplainEndpoint, type ExplainPort } from './explain.js';
import type { Direction, PolicyRef } from './policies.js';
import type { PortSet, PortSetJson } from './ports.js';
import type {
  Connection, DirectionIsolation, ExternalPeer, IsolationResult, NamespaceIsolation, PolicySelection,
  ReachabilityResult, Workload, WorkloadIsolation, WorkloadPeer,
} from './types.js';

export type * from './types.js';
export type { ReachabilityOptions } from './engine.js';
export type { Direction, PolicyKind, PolicyRef, RuleAction, RuleRef } from './policies.js';
export { PROTOCOLS, portSetJsonAllows, type PortSetJson, type Protocol } from './ports.js';
export {
  explainConnection, ReachabilityQueryError,
  type ConnectionExplanation, type DirectionExplanation, type ExplainEndpoint, type ExplainPort, type DecidingTier,
} from './explain.js';

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

function classesByWorkload(model: Model): number[][] {
  const out: number[][] = model.workloads.map(() => []);
  for (const c of model.classes) for (const w of c.workloads) out[w]!.push(c.index);
  return out;
}

/** The row of a workload: the union of its classes' rows (most workloads have one class). */
function workloadRow(model: Model, contexts: Context[], classIds: number[]): ExternalRow {
  const rows = classIds.map((c) => externalRow(model, contexts[c]!));
  if (rows.length === 1) return rows[0]!;
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
function ingressAdmitters(model: Model): (source: number) => Bits {
  const C = model.classes.length;
  const open = new Bits(C);
  const ruleIndex = new Map<Rule, number>();
  const targets: number[][] = [];
  const rules: Rule[] = [];
  for (let t = 0; t < C; t++) {
    const ctx = model.ingress[t]!;
    // The ports an unmatched external address gets are those an unmatched pod gets.
    if (!externalRow(model, ctx).base.isEmpty) {
      open.add(t);
      continue;
    }
    for (const r of ctx.rules) {
      let i = ruleIndex.get(r);
      if (i === undefined) {
        ruleIndex.set(r, (i = rules.length));
        rules.push(r);
        targets.push([]);
      }
      targets[i]!.push(t);
    }
  }
  const matching: number[][] = Array.from({ length: C }, () => []);
  rules.forEach((r, i) => r.peers.forEach((s) => matching[s]!.push(i)));
  return (source) => {
    const admit = new Bits(C);
    admit.or(open);
    for (const i of matching[source]!) for (const t of targets[i]!) admit.add(t);
    return admit;
  };
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
  const groupsFor = (contexts: Context[], ids: number[]) => {
    const row = workloadRow(model, contexts, ids);
    let g = groupCache.get(row.key);
    if (!g) groupCache.set(row.key, (g = externalGroups(model, row)));
    return g;
  };

  // One source workload at a time: its destinations accumulate in a dense row, which keeps the
  // output in order without sorting and costs no map entry per pair.
  const row: (PortSet | undefined)[] = new Array<PortSet | undefined>(W).fill(undefined);
  const touched: number[] = [];
  const admitters = ingressAdmitters(model);
  for (let ws = 0; ws < W; ws++) {
    const bare = workloads[ws]!.kind === 'Pod';
    for (const si of byWorkload[ws]!) {
      const ctxE = model.egress[si]!;
      const visit = (ti: number): void => {
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
      const candidates = egressCandidates(model, ctxE);
      const admit = admitters(si);
      if (candidates === 'all') admit.forEach(visit);
      else candidates.forEach((ti) => {
        if (admit.has(ti)) visit(ti);
      });
    }
    touched.sort((a, b) => a - b);
    const from = workloads[ws]!.peer;
    for (const wt of touched) {
      connections.push({ from, to: workloads[wt]!.peer, allowed: row[wt]!.json });
      row[wt] = undefined;
    }
    touched.length = 0;
    for (const g of groupsFor(model.egress, byWorkload[ws]!)) {
      connections.push({ from, to: externalPeer(g.cidrs), allowed: g.allowed.json });
    }
  }
  for (let wt = 0; wt < W; wt++) {
    for (const g of groupsFor(model.ingress, byWorkload[wt]!)) {
      connections.push({ from: externalPeer(g.cidrs), to: workloads[wt]!.peer, allowed: g.allowed.json });
    }
  }
  return { workloads, connections, notes: notesFor(model), isolation: isolationFromModel(model, workloads) };
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

function refsOf(defs: readonly { ref: PolicyRef }[]): PolicyRef[] {
  return defs.map((d) => d.ref);
}

function uniqueRefs(refs: PolicyRef[]): PolicyRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = policyLabel(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function isolationFromModel(model: Model, workloads: Workload[]): IsolationResult {
  const byWorkload = classesByWorkload(model);
  const direction = (w: number, d: Direction): DirectionIsolation => {
    const ctxs = byWorkload[w]!.map((c) => (d === 'ingress' ? model.ingress : model.egress)[c]!);
    return {
      isolated: ctxs.length > 0 && ctxs.every((c) => c.isolated),
      policies: uniqueRefs(ctxs.flatMap((c) => refsOf(c.policies))),
      adminPolicies: uniqueRefs(ctxs.flatMap((c) =>
        refsOf(c.adminPolicies.filter((p) => (d === 'ingress' ? p.ingressRules : p.egressRules).length > 0)))),
      baseline: ctxs.some((c) => c.baseline && ((d === 'ingress' ? model.baseline?.ingressRules : model.baseline?.egressRules)?.length ?? 0) > 0),
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
  const namespaces: NamespaceIsolation[] = [...model.namespaces.values()].map((ns) => {
    const all = model.networkPolicies.filter((p) => p.namespace === ns.name && p.podSelector.empty);
    return {
      namespace: ns.name,
      labels: ns.labels,
      workloads: counts.get(ns.name) ?? 0,
      defaultDeny: { ingress: refsOf(all.filter((p) => p.ingress)), egress: refsOf(all.filter((p) => p.egress)) },
    };
  });

  const selects = (bits: { forEach(fn: (i: number) => void): void }): WorkloadPeer[] => {
    const ws = new Set<number>();
    bits.forEach((c) => {
      for (const w of model.classes[c]!.workloads) ws.add(w);
    });
    return [...ws].sort((a, b) => a - b).map((w) => workloads[w]!.peer);
  };
  const adminDirections = (p: { ingressRules: unknown[]; egressRules: unknown[] }): Direction[] => [
    ...(p.ingressRules.length > 0 ? ['ingress' as const] : []),
    ...(p.egressRules.length > 0 ? ['egress' as const] : []),
  ];
  const policies: PolicySelection[] = [
    ...model.networkPolicies.map((p, i) => ({
      policy: p.ref,
      directions: [...(p.ingress ? ['ingress' as const] : []), ...(p.egress ? ['egress' as const] : [])],
      selects: selects(model.npSubjects[i]!),
    })),
    ...model.adminPolicies.map((p, i) => ({ policy: p.ref, directions: adminDirections(p), selects: selects(model.anpSubjects[i]!) })),
    ...(model.baseline && model.banpSubject
      ? [{ policy: model.baseline.ref, directions: adminDirections(model.baseline), selects: selects(model.banpSubject) }]
      : []),
  ];
  return { workloads: wl, namespaces, policies };
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

/** Reachability with default options, computed once per run for rules (`ctx.use(reachability)`). */
export const reachability = defineAnalyzer<ReachabilityResult>({
  id: 'network-reachability',
  description: 'Allowed connections between workloads and external ranges under NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy.',
  compute: (set) => computeReachability(set),
});

/** Policy selection only (no connections): for rules about missing, partial or unused policies. */
export const networkIsolation = defineAnalyzer<IsolationResult>({
  id: 'network-isolation',
  description: 'Which workloads NetworkPolicies and admin network policies select, per direction, and which namespaces have a default deny.',
  compute: (set) => isolation(set),
});
