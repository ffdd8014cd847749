import {
  AREAS, isFileLocation, SEVERITIES,
  type Finding, type Location, type ObjectRef, type ReportContext, type ScanResult,
} from '../model/index.js';
import { jsonLines, streamedArray } from './common.js';

/** The `tool.name` of every kubeward JSON report. */
export const TOOL_NAME = 'kubeward';

/**
 * The JSON report, schema documented in docs/json-output.md (`schemaVersion` 1). Keys are written
 * in a fixed order, whatever order the result's objects were built in, so diffs between runs stay
 * small; optional fields are left out rather than written as null, except `suppressed`.
 */
export function renderJson(result: ScanResult, ctx: ReportContext): string {
  return `${[...jsonReportLines(result, ctx)].join('\n')}\n`;
}

/**
 * {@link renderJson}, one line at a time (without line ends): exactly the lines of
 * `JSON.stringify(document, null, 2)`, with the findings made one by one, so that a large report
 * can be written as it is made instead of held whole in memory.
 */
export function* jsonReportLines(result: ScanResult, ctx: ReportContext): Generator<string> {
  const findings = result.findings;
  yield* jsonLines(jsonDocument(result, ctx, streamedArray(findings.length)), findings.length, (i) => findingJson(findings[i]!));
}

/** The report document; `findings` as given (the streamed report passes a {@link streamedArray}). */
export function jsonDocument(result: ScanResult, ctx: ReportContext, findings: unknown[] = result.findings.map(findingJson)): object {
  const s = result.summary;
  return {
    schemaVersion: result.schemaVersion,
    tool: { name: TOOL_NAME, version: ctx.toolVersion },
    failOn: ctx.failOn,
    findings,
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
}

function findingJson(f: Finding): object {
  return {
    ruleId: f.ruleId,
    area: f.area,
    severity: f.severity,
    message: f.message,
    remediation: f.remediation,
    object: objectJson(f.object),
    location: locationJson(f.location),
    path: f.path,
    suppressed: f.suppressed === null ? null : { kind: f.suppressed.kind, reason: f.suppressed.reason },
  };
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
