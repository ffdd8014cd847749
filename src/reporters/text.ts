import {
  AREAS, isFileLocation, objectLabel, SEVERITIES,
  type Finding, type ReportContext, type ScanResult, type Severity, type Suppression,
} from '../model/index.js';
import { formatLocation, formatWhere, plural, printable, verdict, type VerdictStatus } from './common.js';

/** Lines are wrapped to fit an 80-column terminal. */
const WIDTH = 80;
const INDENT = '    ';

type Style = (s: string) => string;

interface Palette {
  bold: Style;
  dim: Style;
  object: Style;
  severity: Record<Severity, Style>;
  verdict: Record<VerdictStatus, Style>;
}

function palette(color: boolean): Palette {
  const sgr = (code: string): Style => (color ? (s) => `\x1b[${code}m${s}\x1b[0m` : (s) => s);
  return {
    bold: sgr('1'),
    dim: sgr('2'),
    object: sgr('36'),
    severity: { critical: sgr('1;35'), high: sgr('31'), medium: sgr('33'), low: sgr('34'), info: sgr('2') },
    verdict: { pass: sgr('1;32'), fail: sgr('1;31'), error: sgr('1;33') },
  };
}

/** A word to wrap: what it looks like, and how wide it is on screen. */
interface Word {
  text: string;
  width: number;
}

const words = (text: string, style: Style = (s) => s): Word[] =>
  text.split(' ').filter((w) => w !== '').map((w) => ({ text: style(w), width: w.length }));

/**
 * Greedy word wrap to {@link WIDTH}. The first line starts with `prefix` (never broken, so a
 * location stays one clickable token); later lines start with `indent`. `prefix` is either text
 * the first word follows after a space, or bare indentation (`isText` false). A word longer than a
 * line gets a line of its own rather than being cut.
 */
function wrap(prefix: Word, isText: boolean, body: Word[], indent: string): string[] {
  const lines: string[] = [];
  let line = prefix.text;
  let used = prefix.width;
  let needSpace = isText;
  for (const w of body) {
    const sep = needSpace ? 1 : 0;
    if (needSpace && used + sep + w.width > WIDTH) {
      lines.push(line);
      line = indent + w.text;
      used = indent.length + w.width;
      continue;
    }
    line += (needSpace ? ' ' : '') + w.text;
    used += sep + w.width;
    needSpace = true;
  }
  lines.push(line);
  return lines;
}

function suppressionText(s: Suppression): string {
  return `${s.kind === 'config' ? 'config exception' : 'annotation'}: ${s.reason}`;
}

/**
 * The terminal report: findings grouped by area and then severity (worst first), each starting
 * with `file:line:column` so terminals and editors can open it, then suppressed findings, errors,
 * notes, checks that could not be made, a summary and the pass/fail verdict at `ctx.failOn`.
 * Control characters in text from manifests are printed as `\uXXXX`, so a manifest cannot drive
 * the terminal.
 */
export function renderText(result: ScanResult, ctx: ReportContext): string {
  return `${[...textReportLines(result, ctx)].join('\n')}\n`;
}

/**
 * {@link renderText}, one line at a time (without line ends), so that a large report can be
 * written as it is made instead of held whole in memory.
 */
export function* textReportLines(result: ScanResult, ctx: ReportContext): Generator<string> {
  const p = palette(ctx.color);
  const active = result.findings.filter((f) => f.suppressed === null);
  const suppressed = result.findings.filter((f) => f.suppressed !== null);
  // A rule's fix is the same for all its findings: wrapped once.
  const fixLines = new Map<string, string[]>();

  if (active.length === 0) {
    yield p.bold('No findings.');
  } else {
    let first = true;
    for (const area of AREAS) {
      const inArea = active.filter((f) => f.area === area);
      if (inArea.length === 0) continue;
      if (!first) yield '';
      first = false;
      yield p.bold(`=== ${area}: ${plural(inArea.length, 'finding')} ===`);
      for (const severity of SEVERITIES) {
        const group = inArea.filter((f) => f.severity === severity);
        if (group.length === 0) continue;
        yield '';
        yield p.severity[severity](`--- ${severity} (${group.length}) ---`);
        for (const f of group) yield* findingLines(f, p, fixLines);
      }
    }
  }

  if (suppressed.length > 0) {
    yield '';
    yield p.bold(`Suppressed (${suppressed.length}):`);
    for (const f of suppressed) {
      const head = `  ${printable(formatLocation(f.location))}`;
      const body = `${f.ruleId} ${printable(objectLabel(f.object))} (${printable(suppressionText(f.suppressed!))})`;
      yield* wrap({ text: head, width: head.length }, true, words(body), INDENT);
    }
  }

  yield* section(p, 'Errors', result.errors.map((e) => `${formatWhere(e)}${e.message}`));
  yield* section(p, 'Notes', result.notes.map((n) => `${formatWhere(n)}${n.message}`));
  yield* section(p, 'Not assessed', result.notAssessed.map((n) => `${n.area}${n.ruleId ? ` (${n.ruleId})` : ''}: ${n.reason}`));

  yield '';
  yield* summaryLines(result, p);
  const v = verdict(result, ctx.failOn);
  yield p.verdict[v.status](v.text);
}

function findingLines(f: Finding, p: Palette, fixLines: Map<string, string[]>): string[] {
  const loc = printable(formatLocation(f.location));
  const plainHead = `${loc} ${f.severity} ${f.ruleId}`;
  const head = { text: `${p.bold(loc)} ${p.severity[f.severity](f.severity)} ${p.dim(f.ruleId)}`, width: plainHead.length };
  // A chart or overlay renders the object: its template or base alone does not say which one.
  const via = isFileLocation(f.location) && f.location.via !== undefined ? `, rendered from ${f.location.via}` : '';
  const body = [...words(printable(f.message)), ...words(`(${printable(objectLabel(f.object))}${printable(via)})`, p.object)];
  const lines = wrap(head, true, body, INDENT);
  if (f.remediation !== '') {
    let fix = fixLines.get(f.remediation);
    if (!fix) fixLines.set(f.remediation, (fix = wrap({ text: `${INDENT}fix:`, width: INDENT.length + 4 }, true, words(printable(f.remediation)), `${INDENT}     `)));
    lines.push(...fix);
  }
  return lines;
}

function* section(p: Palette, title: string, items: string[]): Generator<string> {
  if (items.length === 0) return;
  yield '';
  yield p.bold(`${title} (${items.length}):`);
  for (const item of items) yield* wrap({ text: '  ', width: 2 }, false, words(printable(item)), INDENT);
}

function summaryLines(result: ScanResult, p: Palette): string[] {
  const s = result.summary;
  const total = SEVERITIES.reduce((n, sev) => n + s.bySeverity[sev], 0);
  const perSeverity = SEVERITIES.map((sev) => {
    const text = `${s.bySeverity[sev]} ${sev}`;
    return s.bySeverity[sev] > 0 ? p.severity[sev](text) : text;
  }).join(', ');
  const lines = [`${p.bold('Summary:')} ${plural(total, 'finding')} (${perSeverity}); ${s.suppressed} suppressed`];
  const areas = AREAS.filter((a) => s.byArea[a] > 0).map((a) => `${a} ${s.byArea[a]}`);
  if (areas.length > 0) lines.push(`By area: ${areas.join(', ')}`);
  const extras = [
    result.errors.length > 0 ? plural(result.errors.length, 'error') : '',
    result.notes.length > 0 ? plural(result.notes.length, 'note') : '',
    result.notAssessed.length > 0 ? `${result.notAssessed.length} not assessed` : '',
  ].filter(Boolean);
  lines.push(`Scanned ${plural(s.objects, 'object')} in ${plural(s.files, 'file')}${extras.length > 0 ? `; ${extras.join(', ')}` : ''}.`);
  return lines;
}
