import type { PssReport, ReportContext } from '../model/index.js';

/** `kubeward pss -o json`. */
export function renderPssJson(report: PssReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** `kubeward pss` for terminals: one block per workload, violations with file:line first. */
export function renderPssText(report: PssReport, ctx: Pick<ReportContext, 'color'>): string {
  const paint = (code: string, s: string) => (ctx.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [`Pod Security Standards: ${report.level} at ${report.version}`, ''];
  for (const r of report.results) {
    const where = r.file !== undefined ? `${r.file}:${r.line ?? 1}` : r.ref ?? '';
    const id = `${r.kind}/${r.namespace !== undefined ? `${r.namespace}/` : ''}${r.name}`;
    const verdict = r.allowed ? paint('32', 'allowed') : paint('31', 'DENIED');
    lines.push(`${where} ${id}: ${verdict} (meets ${r.meets})`);
    for (const v of r.violations) {
      const at = v.file !== undefined ? `${v.file}:${v.line}:${v.column}` : '';
      lines.push(`  ${at} ${paint('1', v.check)}: ${v.message}`);
    }
  }
  for (const e of report.errors) {
    lines.push(`error: ${e.file ?? ''}${e.line !== undefined ? `:${e.line}` : ''}${e.file ? ': ' : ''}${e.message}`);
  }
  const denied = report.results.filter((r) => !r.allowed).length;
  if (report.results.length === 0) lines.push('No workloads found.');
  lines.push('', `${report.results.length} workloads: ${report.results.length - denied} allowed, ${denied} denied at ${report.level}.`);
  return lines.join('\n') + '\n';
}
