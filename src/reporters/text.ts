import { isFileLocation, type ReportContext, type ScanResult } from '../model/index.js';

/** Plain text for terminals. TODO(reporters): grouping by area and severity, colour. */
export function renderText(result: ScanResult, _ctx: ReportContext): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    const loc = isFileLocation(f.location) ? `${f.location.file}:${f.location.line}:${f.location.column}` : f.location.ref;
    lines.push(`${loc} ${f.severity} ${f.ruleId} ${f.message}`);
  }
  for (const e of result.errors) lines.push(`error: ${e.file ?? ''}${e.line ? `:${e.line}` : ''} ${e.message}`);
  return lines.join('\n') + '\n';
}
