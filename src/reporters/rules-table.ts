import type { RuleMeta } from '../model/index.js';

/** The rule list of `kubeward rules`, as an aligned table or JSON, in the order given. */
export function renderRulesTable(rules: readonly RuleMeta[], format: 'text' | 'json'): string {
  if (format === 'json') {
    const rows = rules.map((r) => ({ id: r.id, area: r.area, severity: r.severity, title: r.title }));
    return `${JSON.stringify({ schemaVersion: 1, rules: rows }, null, 2)}\n`;
  }
  const count = `${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}`;
  if (rules.length === 0) return `${count}\n`;
  const header = ['ID', 'AREA', 'SEVERITY', 'TITLE'];
  const rows = rules.map((r) => [r.id, r.area, r.severity, r.title]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line), '', count].join('\n') + '\n';
}
