import {
  AREAS, isFileLocation, objectLabel, SEVERITIES,
  type Area, type Finding, type ReportContext, type ScanResult, type Severity,
} from '../model/index.js';
import { formatLocation, formatWhere } from './common.js';

/** The test case name of a whole-set rule that ran and found nothing. */
export const ALL_OBJECTS = 'all objects';
/** The test case name of a check that could not be made with the input given. */
export const NOT_ASSESSED = 'not assessed';
/** The suite that holds scan errors (unreadable files, crashed rules) as `<error>` cases. */
export const ERRORS_SUITE = 'errors';

interface Case {
  classname: string;
  name: string;
  file?: string;
  findings: Finding[];
  /** Why a case was skipped other than suppression (a check that could not be made). */
  skipped?: string;
  /** A scan error shown as this case's `<error>`. */
  error?: string;
}

/**
 * The cases of one rule: those with findings, held, and the passing ones, made while written (a
 * big scan has millions: every object of every kind the rule checks).
 */
interface RuleCases {
  ruleId: string;
  /** Every object checked, when passing cases are listed: one case each, in load order. */
  objects: ObjectsChecked | undefined;
  /** Cases with findings, by object label, in order of first finding. */
  byLabel: Map<string, Case>;
  /** A whole-set rule that ran and found nothing: one passing case for all objects. */
  allObjects: boolean;
}

interface ObjectCase {
  kind: string;
  label: string;
}

interface ObjectsChecked {
  list: readonly ObjectCase[];
  labels: ReadonlySet<string>;
}

interface Suite {
  name: string;
  entries: (Case | RuleCases)[];
}

/**
 * JUnit XML for CI test dashboards. One `<testsuite>` per area, so a dashboard shows six groups
 * rather than one per rule (dozens, each with a handful of cases); one `<testcase>` per rule x
 * object (classname = rule id, name = `Kind/namespace/name`), which is the unit a reader fixes and
 * a dashboard tracks between runs. A case with unsuppressed findings has a `<failure>` (type = its
 * worst severity; findings below `--fail-on` are failures too, their type tells them apart), one
 * with only suppressed findings is `<skipped>`, and every other object of a kind the rule checks is
 * a passing case: those come from `result.objectRefs` and `result.rulesRun`, so a result without
 * them lists only the cases that have findings. Checks that could not be made are skipped cases;
 * scan errors are `<error>` cases in a suite of their own.
 */
export function renderJunit(result: ScanResult, ctx: ReportContext): string {
  return `${[...junitReportLines(result, ctx)].join('\n')}\n`;
}

/** {@link renderJunit}, one line at a time (without line ends), passing cases made as they are written. */
export function* junitReportLines(result: ScanResult, ctx: ReportContext): Generator<string> {
  const suites = buildSuites(result, ctx);
  const counted = suites.map((suite) => ({ suite, counts: countSuite(suite) }));
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const { counts } of counted) {
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
    totals.skipped += counts.skipped;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>';
  yield `<testsuites name="kubeward" ${countAttrs(totals)}>`;
  for (const { suite, counts } of counted) {
    yield `  <testsuite name="${xmlAttr(suite.name)}" ${countAttrs(counts)}>`;
    yield '    <properties>';
    yield `      <property name="kubeward.version" value="${xmlAttr(ctx.toolVersion)}"/>`;
    yield `      <property name="kubeward.failOn" value="${xmlAttr(ctx.failOn)}"/>`;
    yield '    </properties>';
    for (const entry of suite.entries) {
      if ('classname' in entry) yield* caseXml(entry);
      else for (const c of ruleCases(entry)) yield* caseXml(c);
    }
    yield '  </testsuite>';
  }
  yield '</testsuites>';
}

/** A rule's cases in order: one per object checked (its findings' case, or a pass), then cases of objects not listed. */
function* ruleCases(r: RuleCases): Generator<Case> {
  for (const o of r.objects?.list ?? []) yield r.byLabel.get(o.label) ?? { classname: r.ruleId, name: o.label, findings: [] };
  for (const c of r.byLabel.values()) if (!r.objects?.labels.has(c.name)) yield c;
  if (r.allObjects) yield { classname: r.ruleId, name: ALL_OBJECTS, findings: [] };
}

function countSuite(suite: Suite): Counts {
  const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const add = (c: Case) => {
    counts.tests++;
    const o = outcome(c);
    if (o === 'failure') counts.failures++;
    else if (o === 'error') counts.errors++;
    else if (o === 'skipped') counts.skipped++;
  };
  for (const entry of suite.entries) {
    if ('classname' in entry) {
      add(entry);
      continue;
    }
    // Passing cases count as tests only; every case with findings is counted by its outcome.
    let listedWithFindings = 0;
    for (const label of entry.byLabel.keys()) if (entry.objects?.labels.has(label)) listedWithFindings++;
    counts.tests += (entry.objects?.list.length ?? 0) - listedWithFindings + (entry.allObjects ? 1 : 0);
    for (const c of entry.byLabel.values()) add(c);
  }
  return counts;
}

function buildSuites(result: ScanResult, ctx: ReportContext): Suite[] {
  const byArea = new Map<Area, (Case | RuleCases)[]>(AREAS.map((a) => [a, []]));
  const findingsByRule = new Map<string, Finding[]>();
  for (const f of result.findings) {
    let list = findingsByRule.get(f.ruleId);
    if (!list) findingsByRule.set(f.ruleId, (list = []));
    list.push(f);
  }
  const ran = new Set(result.rulesRun ?? []);
  const notAssessedRules = new Set(result.notAssessed.map((n) => n.ruleId).filter((id) => id !== undefined));
  // Duplicates (the same object in two files) share a case: dashboards key cases by name.
  const objects = uniqueByLabel(result.objectRefs ?? []);
  // Rules checking the same kinds share one list of their objects.
  const objectsOfKinds = new Map<string, ObjectsChecked>();
  const checkedObjects = (kinds: readonly string[]): ObjectsChecked => {
    const key = kinds.join('\u0000');
    let checked = objectsOfKinds.get(key);
    if (!checked) {
      const list = objects.filter((o) => kinds.includes(o.kind));
      objectsOfKinds.set(key, (checked = { list, labels: new Set(list.map((o) => o.label)) }));
    }
    return checked;
  };

  const addRuleCases = (ruleId: string, area: Area, kinds: readonly string[] | undefined, checked: boolean) => {
    const byLabel = new Map<string, Case>();
    const findings = findingsByRule.get(ruleId) ?? [];
    findingsByRule.delete(ruleId);
    const passes = checked && !notAssessedRules.has(ruleId);
    for (const f of findings) {
      const label = objectLabel(f.object);
      let c = byLabel.get(label);
      if (!c) byLabel.set(label, (c = { classname: ruleId, name: label, findings: [] }));
      c.findings.push(f);
      if (c.file === undefined && isFileLocation(f.location)) c.file = f.location.file;
    }
    byArea.get(area)!.push({
      ruleId,
      objects: passes && kinds ? checkedObjects(kinds) : undefined,
      byLabel,
      allObjects: passes && !kinds && byLabel.size === 0,
    });
  };

  for (const rule of ctx.rules) {
    if (!findingsByRule.has(rule.id) && !ran.has(rule.id)) continue;
    addRuleCases(rule.id, rule.area, rule.kinds, ran.has(rule.id));
  }
  // Findings of rules the context does not describe still get their cases.
  for (const [ruleId, findings] of [...findingsByRule]) addRuleCases(ruleId, findings[0]!.area, undefined, false);

  const notAssessed = new Map<string, Case & { area: Area }>();
  for (const n of result.notAssessed) {
    const key = `${n.area}\u0000${n.ruleId ?? ''}`;
    const c = notAssessed.get(key);
    if (c) c.skipped = `${c.skipped}; ${n.reason}`;
    else notAssessed.set(key, { area: n.area, classname: n.ruleId ?? n.area, name: NOT_ASSESSED, findings: [], skipped: n.reason });
  }
  for (const { area, ...c } of notAssessed.values()) byArea.get(area)!.push(c);

  const isEmpty = (entries: (Case | RuleCases)[]) =>
    entries.every((e) => !('classname' in e) && e.byLabel.size === 0 && (e.objects?.list.length ?? 0) === 0 && !e.allObjects);
  const suites: Suite[] = AREAS.filter((a) => !isEmpty(byArea.get(a)!)).map((a) => ({ name: a, entries: byArea.get(a)! }));
  if (result.errors.length > 0) {
    const names = new Map<string, number>();
    const entries = result.errors.map((e): Case => {
      const where = formatWhere(e).replace(/: $/, '') || 'scan';
      const n = (names.get(where) ?? 0) + 1;
      names.set(where, n);
      return { classname: 'kubeward', name: n === 1 ? where : `${where} (${n})`, file: e.file, findings: [], error: e.message };
    });
    suites.push({ name: ERRORS_SUITE, entries });
  }
  return suites;
}

function uniqueByLabel(refs: readonly { apiVersion: string; kind: string; namespace?: string; name: string }[]): ObjectCase[] {
  const seen = new Map<string, ObjectCase>();
  for (const r of refs) {
    const label = objectLabel(r);
    if (!seen.has(label)) seen.set(label, { kind: r.kind, label });
  }
  return [...seen.values()];
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

type Outcome = 'pass' | 'failure' | 'error' | 'skipped';

function outcome(c: Case): Outcome {
  if (c.error !== undefined) return 'error';
  if (c.findings.some((f) => f.suppressed === null)) return 'failure';
  if (c.findings.length > 0 || c.skipped !== undefined) return 'skipped';
  return 'pass';
}

function countAttrs(c: Counts): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;
}

function worst(findings: readonly Finding[]): Severity {
  return SEVERITIES.find((s) => findings.some((f) => f.severity === s)) ?? 'info';
}

function caseXml(c: Case): string[] {
  const open = `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}"${c.file !== undefined ? ` file="${xmlAttr(c.file)}"` : ''}`;
  switch (outcome(c)) {
    case 'pass':
      return [`${open}/>`];
    case 'error':
      return [`${open}>`, `      <error message="${xmlAttr(c.error!)}" type="scan-error"/>`, '    </testcase>'];
    case 'skipped': {
      const message = c.skipped ?? c.findings.map((f) => `suppressed (${f.suppressed!.kind}): ${f.suppressed!.reason}`).join('; ');
      return [`${open}>`, `      <skipped message="${xmlAttr(message)}"/>`, '    </testcase>'];
    }
    case 'failure': {
      const active = c.findings.filter((f) => f.suppressed === null);
      const muted = c.findings.filter((f) => f.suppressed !== null);
      const severity = worst(active);
      const message = active.length === 1 ? active[0]!.message : `${active.length} findings, worst ${severity}: ${active[0]!.message}`;
      const lines = [
        ...active.map((f) => `${whereOf(f)}: ${f.severity}: ${f.message}${f.path ? ` (at ${f.path})` : ''}`),
        ...muted.map((f) => `${whereOf(f)}: suppressed (${f.suppressed!.kind}: ${f.suppressed!.reason}): ${f.message}`),
        `fix: ${active[0]!.remediation}`,
      ];
      return [
        `${open}>`,
        `      <failure message="${xmlAttr(message)}" type="${xmlAttr(severity)}">${xmlText(lines.join('\n'))}</failure>`,
        '    </testcase>',
      ];
    }
  }
}

/** Where a finding is, with the chart or overlay its file was rendered from. */
function whereOf(f: Finding): string {
  const via = isFileLocation(f.location) && f.location.via !== undefined ? ` (rendered from ${f.location.via})` : '';
  return `${formatLocation(f.location)}${via}`;
}

// XML 1.0 allows tab, newline, carriage return and U+0020 up; not the other C0 controls, lone
// surrogates, U+FFFE or U+FFFF, not even as character references. They are written out as
// `\uXXXX` so the file stays well-formed and the reader still sees that something was there.
const NOT_XML = /[^\t\n\r\u{20}-\u{D7FF}\u{E000}-\u{FFFD}\u{10000}-\u{10FFFF}]/gu;

function xmlSafe(s: string): string {
  return s.replace(NOT_XML, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Escapes element content; `\r` as a reference because parsers turn a raw one into `\n`. */
export function xmlText(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes an attribute value; whitespace as references because parsers turn raw ones into spaces. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
