import type { ReportContext } from '../model/index.js';
import {
  MTLS_HOP_STATUSES,
  type MtlsHopReport, type MtlsHopStatus, type MtlsMode, type MtlsPortReport, type MtlsReport, type MtlsSourceRef, type MtlsWorkloadRef,
} from '../model/mtls.js';

/** `kubeward mtls -o json`. */
export function renderMtlsJson(report: MtlsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Which hops the text output lists: those not carried in mTLS (default), every one, or none. */
export type MtlsHopListing = 'insecure' | 'all' | 'none';

const MODE_COLOR: Record<MtlsMode, string> = { STRICT: '32', PERMISSIVE: '33', DISABLE: '31', NONE: '31', UNKNOWN: '2' };
const STATUS_COLOR: Record<MtlsHopStatus, string> = { mtls: '32', tls: '33', encrypted: '33', plaintext: '31', fails: '31', unknown: '2' };

function where(r: { file?: string; line?: number; ref?: string }): string {
  return r.file !== undefined ? `${r.file}:${r.line ?? 1}` : r.ref ?? '';
}

function refText(r: MtlsSourceRef): string {
  const id = `${r.kind} ${r.namespace !== undefined ? `${r.namespace}/` : ''}${r.name}`;
  const at = where(r);
  return at === '' ? id : `${id} (${at})`;
}

function workloadText(w: MtlsWorkloadRef): string {
  return `${w.kind} ${w.namespace}/${w.name}`;
}

function portText(p: { port: number | null; protocol: string; name?: string }, others = false): string {
  if (p.port === null) return others ? 'other ports' : 'every port';
  return `${p.port}/${p.protocol}${p.name !== undefined ? ` (${p.name})` : ''}`;
}

function hopText(h: MtlsHopReport): string {
  const via = h.service ? ` via Service ${h.service.name}:${h.service.port}` : '';
  return `${workloadText(h.from)} -> ${workloadText(h.to)} ${h.port === null ? 'any port' : `${h.port}/${h.protocol}`}${via}`;
}

/**
 * `kubeward mtls` for terminals: per workload its data plane and, per port, the effective mode
 * with the reason and the deciding policy; then the hops, conflicts and notes.
 */
export function renderMtlsText(report: MtlsReport, ctx: Pick<ReportContext, 'color'> & { hops?: MtlsHopListing }): string {
  const paint = (code: string, s: string) => (ctx.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const listing = ctx.hops ?? 'insecure';
  const lines: string[] = [];
  const meshes: string[] = [];
  if (report.meshes.istio) {
    meshes.push(`Istio (root namespace ${report.istio.rootNamespace} from ${report.istio.rootNamespaceSource}; auto mTLS ${report.istio.autoMtls ? 'on' : 'off'})`);
  }
  if (report.meshes.linkerd) meshes.push('Linkerd');
  if (report.meshes.ciliumEncryption) meshes.push(`Cilium ${report.meshes.ciliumEncryption === 'wireguard' ? 'WireGuard' : 'IPsec'} encryption`);
  if (report.meshes.ciliumMutualAuth) meshes.push('Cilium mutual authentication');
  lines.push(`Mesh: ${meshes.length > 0 ? meshes.join(', ') : 'none found in the input: all pod-to-pod traffic is plaintext'}`, '');

  for (const w of report.workloads) {
    const at = where(w);
    lines.push(`${paint('1', workloadText(w))}  [${w.dataplane}]${at !== '' ? `  ${at}` : ''}`);
    lines.push(`  ${w.dataplaneReason}`);
    const ports: MtlsPortReport[] = w.ports.length > 0 ? [...w.ports] : [w.defaultMode];
    if (w.ports.length > 0 && (w.dataplane !== 'none' && w.dataplane !== 'unknown')) {
      // Undeclared ports follow the workload mode; worth a line when some port differs from it.
      if (w.ports.some((p) => p.mode !== w.defaultMode.mode)) ports.push(w.defaultMode);
    }
    const label = (p: MtlsPortReport) => portText(p, w.ports.length > 0);
    if (w.dataplane === 'none' || w.dataplane === 'unknown') {
      const m = w.dataplane === 'none' ? 'NONE' : 'UNKNOWN';
      lines.push(`  ${ports.map(label).join(', ')}: ${paint(MODE_COLOR[m], m)}`);
    } else {
      const width = Math.max(...ports.map((p) => label(p).length));
      for (const p of ports) {
        const by = p.decidedBy ? `  (${where(p.decidedBy) || refText(p.decidedBy)})` : '';
        lines.push(`  ${label(p).padEnd(width)}  ${paint(MODE_COLOR[p.mode], p.mode.padEnd(10))} ${p.reason}${by}`);
        if (p.decidedBy?.ambiguous) lines.push(`  ${''.padEnd(width)}  ${''.padEnd(10)} note: ${p.decidedBy.ambiguous}`);
      }
    }
    lines.push('');
  }
  if (report.workloads.length === 0) lines.push('No workloads found.', '');

  const shown = listing === 'all' ? report.hops : listing === 'none' ? [] : report.hops.filter((h) => h.status !== 'mtls');
  if (shown.length > 0) {
    lines.push(listing === 'all' ? 'Hops:' : 'Hops not carried in mTLS:');
    for (const h of shown) {
      lines.push(`  ${paint(STATUS_COLOR[h.status], h.status.padEnd(9))} ${hopText(h)}`);
      if (h.status !== 'mtls') lines.push(`            ${h.reason}`);
    }
    lines.push('');
  }
  if (report.conflicts.length > 0) {
    lines.push('DestinationRule TLS conflicts:');
    for (const c of report.conflicts) {
      lines.push(`  ${paint('31', c.effect)} ${refText(c.destinationRule)} tls.mode ${c.mode}${c.subset !== undefined ? ` (subset ${c.subset})` : ''} -> ` +
        `Service ${c.service.namespace}/${c.service.name}:${c.service.port}, ${workloadText(c.server)}: ${c.reason}`);
    }
    lines.push('');
  }
  for (const n of report.notes) lines.push(`note: ${n}`);
  for (const e of report.errors) {
    lines.push(`error: ${e.file ?? ''}${e.line !== undefined ? `:${e.line}` : ''}${e.file ? ': ' : ''}${e.message}`);
  }
  if (report.notes.length > 0 || report.errors.length > 0) lines.push('');
  const counts = MTLS_HOP_STATUSES.filter((s) => report.summary.hops[s] > 0).map((s) => `${report.summary.hops[s]} ${s}`);
  const total = MTLS_HOP_STATUSES.reduce((n, s) => n + report.summary.hops[s], 0);
  lines.push(`${report.summary.workloads} workloads (${report.summary.meshed} meshed); ${total} reachable hops${counts.length > 0 ? ` (${counts.join(', ')})` : ''}; ` +
    `${report.summary.conflicts} DestinationRule conflicts.`);
  return lines.join('\n') + '\n';
}
