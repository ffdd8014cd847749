/**
 * Renderings of `kubeward netpol`: the connection list as text, JSON, Graphviz dot and Mermaid;
 * one explained connection; the results of an intents file.
 */
import type { ReportContext } from '../model/index.js';
import type {
  IntentTestReport, NetpolConnectionsDocument, NetpolConnectionsView, NetpolDirectionExplanation, NetpolExplainReport,
  NetpolPeer, NetpolPolicyRef, NetpolPortSet, NetpolRuleRef, NetpolSourceLocation, NetpolWorkloadPeer,
} from '../model/netpol.js';
import { formatWhere, plural, printable } from './common.js';

type Color = Pick<ReportContext, 'color'>;

function painter(ctx: Color): (code: string, s: string) => string {
  return (code, s) => (ctx.color ? `\u001b[${code}m${s}\u001b[0m` : s);
}

/** `TCP 80, 8080-8090; UDP 53`, or `all ports` when everything is allowed. */
export function formatPortSet(set: NetpolPortSet): string {
  if (set.all) return 'all ports';
  const parts: string[] = [];
  for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
    const ranges = set.protocols[protocol];
    if (!ranges || ranges.length === 0) continue;
    const list = ranges.map(([lo, hi]) => (lo === 1 && hi === 65535 ? 'all' : lo === hi ? `${lo}` : `${lo}-${hi}`));
    parts.push(`${protocol} ${list.join(', ')}`);
  }
  return parts.length > 0 ? parts.join('; ') : 'nothing';
}

/** Workloads named `namespace/name`, with the kind added where two kinds share a name. */
function peerNamer(workloads: readonly NetpolWorkloadPeer[]): (p: NetpolPeer) => string {
  const seen = new Map<string, number>();
  for (const w of workloads) seen.set(`${w.namespace}/${w.name}`, (seen.get(`${w.namespace}/${w.name}`) ?? 0) + 1);
  return (p) => {
    if (p.type === 'external') return p.cidrs.join(' ');
    const base = `${p.namespace}/${p.name}`;
    return (seen.get(base) ?? 0) > 1 ? `${base} (${p.kind})` : base;
  };
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** `kubeward netpol connections`: one line per allowed connection, then the notes. */
export function renderConnectionsText(view: NetpolConnectionsView): string {
  const name = peerNamer(view.workloads);
  const rows = view.document.connections.map((c) => [printable(name(c.from)), printable(name(c.to)), formatPortSet(c.allowed)] as const);
  const lines: string[] = [];
  if (rows.length === 0) lines.push('No allowed connections.');
  else {
    // A loop, not Math.max(...rows): a big cluster has more connections than a call takes arguments.
    let w0 = 4;
    let w1 = 2;
    for (const r of rows) {
      if (r[0].length > w0) w0 = r[0].length;
      if (r[1].length > w1) w1 = r[1].length;
    }
    lines.push(`${pad('FROM', w0)}  ${pad('TO', w1)}  ALLOWED`);
    for (const r of rows) lines.push(`${pad(r[0], w0)}  ${pad(r[1], w1)}  ${r[2]}`);
  }
  if (view.document.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const n of view.document.notes) lines.push(`  - ${printable(n)}`);
  }
  lines.push('', `${plural(view.document.connections.length, 'connection')} among ${plural(view.workloads.length, 'workload')} and external addresses.`);
  return lines.join('\n') + '\n';
}

/** `kubeward netpol connections -o json`: the document as is (schemaVersion 1). */
export function renderConnectionsJson(doc: NetpolConnectionsDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

interface GraphNode {
  id: string;
  lines: string[];
  external: boolean;
  namespace?: string;
}

/** Nodes for every workload and every external peer, in first-seen order, with stable ids. */
function graphOf(view: NetpolConnectionsView): { nodes: GraphNode[]; idOf: (p: NetpolPeer) => string } {
  const nodes: GraphNode[] = [];
  const ids = new Map<string, string>();
  const keyOf = (p: NetpolPeer) => (p.type === 'workload' ? `w\u0000${p.kind}\u0000${p.namespace}\u0000${p.name}` : `x\u0000${p.cidrs.join(',')}`);
  const add = (p: NetpolPeer) => {
    const key = keyOf(p);
    if (ids.has(key)) return;
    const external = p.type === 'external';
    const id = `${external ? 'x' : 'w'}${nodes.length}`;
    ids.set(key, id);
    nodes.push(p.type === 'workload'
      ? { id, lines: [p.name, p.kind], external, namespace: p.namespace }
      : { id, lines: p.cidrs.length > 4 ? [...p.cidrs.slice(0, 4), `and ${p.cidrs.length - 4} more`] : p.cidrs, external });
  };
  for (const w of view.workloads) add(w);
  for (const c of view.document.connections) {
    add(c.from);
    add(c.to);
  }
  return { nodes, idOf: (p) => ids.get(keyOf(p))! };
}

function namespacesOf(nodes: GraphNode[]): Map<string, GraphNode[]> {
  const out = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    if (n.namespace === undefined) continue;
    let list = out.get(n.namespace);
    if (!list) out.set(n.namespace, (list = []));
    list.push(n);
  }
  return out;
}

/** A DOT double-quoted string; `\n` joins lines. */
function dotString(lines: string[]): string {
  return `"${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')).join('\\n')}"`;
}

/** `kubeward netpol connections -o dot`: a Graphviz digraph, one cluster per namespace. */
export function renderConnectionsDot(view: NetpolConnectionsView): string {
  const { nodes, idOf } = graphOf(view);
  const out = ['digraph connections {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  let i = 0;
  for (const [ns, list] of namespacesOf(nodes)) {
    out.push(`  subgraph cluster_${i++} {`, `    label=${dotString([ns])};`);
    for (const n of list) out.push(`    ${n.id} [label=${dotString(n.lines)}];`);
    out.push('  }');
  }
  for (const n of nodes) if (n.external) out.push(`  ${n.id} [label=${dotString(n.lines)}, shape=ellipse, style=dashed];`);
  for (const c of view.document.connections) out.push(`  ${idOf(c.from)} -> ${idOf(c.to)} [label=${dotString([formatPortSet(c.allowed)])}];`);
  out.push('}');
  return out.join('\n') + '\n';
}

/** Mermaid label text: quotes and angle brackets as entity codes, lines joined with `<br/>`. */
function mermaidText(lines: string[]): string {
  return lines.map((l) => l.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/[\r\n]+/g, ' ')).join('<br/>');
}

/** `kubeward netpol connections -o mermaid`: a flowchart, one subgraph per namespace. */
export function renderConnectionsMermaid(view: NetpolConnectionsView): string {
  const { nodes, idOf } = graphOf(view);
  const out = ['flowchart LR'];
  let i = 0;
  for (const [ns, list] of namespacesOf(nodes)) {
    out.push(`  subgraph ns${i++}["${mermaidText([ns])}"]`);
    for (const n of list) out.push(`    ${n.id}["${mermaidText(n.lines)}"]`);
    out.push('  end');
  }
  for (const n of nodes) if (n.external) out.push(`  ${n.id}(["${mermaidText(n.lines)}"])`);
  for (const c of view.document.connections) out.push(`  ${idOf(c.from)} -->|"${mermaidText([formatPortSet(c.allowed)])}"| ${idOf(c.to)}`);
  return out.join('\n') + '\n';
}

function locationText(l: NetpolSourceLocation): string {
  if (l.file !== undefined) return l.line !== undefined ? `${l.file}:${l.line}` : l.file;
  return l.ref ?? '';
}

function policyLabel(p: NetpolPolicyRef): string {
  return `${p.kind} ${p.namespace !== undefined ? `${p.namespace}/` : ''}${p.name}`;
}

function ruleLabel(r: NetpolRuleRef): string {
  return `${policyLabel(r)} ${r.direction} rule ${r.index}${r.ruleName ? ` "${r.ruleName}"` : ''}${r.action ? ` (${r.action})` : ''}`;
}

function peerLabel(p: NetpolPeer): string {
  return p.type === 'workload' ? `${p.namespace}/${p.name} (${p.kind})` : p.cidrs.join(' ');
}

function sideLines(title: string, d: NetpolDirectionExplanation, paint: (code: string, s: string) => string): string[] {
  const verdict = d.decision === 'allow' ? paint('32', 'allow') : paint('31', 'deny');
  const lines = [`${title}: ${verdict} (${d.tier === 'default' ? 'no policy decides' : `decided by ${d.tier}`})`, `  ${printable(d.reason)}`];
  const entry = (label: string, at: NetpolSourceLocation) => {
    const where = locationText(at);
    return `    ${printable(label)}${where ? `  ${printable(where)}` : ''}`;
  };
  if (d.passedBy) lines.push('  passed on by:', entry(ruleLabel(d.passedBy), d.passedBy));
  if (d.rules.length > 0) {
    lines.push(`  ${d.decision === 'allow' ? 'allowed by' : 'denied by'}:`);
    for (const r of d.rules) lines.push(entry(ruleLabel(r), r));
  }
  const others = d.policies.filter((p) => !d.rules.some((r) => r.kind === p.kind && r.namespace === p.namespace && r.name === p.name));
  if (d.tier === 'NetworkPolicy' && d.policies.length > 0) {
    lines.push(`  policies selecting the pod for ${title.startsWith('Egress') ? 'egress' : 'ingress'}:`);
    for (const p of d.policies) lines.push(entry(policyLabel(p), p));
  } else if (others.length > 0) {
    lines.push('  policies:');
    for (const p of others) lines.push(entry(policyLabel(p), p));
  }
  return lines;
}

/** `kubeward netpol explain`: the verdict, then each side with the deciding policies and rules and where they are. */
export function renderExplainText(report: NetpolExplainReport, ctx: Color): string {
  const paint = painter(ctx);
  const verdict = report.allowed ? paint('32', 'ALLOWED') : paint('31', 'DENIED');
  const lines = [
    `${printable(peerLabel(report.from))} -> ${printable(peerLabel(report.to))} on ${report.port.port}/${report.port.protocol}: ${verdict}`,
    '',
    ...sideLines(`Egress at ${printable(peerLabel(report.from))}`, report.egress, paint),
    '',
    ...sideLines(`Ingress at ${printable(peerLabel(report.to))}`, report.ingress, paint),
  ];
  if (report.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const n of report.notes) lines.push(`  - ${printable(n)}`);
  }
  return lines.join('\n') + '\n';
}

export function renderExplainJson(report: NetpolExplainReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** `kubeward netpol test`: one line per intent, the reasons under failures, then a summary. */
export function renderIntentsText(report: IntentTestReport, ctx: Color): string {
  const paint = painter(ctx);
  const lines: string[] = [];
  const where = (r: { file: string; line: number }) => `${r.file}:${r.line}`;
  const width = report.results.reduce((w, r) => Math.max(w, where(r).length), 0);
  for (const r of report.results) {
    const status = r.status === 'pass' ? paint('32', 'PASS ') : r.status === 'fail' ? paint('31', 'FAIL ') : paint('33', 'ERROR');
    lines.push(`${status} ${pad(printable(where(r)), width)}  ${printable(r.name)}`);
    for (const d of r.details) lines.push(`        ${printable(d)}`);
  }
  for (const e of report.errors) lines.push(`${paint('33', 'error:')} ${printable(formatWhere(e))}${printable(e.message)}`);
  const { passed, failed, errors } = report.summary;
  lines.push('', `${plural(report.results.length, 'intent')}: ${passed} passed, ${failed} failed${errors > 0 ? `, ${plural(errors, 'error')}` : ''}.`);
  return lines.join('\n') + '\n';
}

export function renderIntentsJson(report: IntentTestReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
