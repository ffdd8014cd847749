import path from 'node:path';
import {
  analyzeReachability, ReachabilityQueryError, toConnectionsDocument,
  type ConnectionExplanation, type DirectionExplanation, type ExplainEndpoint, type PolicyRef, type PortSetJson, type ReachabilityAnalysis,
  type ReachabilityOptions, type ReachabilityResult, type RuleRef, type Workload,
} from '../../analysis/analyzers/reachability/index.js';
import { IpSet, ipSetOf, parseCidr } from '../../analysis/analyzers/reachability/ip.js';
import {
  isFileLocation, locate, matchesSelector, ObjectSet, parseLabelSelector,
  type LabelSelector, type Path, type ScanError,
} from '../../model/index.js';
import type {
  IntentPeer, IntentResult, IntentTestReport, NetpolConnectionsDocument, NetpolDirectionExplanation, NetpolExplainReport, NetpolPolicyRef,
  NetpolProtocol, NetpolRuleRef, NetpolSourceLocation, NetworkIntent,
} from '../../model/netpol.js';
import {
  renderConnectionsDot, renderConnectionsJson, renderConnectionsMermaid, renderConnectionsText, renderExplainJson,
  renderExplainText, renderIntentsJson, renderIntentsText,
} from '../../reporters/netpol.js';
import { displayPath, loadPaths } from '../../sources/index.js';
import { loadIntentsFile } from '../../sources/intents.js';
import { choice, flagOption, listOption, parseArgs, stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args.js';
import { useColor, type CliIo } from '../io.js';

const COMMON_OPTIONS = `  --pod-cidr CIDR     pod address range (repeatable): left out of the external address space, and what
                      ANP networks peers must contain to match pods
  --node-cidr CIDR    node address range (repeatable), where hostNetwork pods live
  --exclude GLOB      leave out matching files (repeatable)
  --no-color          no ANSI colours (also NO_COLOR=1)`;

export const NETPOL_HELP = `Usage: kubeward netpol <command> [options] [paths...]

Network reachability under NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy,
computed from manifests (files and folders; - for stdin).

Commands:
  connections [paths...]      every allowed connection (-o text | json | dot | mermaid)
  explain --from A --to B --port 5432/TCP [paths...]
                              whether one connection is allowed, and which policies and rules decide
                              it on each side, with their file:line
  test INTENTS [paths...]     check a file of expected connections (docs/intents.md) like unit tests

Run 'kubeward netpol <command> --help' for its options.
`;

const CONNECTIONS_HELP = `Usage: kubeward netpol connections [paths...] [-o text|json|dot|mermaid]

Every allowed connection between workloads, and between workloads and external address ranges, with
the protocols and ports allowed. The JSON form (schemaVersion 1) is documented in docs/intents.md.

Options:
  -o, --output F      text | json | dot | mermaid (default text)
${COMMON_OPTIONS}
Exit codes: 0 done, 2 usage error or unreadable input.
`;

const EXPLAIN_HELP = `Usage: kubeward netpol explain --from A --to B --port PORT[/PROTOCOL] [paths...]

Whether A may open a connection to B on the port: egress at A and ingress at B, each with the tier
(AdminNetworkPolicy, NetworkPolicy, BaselineAdminNetworkPolicy or the default) and the policies and
rules that decide it, with where they are.

  A, B                namespace/name or Kind/namespace/name of a workload, or an IP address or CIDR
                      outside the cluster (one side must be a workload)
  --port              e.g. 5432, 5432/TCP, 53/UDP (TCP when no protocol is given)
Options:
  -o, --output F      text | json (default text)
${COMMON_OPTIONS}
Exit codes: 0 allowed, 1 denied, 2 usage error, unknown workload or unreadable input.
`;

const TEST_HELP = `Usage: kubeward netpol test INTENTS [paths...]

Checks each intent of the INTENTS file (docs/intents.md) against the manifests: PASS or FAIL, with
its line and, for failures, the connections at fault and the policies that decide them.

Options:
  -o, --output F      text | json (default text)
${COMMON_OPTIONS}
Exit codes: 0 every intent holds, 1 some intent is violated, 2 errors in the intents file or the input.
`;

const COMMON_SPECS: OptionSpec[] = [
  { name: 'output', short: 'o', value: true },
  { name: 'pod-cidr', value: true, repeat: true },
  { name: 'node-cidr', value: true, repeat: true },
  { name: 'exclude', value: true, repeat: true },
  { name: 'color' },
  { name: 'help', short: 'h' },
];

/** `kubeward netpol`: connections, explain, test. */
export async function netpolCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'connections': return connections(rest, io);
    case 'explain': return explain(rest, io);
    case 'test': return test(rest, io);
    case undefined:
      io.stderr(NETPOL_HELP);
      return 2;
    case '--help': case '-h': case 'help':
      io.stdout(NETPOL_HELP);
      return 0;
    default:
      throw new UsageError(`unknown netpol command "${sub}": connections, explain or test`);
  }
}

function reachabilityOptions(args: ParsedArgs): ReachabilityOptions {
  const options: ReachabilityOptions = {};
  for (const [flag, key] of [['pod-cidr', 'podCidrs'], ['node-cidr', 'nodeCidrs']] as const) {
    const list = listOption(args, flag);
    const { invalid } = ipSetOf(list);
    if (invalid.length > 0) throw new UsageError(`--${flag}: "${invalid[0]}" is not a CIDR`);
    if (list.length > 0) options[key] = list;
  }
  return options;
}

interface Loaded {
  set: ObjectSet;
  errors: ScanError[];
}

async function load(paths: readonly string[], args: ParsedArgs, io: CliIo): Promise<Loaded> {
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
  const stdin = paths.includes('-') ? await io.readStdin() : undefined;
  const loaded = loadPaths(paths, { cwd: io.cwd, stdin, cwdExclude: listOption(args, 'exclude') });
  return { set: new ObjectSet(loaded.objects), errors: loaded.errors };
}

function printErrors(errors: readonly ScanError[], io: CliIo): void {
  for (const e of errors) {
    const at = e.file ? `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ` : '';
    io.stderr(`kubeward: ${at}${e.message}\n`);
  }
}

async function connections(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, COMMON_SPECS);
  if (flagOption(args, 'help')) {
    io.stdout(CONNECTIONS_HELP);
    return 0;
  }
  const format = choice(stringOption(args, 'output'), ['text', 'json', 'dot', 'mermaid'] as const, 'output') ?? 'text';
  const options = reachabilityOptions(args);
  const { set, errors } = await load(args.positionals.length > 0 ? args.positionals : ['.'], args, io);
  const result = analyzeReachability(set, options).result();
  // toConnectionsDocument writes exactly the peers and port sets the model types describe.
  const document = toConnectionsDocument(result) as unknown as NetpolConnectionsDocument;
  const view = { document, workloads: result.workloads.map((w) => w.peer) };
  const render = { text: renderConnectionsText, json: () => renderConnectionsJson(document), dot: renderConnectionsDot, mermaid: renderConnectionsMermaid }[format];
  io.stdout(render(view));
  printErrors(errors, io);
  return errors.length > 0 ? 2 : 0;
}

const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*)(\/\d{1,3})?$/;

/** `ns/name`, `Kind/ns/name`, or an address. */
function parseEndpoint(text: string, option: string): ExplainEndpoint {
  const t = text.trim();
  if (ADDRESS.test(t)) {
    if (!parseCidr(t)) throw new UsageError(`--${option}: "${t}" is not a valid IP address or CIDR`);
    return { cidr: t };
  }
  const parts = t.split('/');
  if (parts.length === 2 && parts.every(Boolean)) return { namespace: parts[0]!, name: parts[1]! };
  if (parts.length === 3 && parts.every(Boolean)) return { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! };
  throw new UsageError(`--${option} must be namespace/name, Kind/namespace/name, or an IP address or CIDR (got "${text}")`);
}

function parsePort(text: string): { port: number; protocol: NetpolProtocol } {
  const m = /^(\d+)(?:\/([A-Za-z]+))?$/.exec(text.trim());
  const port = m ? Number(m[1]) : NaN;
  const protocol = (m?.[2] ?? 'TCP').toUpperCase();
  if (!m || port < 1 || port > 65535) throw new UsageError(`--port must be a port from 1 to 65535, optionally with /TCP, /UDP or /SCTP (got "${text}")`);
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') throw new UsageError(`--port: protocol must be TCP, UDP or SCTP (got "${m[2]}")`);
  return { port, protocol };
}

/** Resolves policies and rules to where they are written. */
function locator(set: ObjectSet): { policy(p: PolicyRef): NetpolPolicyRef; rule(r: RuleRef): NetpolRuleRef } {
  const at = (ref: PolicyRef, p: Path): NetpolSourceLocation => {
    const obj = set.get(ref.kind, ref.namespace, ref.name);
    if (!obj) return {};
    const loc = locate(obj.source, p);
    return isFileLocation(loc) ? { file: loc.file, line: loc.line } : { ref: loc.ref };
  };
  return {
    policy: (p) => ({ ...p, ...at(p, []) }),
    rule: (r) => ({ ...r, ...at(r, ['spec', r.direction, r.index]) }),
  };
}

function toReport(e: ConnectionExplanation, set: ObjectSet): NetpolExplainReport {
  const loc = locator(set);
  const side = (d: DirectionExplanation): NetpolDirectionExplanation => ({
    decision: d.decision,
    tier: d.tier,
    rules: d.rules.map(loc.rule),
    policies: d.policies.map(loc.policy),
    ...(d.passedBy ? { passedBy: loc.rule(d.passedBy) } : {}),
    reason: d.reason,
  });
  return { schemaVersion: 1, allowed: e.allowed, from: e.from, to: e.to, port: e.port, egress: side(e.egress), ingress: side(e.ingress), notes: e.notes };
}

async function explain(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...COMMON_SPECS, { name: 'from', value: true }, { name: 'to', value: true }, { name: 'port', value: true }]);
  if (flagOption(args, 'help')) {
    io.stdout(EXPLAIN_HELP);
    return 0;
  }
  const format = choice(stringOption(args, 'output'), ['text', 'json'] as const, 'output') ?? 'text';
  const fromText = stringOption(args, 'from');
  const toText = stringOption(args, 'to');
  const portText = stringOption(args, 'port');
  if (fromText === undefined || toText === undefined || portText === undefined) {
    throw new UsageError('netpol explain needs --from, --to and --port (e.g. --from shop/frontend --to shop/db --port 5432/TCP)');
  }
  const from = parseEndpoint(fromText, 'from');
  const to = parseEndpoint(toText, 'to');
  if ('cidr' in from && 'cidr' in to) throw new UsageError('netpol explain: --from and --to cannot both be addresses; one must be a workload');
  const port = parsePort(portText);
  const options = reachabilityOptions(args);
  const { set, errors } = await load(args.positionals.length > 0 ? args.positionals : ['.'], args, io);
  printErrors(errors, io);
  let e: ConnectionExplanation;
  try {
    e = analyzeReachability(set, options).explain(from, to, port);
  } catch (err) {
    if (err instanceof ReachabilityQueryError) {
      io.stderr(`kubeward: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const report = toReport(e, set);
  io.stdout(format === 'json' ? renderExplainJson(report) : renderExplainText(report, { color: useColor(io, flagOption(args, 'color')) }));
  if (errors.length > 0) return 2;
  return report.allowed ? 0 : 1;
}

/** Pairs shown under a failed intent before "and N more". */
const MAX_DETAILS = 5;

/** Why a query failed to resolve a peer; reported as the intent's error. */
class IntentError extends Error {}

interface Side {
  endpoints: { ep: ExplainEndpoint; label: string; key: string; cidr?: IpSet }[];
  group: boolean;
}

function selectorOf(sel: IntentPeer & { type: 'selector' }, field: 'namespaceSelector' | 'podSelector'): LabelSelector | undefined {
  const raw = sel[field];
  if (raw === undefined) return undefined;
  const parsed = parseLabelSelector(raw);
  if (typeof parsed === 'string') throw new IntentError(`${field}: ${parsed}`);
  return parsed;
}

function resolvePeer(peer: IntentPeer, result: ReachabilityResult, nsLabels: Map<string, Record<string, string>>, universe: IpSet): Side {
  const entry = (w: Workload) => ({ ep: { namespace: w.namespace, name: w.name, kind: w.kind }, label: `${w.namespace}/${w.name}`, key: w.id });
  if (peer.type === 'cidr') {
    const parsed = parseCidr(peer.cidr);
    if (!parsed) throw new IntentError(`"${peer.cidr}" is not an IP address or CIDR`);
    const cidr = IpSet.fromCidr(parsed).subtract(IpSet.ALL.subtract(universe));
    if (cidr.isEmpty) throw new IntentError(`${peer.cidr} is inside the pod or node CIDRs given, not outside the cluster`);
    return { endpoints: [{ ep: { cidr: peer.cidr }, label: peer.cidr, key: `cidr:${peer.cidr}`, cidr }], group: false };
  }
  if (peer.type === 'workload') {
    const found = result.workloads.filter((w) => w.namespace === peer.namespace && w.name === peer.name && (peer.kind === undefined || w.kind === peer.kind));
    if (found.length === 0) throw new IntentError(`no workload ${peer.kind ? `${peer.kind} ` : ''}${peer.namespace}/${peer.name} in the input`);
    if (found.length > 1) throw new IntentError(`${peer.namespace}/${peer.name} names several workloads (${found.map((w) => w.kind).join(', ')}); give its kind`);
    return { endpoints: [entry(found[0]!)], group: false };
  }
  const nsSel = selectorOf(peer, 'namespaceSelector');
  const podSel = selectorOf(peer, 'podSelector');
  const inNamespace = (ns: string) => (peer.namespace !== undefined ? ns === peer.namespace : nsSel ? matchesSelector(nsSel, nsLabels.get(ns) ?? {}) : true);
  const found = result.workloads.filter((w) => inNamespace(w.namespace) && (!podSel || matchesSelector(podSel, w.labels)));
  if (found.length === 0) throw new IntentError('the selector matches no workload in the input');
  return { endpoints: found.map(entry), group: true };
}

/** The first port a set allows, to ask explain about when the intent names no port. */
function firstPort(allowed: PortSetJson): { port: number; protocol: NetpolProtocol } {
  if (allowed.all) return { port: 1, protocol: 'TCP' };
  for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
    const r = allowed.protocols[protocol];
    if (r && r.length > 0) return { port: r[0]![0], protocol };
  }
  return { port: 1, protocol: 'TCP' };
}

function formatAllowed(allowed: PortSetJson): string {
  if (allowed.all) return 'all ports';
  return Object.entries(allowed.protocols)
    .map(([p, ranges]) => `${p} ${ranges!.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', ')}`)
    .join('; ');
}

function whereText(l: NetpolSourceLocation): string {
  return l.file !== undefined ? ` (${l.file}${l.line !== undefined ? `:${l.line}` : ''})` : l.ref !== undefined ? ` (${l.ref})` : '';
}

/** Two lines of reasons for a connection: each side's reason and the rules or policies that decide it. */
function reasons(e: ConnectionExplanation, set: ObjectSet): string[] {
  const loc = locator(set);
  const side = (name: string, d: DirectionExplanation) => {
    const decisive = d.rules.length > 0 ? d.rules.map((r) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} ${r.direction} rule ${r.index}${whereText(loc.rule(r))}`)
      : d.policies.map((p) => `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}${whereText(loc.policy(p))}`);
    return `  ${name}: ${d.reason.replace(/\.$/, '')}${decisive.length > 0 ? ` [${decisive.join('; ')}]` : ''}`;
  };
  return [side('egress', e.egress), side('ingress', e.ingress)];
}

const PARTIAL_NOTE = 'Only some combinations allow it';

function evaluateIntent(
  intent: NetworkIntent, analysis: ReachabilityAnalysis, index: () => ConnectionIndex, set: ObjectSet,
  nsLabels: Map<string, Record<string, string>>, universe: IpSet,
): IntentResult {
  const result = analysis.result();
  const base = { name: intent.name, file: intent.file, line: intent.line, expect: intent.expect, from: intent.text.from, to: intent.text.to, port: intent.text.port };
  let src: Side;
  let dst: Side;
  try {
    src = resolvePeer(intent.from, result, nsLabels, universe);
    dst = resolvePeer(intent.to, result, nsLabels, universe);
  } catch (e) {
    if (e instanceof IntentError) return { ...base, status: 'error', details: [e.message] };
    throw e;
  }
  const problems: string[][] = [];
  let pairs = 0;
  for (const s of src.endpoints) {
    for (const d of dst.endpoints) {
      // Within a group, a workload's traffic to itself is not what the intent is about.
      if (s.key === d.key && (src.group || dst.group)) continue;
      if (s.cidr && d.cidr) continue;
      pairs++;
      const label = `${s.label} -> ${d.label}`;
      try {
        const problem = intent.port
          ? checkPort(intent, s.ep, d.ep, analysis, set, label)
          : checkAnyPort(intent, s, d, index(), analysis, set, label);
        if (problem) problems.push(problem);
      } catch (e) {
        if (e instanceof ReachabilityQueryError) return { ...base, status: 'error', details: [e.message] };
        throw e;
      }
    }
  }
  if (pairs === 0) return { ...base, status: 'error', details: ['no pair of distinct workloads to check'] };
  const details = problems.slice(0, MAX_DETAILS).flat();
  if (problems.length > MAX_DETAILS) details.push(`and ${problems.length - MAX_DETAILS} more`);
  return { ...base, status: problems.length === 0 ? 'pass' : 'fail', details };
}

function checkPort(intent: NetworkIntent, from: ExplainEndpoint, to: ExplainEndpoint, analysis: ReachabilityAnalysis, set: ObjectSet, label: string): string[] | undefined {
  const e = analysis.explain(from, to, intent.port!);
  const partial = e.notes.some((n) => n.startsWith(PARTIAL_NOTE));
  const port = `${intent.port!.port}/${intent.port!.protocol}`;
  if (intent.expect === 'deny') {
    if (!e.allowed) return undefined;
    return [`${label} ${port}: ${partial ? 'allowed for some of the pods or addresses' : 'allowed'}`, ...reasons(e, set)];
  }
  if (e.allowed && !partial) return undefined;
  if (partial) return [`${label} ${port}: allowed only for some of the pods or addresses`, ...e.notes.map((n) => `  ${n}`)];
  return [`${label} ${port}: denied`, ...reasons(e, set)];
}

function peerKey(p: { kind: string; namespace: string; name: string }): string {
  return `${p.kind}/${p.namespace}/${p.name}`;
}

function intersect(a: IpSet, b: IpSet): IpSet {
  return a.subtract(IpSet.ALL.subtract(b));
}

/** The connection list by endpoints, built once per run. */
interface ConnectionIndex {
  /** `from key NUL to key` of workload pairs. */
  pairs: Map<string, PortSetJson>;
  /** Per workload key, connections to external ranges (`out`) and from them (`in`). */
  out: Map<string, { cidrs: IpSet; allowed: PortSetJson }[]>;
  in: Map<string, { cidrs: IpSet; allowed: PortSetJson }[]>;
}

function indexConnections(result: ReachabilityResult): ConnectionIndex {
  const index: ConnectionIndex = { pairs: new Map(), out: new Map(), in: new Map() };
  const push = (map: ConnectionIndex['out'], key: string, cidrs: string[], allowed: PortSetJson) => {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push({ cidrs: ipSetOf(cidrs).set, allowed });
  };
  for (const c of result.connections) {
    if (c.from.type === 'workload' && c.to.type === 'workload') index.pairs.set(`${peerKey(c.from)}\u0000${peerKey(c.to)}`, c.allowed);
    else if (c.from.type === 'workload' && c.to.type === 'external') push(index.out, peerKey(c.from), c.to.cidrs, c.allowed);
    else if (c.from.type === 'external' && c.to.type === 'workload') push(index.in, peerKey(c.to), c.from.cidrs, c.allowed);
  }
  return index;
}

function checkAnyPort(
  intent: NetworkIntent, s: Side['endpoints'][number], d: Side['endpoints'][number], index: ConnectionIndex,
  analysis: ReachabilityAnalysis, set: ObjectSet, label: string,
): string[] | undefined {
  const external = s.cidr ?? d.cidr;
  if (!external) {
    const allowed = index.pairs.get(`${s.key}\u0000${d.key}`);
    if (intent.expect === 'allow') return allowed ? undefined : [`${label}: nothing is allowed`];
    if (!allowed) return undefined;
    return [`${label}: allowed on ${formatAllowed(allowed)}`, ...reasons(analysis.explain(s.ep, d.ep, firstPort(allowed)), set)];
  }
  const inbound = s.cidr !== undefined;
  const list = (inbound ? index.in.get(d.key) : index.out.get(s.key)) ?? [];
  const matching = list.map((m) => ({ ...m, overlap: intersect(m.cidrs, external) })).filter((m) => !m.overlap.isEmpty);
  if (intent.expect === 'deny') {
    if (matching.length === 0) return undefined;
    const first = matching[0]!;
    const address = { cidr: first.overlap.toCidrs()[0]! };
    const e = analysis.explain(inbound ? address : s.ep, inbound ? d.ep : address, firstPort(first.allowed));
    const ranges = matching.flatMap((m) => m.overlap.toCidrs());
    const shown = `${ranges.slice(0, 4).join(', ')}${ranges.length > 4 ? ` and ${ranges.length - 4} more ranges` : ''}`;
    return [`${label}: allowed ${inbound ? 'from' : 'to'} ${shown} on ${formatAllowed(first.allowed)}`, ...reasons(e, set)];
  }
  let covered = IpSet.EMPTY;
  for (const m of matching) covered = covered.union(m.overlap);
  if (covered.contains(external)) return undefined;
  const missing = external.subtract(covered).toCidrs();
  return [`${label}: nothing is allowed ${inbound ? 'from' : 'to'} ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ` and ${missing.length - 4} more ranges` : ''}`];
}

async function test(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, COMMON_SPECS);
  if (flagOption(args, 'help')) {
    io.stdout(TEST_HELP);
    return 0;
  }
  const format = choice(stringOption(args, 'output'), ['text', 'json'] as const, 'output') ?? 'text';
  const [intentsPath, ...paths] = args.positionals;
  if (intentsPath === undefined) throw new UsageError('usage: kubeward netpol test INTENTS [paths...] (see docs/intents.md)');
  if (intentsPath === '-') throw new UsageError('the intents file cannot be stdin; the manifests can');
  const options = reachabilityOptions(args);
  const intentsFile = path.resolve(io.cwd, intentsPath);
  const loadedIntents = loadIntentsFile(intentsFile, displayPath(intentsFile, io.cwd));
  const { set, errors } = await load(paths.length > 0 ? paths : ['.'], args, io);
  const analysis = analyzeReachability(set, options);
  const nsLabels = new Map(analysis.isolation().namespaces.map((n) => [n.namespace, n.labels]));
  let universe = IpSet.ALL;
  for (const list of [options.podCidrs, options.nodeCidrs]) if (list) universe = universe.subtract(ipSetOf(list).set);
  let index: ConnectionIndex | undefined;
  const lazyIndex = () => (index ??= indexConnections(analysis.result()));
  const results = loadedIntents.intents.map((i) => evaluateIntent(i, analysis, lazyIndex, set, nsLabels, universe));
  const allErrors = [...loadedIntents.errors, ...errors];
  const report: IntentTestReport = {
    schemaVersion: 1,
    file: displayPath(intentsFile, io.cwd),
    results,
    errors: allErrors,
    summary: {
      passed: results.filter((r) => r.status === 'pass').length,
      failed: results.filter((r) => r.status === 'fail').length,
      errors: results.filter((r) => r.status === 'error').length + allErrors.length,
    },
  };
  io.stdout(format === 'json' ? renderIntentsJson(report) : renderIntentsText(report, { color: useColor(io, flagOption(args, 'color')) }));
  if (report.summary.errors > 0) return 2;
  return report.summary.failed > 0 ? 1 : 0;
}

