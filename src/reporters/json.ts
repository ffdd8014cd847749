import type { ReportContext, ScanResult } from '../model/index.js';

/**
 * The JSON report (schema in docs/json-schema.md): the result as is, with keys in a fixed order
 * so diffs between runs stay small.
 */
export function renderJson(result: ScanResult, _ctx: ReportContext): string {
  const out = {
    schemaVersion: result.schemaVersion,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      area: f.area,
      severity: f.severity,
      message: f.message,
      remediation: f.remediation,
      object: f.object,
      location: f.location,
      path: f.path,
      suppressed: f.suppressed,
    })),
    errors: result.errors,
    notes: result.notes,
    notAssessed: result.notAssessed,
    summary: result.summary,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
