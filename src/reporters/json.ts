import {
  AREAS, isFileLocation, SEVERITIES,
  type Location, type ObjectRef, type ReportContext, type ScanResult,
} from '../model/index.js';

/** The `tool.name` of every kubeward JSON report. */
export const TOOL_NAME = 'kubeward';

/**
 * The JSON report, schema documented in docs/json-output.md (`schemaVersion` 1). Keys are written
 * in a fixed order, whatever order the result's objects were built in, so diffs between runs stay
 * small; optional fields are left out rather than written as null, except `suppressed`.
 */
export function renderJson(result: ScanResult, ctx: ReportContext): string {
  const s = result.summary;
  const out = {
    schemaVersion: result.schemaVersion,
    tool: { name: TOOL_NAME, version: ctx.toolVersion },
    failOn: ctx.failOn,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      area: f.area,
      severity: f.severity,
      message: f.message,
      remediation: f.remediation,
      object: objectJson(f.object),
      location: locationJson(f.location),
      path: f.path,
      suppressed: f.suppressed === null ? null : { kind: f.suppressed.kind, reason: f.suppressed.reason },
    })),
    errors: result.errors.map(({ file, line, column, message }) => ({ file, line, column, message })),
    notes: result.notes.map(({ file, line, column, message }) => ({ file, line, column, message })),
    notAssessed: result.notAssessed.map(({ area, ruleId, reason }) => ({ area, ruleId, reason })),
    summary: {
      bySeverity: Object.fromEntries(SEVERITIES.map((sev) => [sev, s.bySeverity[sev] ?? 0])),
      byArea: Object.fromEntries(AREAS.map((a) => [a, s.byArea[a] ?? 0])),
      suppressed: s.suppressed,
      objects: s.objects,
      files: s.files,
      errors: s.errors,
    },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function objectJson(o: ObjectRef): ObjectRef {
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name };
}

function locationJson(loc: Location): Location {
  if (!isFileLocation(loc)) return { ref: loc.ref };
  return {
    file: loc.file, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn,
    ...(loc.via !== undefined ? { via: loc.via } : {}),
  };
}
