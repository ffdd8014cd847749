import {
  AREAS, isFileLocation, objectLabel, ruleHelpUri, SEVERITIES,
  type Finding, type ReportContext, type ScanResult,
} from '../model/index.js';
import { bySeverity, formatWhere, plural, printable, verdict, type VerdictStatus } from './common.js';

/** Findings listed in full; a pull-request comment beyond this is scrolled past, not read. */
export const MAX_FINDINGS = 50;
/** Errors and unassessed checks listed in full. */
export const MAX_ITEMS = 20;

const ICON: Record<VerdictStatus, string> = { pass: '✅', fail: '❌', error: '⚠️' };

/**
 * A compact report for a pull-request comment (GitHub-flavoured Markdown): the verdict at
 * `ctx.failOn` as the headline, counts per area x severity, the worst findings first (up to
 * {@link MAX_FINDINGS}), then errors and checks that could not be made. Text from manifests is
 * escaped so that it cannot break the tables, start formatting, or inject HTML.
 */
export function renderMarkdown(result: ScanResult, ctx: ReportContext): string {
  const v = verdict(result, ctx.failOn);
  const active = result.findings.filter((f) => f.suppressed === null);
  const out: string[] = [`### ${ICON[v.status]} kubeward: ${v.text}`, ''];

  const facts = [`Scanned ${plural(result.summary.objects, 'object')} in ${plural(result.summary.files, 'file')}`];
  if (result.summary.suppressed > 0) facts.push(`${result.summary.suppressed} suppressed (not counted)`);
  if (result.errors.length > 0) facts.push(plural(result.errors.length, 'error'));
  if (result.notAssessed.length > 0) facts.push(`${result.notAssessed.length} not assessed`);
  out.push(`${facts.join(' · ')}.`, '');

  if (active.length === 0) {
    out.push('No findings.', '');
  } else {
    out.push(...countsTable(active), '');
    const shown = bySeverity(active).slice(0, MAX_FINDINGS);
    out.push('| Severity | Rule | Object | Location | Message |', '|---|---|---|---|---|');
    for (const f of shown) out.push(findingRow(f));
    if (active.length > shown.length) out.push('', `…and ${active.length - shown.length} more findings (run \`kubeward scan\` for all of them).`);
    out.push('');
  }

  if (result.errors.length > 0) {
    out.push(`#### Errors (${result.errors.length})`, '');
    for (const e of result.errors.slice(0, MAX_ITEMS)) {
      const where = formatWhere(e).replace(/: $/, '');
      out.push(`- ${where ? `${code(where, false)}: ` : ''}${escape(e.message)}`);
    }
    if (result.errors.length > MAX_ITEMS) out.push(`- …and ${result.errors.length - MAX_ITEMS} more`);
    out.push('');
  }
  if (result.notAssessed.length > 0) {
    out.push(`#### Not assessed (${result.notAssessed.length})`, '');
    for (const n of result.notAssessed.slice(0, MAX_ITEMS)) {
      out.push(`- ${n.area}${n.ruleId ? ` (${code(n.ruleId, false)})` : ''}: ${escape(n.reason)}`);
    }
    if (result.notAssessed.length > MAX_ITEMS) out.push(`- …and ${result.notAssessed.length - MAX_ITEMS} more`);
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

function countsTable(active: readonly Finding[]): string[] {
  const count = (pred: (f: Finding) => boolean) => active.filter(pred).length;
  const rows = [
    `| Area | ${SEVERITIES.join(' | ')} | total |`,
    `|---|${SEVERITIES.map(() => '--:').join('|')}|--:|`,
  ];
  for (const area of AREAS) {
    const total = count((f) => f.area === area);
    if (total === 0) continue;
    const cells = SEVERITIES.map((s) => count((f) => f.area === area && f.severity === s));
    rows.push(`| ${area} | ${cells.join(' | ')} | ${total} |`);
  }
  const totals = SEVERITIES.map((s) => count((f) => f.severity === s));
  rows.push(`| **total** | ${totals.join(' | ')} | **${active.length}** |`);
  return rows;
}

function findingRow(f: Finding): string {
  const where = isFileLocation(f.location)
    ? `${f.location.file}:${f.location.line}${f.location.via !== undefined ? ` (rendered from ${f.location.via})` : ''}`
    : f.location.ref;
  const severity = f.severity === 'critical' || f.severity === 'high' ? `**${f.severity}**` : f.severity;
  const rule = `[${escape(f.ruleId)}](${ruleHelpUri(encodeURIComponent(f.ruleId))})`;
  return `| ${severity} | ${rule} | ${code(objectLabel(f.object), true)} | ${code(where, true)} | ${escape(f.message)} |`;
}

/**
 * Escapes text for Markdown: punctuation that could start emphasis, code, links, HTML, strike-
 * through or a table cell boundary gets a backslash, `&` becomes an entity (so `&lt;` stays
 * literal), `@` is escaped so that names in messages do not notify GitHub users.
 */
export function escape(text: string): string {
  return printable(text.replace(/[\\`*_[\]<>|~@]/g, '\\$&').replace(/&/g, '&amp;'));
}

/**
 * A code span that survives any content: the fence is longer than the longest backtick run inside.
 * Inside a table cell a pipe still ends the cell, even in code, unless escaped as `\|`.
 */
export function code(text: string, inTable: boolean): string {
  let body = printable(text);
  if (inTable) body = body.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
