import type { Finding, NotAssessed, ScanError, ScanNote } from './finding.js';
import type { ObjectRef } from './object.js';
import { AREAS, SEVERITIES, type Area, type Severity } from './severity.js';

export const SCHEMA_VERSION = 1;

export interface Summary {
  /** Unsuppressed findings per severity (every severity present, zero included). */
  bySeverity: Record<Severity, number>;
  /** Unsuppressed findings per area (every area present). */
  byArea: Record<Area, number>;
  suppressed: number;
  objects: number;
  files: number;
  errors: number;
}

/** The outcome of one scan; what every reporter renders. */
export interface ScanResult {
  schemaVersion: typeof SCHEMA_VERSION;
  findings: Finding[];
  errors: ScanError[];
  notes: ScanNote[];
  notAssessed: NotAssessed[];
  /** Files read, as findings name them. */
  files: string[];
  objects: number;
  /**
   * Every object scanned, in load order, and the ids of the rules that ran (after config): with
   * them a report can say which rule x object checks passed, not only which failed (JUnit).
   * Optional so that hand-built results stay valid.
   */
  objectRefs?: ObjectRef[];
  rulesRun?: string[];
  summary: Summary;
}

export function summarize(findings: readonly Finding[], objects: number, files: number, errors: number): Summary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byArea = Object.fromEntries(AREAS.map((a) => [a, 0])) as Record<Area, number>;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) {
      suppressed++;
      continue;
    }
    bySeverity[f.severity]++;
    byArea[f.area]++;
  }
  return { bySeverity, byArea, suppressed, objects, files, errors };
}
