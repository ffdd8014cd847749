/**
 * Why one connection (source, destination, protocol and port) is allowed or not: which tier and
 * which rules decide it, on each side.
 */
import type { ObjectSet } from '../../../model/index.js';
import { IpSet, parseCidr } from './ip.js';
import { buildModel, policyLabel, portsOf, type Context, type Model, type PodClass, type ReachabilityOptions } from './engine.js';
import type { PolicyRef, RuleRef } from './policies.js';
import { isProtocol, MAX_PORT, MIN_PORT, type Protocol } from './ports.js';
import type { Peer, WorkloadPeer } from './types.js';

/** A workload (kind only needed when two kinds share the name), or an address / CIDR outside the cluster. */
export type ExplainEndpoint = { namespace: string; name: string; kind?: string } | { cidr: string };

export interface ExplainPort {
  port: number;
  /** Default TCP. */
  protocol?: Protocol;
}

export type DecidingTier = 'ANP' | 'NetworkPolicy' | 'BANP' | 'default';

export interface DirectionExplanation {
  decision: 'allow' | 'deny';
  tier: DecidingTier;
  /**
   * The rules that decide: the one ANP or BANP rule that matched first; for a NetworkPolicy allow,
   * every rule that allows the connection. Empty when nothing matched.
   */
  rules: RuleRef[];
  /**
   * The policies behind the decision: for NetworkPolicy, every policy selecting the pod for this
   * direction (on a deny: they isolate it and none allows this); for ANP/BANP, the deciding one.
   */
  policies: PolicyRef[];
  /** The ANP Pass rule that handed the decision down, if any. */
  passedBy?: RuleRef;
  /** One sentence for people. */
  reason: string;
}

export interface ConnectionExplanation {
  allowed: boolean;
  from: Peer;
  to: Peer;
  port: { port: number; protocol: Protocol };
  egress: DirectionExplanation;
  ingress: DirectionExplanation;
  notes: string[];
}

/** A query that names something the set does not have; its message is for the user. */
export class ReachabilityQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReachabilityQueryError';
  }
}

function policyOf(r: RuleRef): PolicyRef {
  return r.namespace !== undefined ? { kind: r.kind, namespace: r.namespace, name: r.name } : { kind: r.kind, name: r.name };
}

function ruleText(r: RuleRef): string {
  return `${policyLabel(r)} ${r.direction} rule ${r.index}${r.ruleName ? ` "${r.ruleName}"` : ''}`;
}

/** One direction for one peer; `matched(k)` says whether rule k of the context matches the peer. */
function trace(
  model: Model, ctx: Context, matched: (k: number) => boolean, npKey: number, protocol: Protocol, port: number,
  direction: 'ingress' | 'egress',
): DirectionExplanation {
  if (ctx.hostNetwork) {
    return {
      decision: 'allow', tier: 'default', rules: [], policies: [],
      reason: 'hostNetwork pods are not governed by network policy; treated as unrestricted.',
    };
  }
  const rules = ctx.rules;
  let passedBy: RuleRef | undefined;
  const hit = (k: number): boolean => matched(k) && portsOf(model, rules[k]!, npKey).has(protocol, port);
  for (let k = 0; k < ctx.anpEnd; k++) {
    if (!hit(k)) continue;
    const r = rules[k]!;
    if (r.action === 'Pass') {
      passedBy = r.def.ref;
      break;
    }
    return {
      decision: r.action === 'Allow' ? 'allow' : 'deny', tier: 'ANP', rules: [r.def.ref], policies: [policyOf(r.def.ref)],
      reason: `${ruleText(r.def.ref)} (${r.action}) matches first.`,
    };
  }
  const base = passedBy ? { passedBy } : {};
  const passText = passedBy ? `${ruleText(passedBy)} passes it on; ` : '';
  if (ctx.isolated) {
    const allowing: RuleRef[] = [];
    for (let k = ctx.anpEnd; k < ctx.npEnd; k++) if (hit(k)) allowing.push(rules[k]!.def.ref);
    const isolating = ctx.policies.map((p) => p.ref);
    if (allowing.length > 0) {
      return {
        decision: 'allow', tier: 'NetworkPolicy', rules: allowing, policies: isolating, ...base,
        reason: `${passText}allowed by ${allowing.map(ruleText).join('; ')}.`,
      };
    }
    return {
      decision: 'deny', tier: 'NetworkPolicy', rules: [], policies: isolating, ...base,
      reason: `${passText}isolated for ${direction} by ${isolating.map(policyLabel).join(', ')}, and no rule of them allows it.`,
    };
  }
  for (let k = ctx.npEnd; k < rules.length; k++) {
    if (!hit(k)) continue;
    const r = rules[k]!;
    return {
      decision: r.action === 'Allow' ? 'allow' : 'deny', tier: 'BANP', rules: [r.def.ref], policies: [policyOf(r.def.ref)], ...base,
      reason: `${passText}no NetworkPolicy selects the pod for ${direction}; ${ruleText(r.def.ref)} (${r.action}) matches first.`,
    };
  }
  return {
    decision: 'allow', tier: 'default', rules: [], policies: [], ...base,
    reason: `${passText}no NetworkPolicy selects the pod for ${direction} and no baseline rule matches: allowed by default.`,
  };
}

const OUTSIDE: Record<'ingress' | 'egress', DirectionExplanation> = {
  egress: {
    decision: 'allow', tier: 'default', rules: [], policies: [],
    reason: 'the source is outside the cluster: no egress policy applies.',
  },
  ingress: {
    decision: 'allow', tier: 'default', rules: [], policies: [],
    reason: 'the destination is outside the cluster: no ingress policy applies.',
  },
};

type Side = { type: 'classes'; peer: WorkloadPeer; classes: PodClass[] } | { type: 'atoms'; peer: Peer; atoms: number[] };

function resolveEndpoint(model: Model, ep: ExplainEndpoint, role: string): Side {
  if ('cidr' in ep) {
    const cidr = parseCidr(ep.cidr);
    if (!cidr) throw new ReachabilityQueryError(`${role}: "${ep.cidr}" is not an IP address or CIDR.`);
    const set = IpSet.fromCidr(cidr);
    const atoms: number[] = [];
    model.atoms.forEach((a, i) => {
      if (a.family === cidr.family && a.hi >= cidr.lo && a.lo <= cidr.hi) atoms.push(i);
    });
    if (atoms.length === 0) throw new ReachabilityQueryError(`${role}: ${ep.cidr} is inside the pod or node CIDRs given, not outside the cluster.`);
    return { type: 'atoms', peer: { type: 'external', cidrs: set.toCidrs() }, atoms };
  }
  const index = endpointIndex(model);
  const matches = (index.byName.get(`${ep.namespace}\u0000${ep.name}`) ?? [])
    .map((i) => ({ w: model.workloads[i]!, i }))
    .filter(({ w }) => ep.kind === undefined || w.kind === ep.kind);
  if (matches.length === 0) {
    throw new ReachabilityQueryError(`${role}: no workload ${ep.kind ? `${ep.kind} ` : ''}${ep.namespace}/${ep.name} in the input.`);
  }
  if (matches.length > 1) {
    throw new ReachabilityQueryError(`${role}: ${ep.namespace}/${ep.name} names several workloads (${matches.map(({ w }) => w.kind).join(', ')}); give its kind.`);
  }
  const { w, i } = matches[0]!;
  return {
    type: 'classes',
    peer: { type: 'workload', namespace: w.namespace, name: w.name, kind: w.kind },
    classes: index.classes[i]!,
  };
}

interface EndpointIndex {
  /** Workload indices by `namespace NUL name`. */
  byName: Map<string, number[]>;
  /** Classes of each workload. */
  classes: PodClass[][];
}

// Built once per model: a list of questions (intents, one per workload) would otherwise scan every
// workload and class for each endpoint.
const endpointIndexes = new WeakMap<Model, EndpointIndex>();

function endpointIndex(model: Model): EndpointIndex {
  let index = endpointIndexes.get(model);
  if (!index) {
    const byName = new Map<string, number[]>();
    model.workloads.forEach((w, i) => {
      const key = `${w.namespace}\u0000${w.name}`;
      const list = byName.get(key);
      if (list) list.push(i);
      else byName.set(key, [i]);
    });
    const classes: PodClass[][] = model.workloads.map(() => []);
    for (const c of model.classes) for (const w of c.workloads) classes[w]!.push(c);
    index = { byName, classes };
    endpointIndexes.set(model, index);
  }
  return index;
}

/**
 * Explains one connection: allowed when egress at the source and ingress at the destination
 * both allow it. When the workload's pods differ (or a CIDR spans ranges treated differently),
 * it is allowed if some pair of them allows it, and the notes say so.
 */
export function explainConnection(
  set: ObjectSet, from: ExplainEndpoint, to: ExplainEndpoint, port: ExplainPort, options: ReachabilityOptions = {},
): ConnectionExplanation {
  return explainInModel(buildModel(set, options), from, to, port);
}

/** {@link explainConnection} on a model already built. */
export function explainInModel(model: Model, from: ExplainEndpoint, to: ExplainEndpoint, port: ExplainPort): ConnectionExplanation {
  const protocol = port.protocol ?? 'TCP';
  if (!isProtocol(protocol)) throw new ReachabilityQueryError(`protocol must be TCP, UDP or SCTP, not ${String(protocol)}.`);
  if (!Number.isInteger(port.port) || port.port < MIN_PORT || port.port > MAX_PORT) {
    throw new ReachabilityQueryError(`port must be an integer from ${MIN_PORT} to ${MAX_PORT}, not ${port.port}.`);
  }
  const src = resolveEndpoint(model, from, 'from');
  const dst = resolveEndpoint(model, to, 'to');
  if (src.type === 'atoms' && dst.type === 'atoms') throw new ReachabilityQueryError('at least one side must be a workload.');

  type Pair = { egress: DirectionExplanation; ingress: DirectionExplanation; label: string };
  const pairs: Pair[] = [];
  const srcItems = src.type === 'classes' ? src.classes.map((c) => ({ cls: c, atom: -1 })) : src.atoms.map((a) => ({ cls: undefined, atom: a }));
  const dstItems = dst.type === 'classes' ? dst.classes.map((c) => ({ cls: c, atom: -1 })) : dst.atoms.map((a) => ({ cls: undefined, atom: a }));
  const itemLabel = (item: { cls: PodClass | undefined; atom: number }): string => {
    if (item.cls) return `pods labelled ${JSON.stringify(item.cls.labels)}`;
    const a = model.atoms[item.atom]!;
    return IpSet.of(a.family, [[a.lo, a.hi]]).toCidrs().join(', ');
  };
  for (const s of srcItems) {
    for (const d of dstItems) {
      let egress: DirectionExplanation;
      if (!s.cls) egress = OUTSIDE.egress;
      else {
        const ctx = model.egress[s.cls.index]!;
        egress = d.cls
          ? trace(model, ctx, (k) => ctx.rules[k]!.peers.has(d.cls!.index), d.cls.npKey, protocol, port.port, 'egress')
          : trace(model, ctx, (k) => ctx.rules[k]!.atoms.has(d.atom), 0, protocol, port.port, 'egress');
      }
      let ingress: DirectionExplanation;
      if (!d.cls) ingress = OUTSIDE.ingress;
      else {
        const ctx = model.ingress[d.cls.index]!;
        const npKey = d.cls.npKey;
        ingress = s.cls
          ? trace(model, ctx, (k) => ctx.rules[k]!.peers.has(s.cls!.index), npKey, protocol, port.port, 'ingress')
          : trace(model, ctx, (k) => ctx.rules[k]!.atoms.has(s.atom), npKey, protocol, port.port, 'ingress');
      }
      pairs.push({ egress, ingress, label: `${itemLabel(s)} -> ${itemLabel(d)}` });
    }
  }
  const ok = (p: Pair) => p.egress.decision === 'allow' && p.ingress.decision === 'allow';
  const chosen = pairs.find(ok) ?? pairs[0]!;
  const notes: string[] = [];
  const allowedPairs = pairs.filter(ok);
  if (pairs.length > 1 && allowedPairs.length > 0 && allowedPairs.length < pairs.length) {
    notes.push(`Only some combinations allow it: allowed for ${allowedPairs.map((p) => p.label).join('; ')}; ` +
      `denied for ${pairs.filter((p) => !ok(p)).map((p) => p.label).join('; ')}.`);
  }
  return {
    allowed: allowedPairs.length > 0,
    from: src.peer,
    to: dst.peer,
    port: { port: port.port, protocol },
    egress: chosen.egress,
    ingress: chosen.ingress,
    notes,
  };
}
