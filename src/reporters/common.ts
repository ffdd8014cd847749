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

/** What a streamed array holds while the rest of its document is stringified. */
const STREAM_MARKER = '\u0000kubeward streamed array\u0000';
const STREAM_MARKER_JSON = JSON.stringify(STREAM_MARKER);

/**
 * A stand-in for an array of `count` items in a document given to {@link jsonLines}, which makes and
 * writes the items one at a time. An empty array stays an empty array.
 */
export function streamedArray(count: number): unknown[] {
  return count === 0 ? [] : [STREAM_MARKER];
}

/**
 * The lines (without line ends) of `JSON.stringify(doc, null, 2)`, where one array of `doc` is a
 * {@link streamedArray} whose items `item(0)` … `item(count - 1)` are made and stringified one by
 * one, so that a report of 150k findings is never one object tree nor one string. The lines are
 * exactly those of stringifying the whole document: JSON.stringify escapes line breaks inside
 * strings, so an item's lines are its own, indented like the array's elements.
 */
export function* jsonLines(doc: object, count: number, item: (index: number) => unknown): Generator<string> {
  const lines = JSON.stringify(doc, null, 2).split('\n');
  const at = count === 0 ? -1 : lines.findIndex((l) => l.endsWith(STREAM_MARKER_JSON) && l.trimStart() === STREAM_MARKER_JSON);
  if (at < 0) {
    if (count > 0) throw new Error('jsonLines: the document holds no streamed array');
    yield* lines;
    return;
  }
  const indent = lines[at]!.slice(0, lines[at]!.length - STREAM_MARKER_JSON.length);
  for (let i = 0; i < at; i++) yield lines[i]!;
  for (let i = 0; i < count; i++) {
    const own = JSON.stringify(item(i), null, 2).split('\n');
    if (i < count - 1) own[own.length - 1] += ',';
    for (const line of own) yield indent + line;
  }
  for (let i = at + 1; i < lines.length; i++) yield lines[i]!;
}
