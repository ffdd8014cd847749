import {
  isFileLocation, severityRank, SEVERITIES,
  type Finding, type Location, type ScanResult, type Severity,
} from '../model/index.js';

/** `file:line:column` for a file location, the reference itself for a cluster object. */
export function formatLocation(loc: Location): string {
  return isFileLocation(loc) ? `${loc.file}:${loc.line}:${loc.column}` : loc.ref;
}

/** `file:line:column: ` (as much as is known) before an error or note message; '' when nothing is. */
export function formatWhere(e: { file?: string; line?: number; column?: number }): string {
  if (!e.file) return '';
  if (!e.line) return `${e.file}: `;
  return e.column ? `${e.file}:${e.line}:${e.column}: ` : `${e.file}:${e.line}: `;
}

/** Unsuppressed findings at or above `threshold`: the ones that fail the run. */
export function countAtOrAbove(findings: readonly Finding[], threshold: Severity): number {
  const min = severityRank(threshold);
  let n = 0;
  for (const f of findings) if (f.suppressed === null && severityRank(f.severity) >= min) n++;
  return n;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export type VerdictStatus = 'pass' | 'fail' | 'error';

export interface Verdict {
  status: VerdictStatus;
  /** Unsuppressed findings at or above the threshold. */
  failing: number;
  /** One line for humans, e.g. `FAIL: 2 findings at or above high`. */
  text: string;
}

/**
 * Whether the run fails at `failOn`, worded the way every human-readable report says it. Errors
 * make the CLI exit 2 even without findings, so a run with errors never reads as a pass.
 */
export function verdict(result: ScanResult, failOn: Severity): Verdict {
  const failing = countAtOrAbove(result.findings, failOn);
  const errors = result.errors.length;
  const incomplete = errors > 0 ? ` (scan incomplete: ${plural(errors, 'error')})` : '';
  if (failing > 0) return { status: 'fail', failing, text: `FAIL: ${plural(failing, 'finding')} at or above ${failOn}${incomplete}` };
  if (errors > 0) {
    return { status: 'error', failing, text: `ERROR: scan incomplete (${plural(errors, 'error')}); nothing at or above ${failOn} in what was read` };
  }
  return { status: 'pass', failing, text: `PASS: nothing at or above ${failOn}` };
}

/** Findings ordered worst first; ties keep their incoming (file, line, column) order. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => [f, i] as const)
    .sort(([a, i], [b, j]) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || i - j)
    .map(([f]) => f);
}

// C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides/isolates that can
// make a line read differently from what it contains (the "Trojan Source" characters).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes text from manifests safe to print: escape sequences inside an object name or a YAML
 * string must not drive the terminal, and newlines would break the one-line-per-item layout.
 */
export function printable(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/\t/g, ' ')
    .replace(UNSAFE_TERMINAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
