import {
  isFileLocation, objectLabel, ruleHelpUri,
  type Finding, type Framework, type ReportContext, type RuleMeta, type ScanResult, type Severity,
} from '../model/index.js';
import { formatWhere, jsonLines, streamedArray } from './common.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_INFORMATION_URI = 'https://github.com/kubeward/kubeward';
/** The `partialFingerprints` key; bump the version if the hashed fields ever change. */
export const FINGERPRINT_KEY = 'kubewardFindingHash/v1';
/** Where relative artifact URIs are rooted: the folder kubeward ran in. */
export const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

/** SARIF `level` per severity: what fails builds is an error, the rest warns or informs. */
export const SARIF_LEVEL: Record<Severity, Level> = {
  critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note',
};

/**
 * `security-severity` per severity. GitHub code scanning reads it (a string, 0.1 to 10.0) to show
 * alerts as critical (over 9.0), high (7.0 to 8.9), medium (4.0 to 6.9) or low (below 4.0).
 */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0',
};

const FRAMEWORK_NAMES: Record<Framework, string> = {
  'cis-k8s': 'CIS Kubernetes Benchmark',
  'nsa-cisa': 'NSA/CISA Kubernetes Hardening Guide',
  pss: 'Pod Security Standards',
  mitre: 'MITRE ATT&CK',
};

/** GitHub cuts rule descriptions at 1024 characters; cutting them ourselves keeps the end readable. */
const MAX_DESCRIPTION = 1024;

/**
 * A SARIF 2.1.0 log with one run: every rule of `ctx.rules` as a reporting descriptor, every finding
 * as a result (suppressed ones with `suppressions`), and errors, notes and unassessed checks as
 * tool execution notifications. File paths become URIs relative to `%SRCROOT%` (the folder the scan
 * ran in); findings on cluster objects have a logical location only.
 */
export function renderSarif(result: ScanResult, ctx: ReportContext): string {
  return `${[...sarifReportLines(result, ctx)].join('\n')}\n`;
}

/**
 * {@link renderSarif}, one line at a time (without line ends), with the results made one by one: a
 * big scan's log is never held whole in memory.
 */
export function* sarifReportLines(result: ScanResult, ctx: ReportContext): Generator<string> {
  const ruleIndex = new Map<string, number>();
  ctx.rules.forEach((r, i) => {
    if (!ruleIndex.has(r.id)) ruleIndex.set(r.id, i);
  });
  const seen = new Map<string, number>();
  const findings = result.findings;
  const notifications = [
    ...result.errors.map((e) => notification('error', e.message, e)),
    ...result.notes.map((n) => notification('note', n.message, n)),
    ...result.notAssessed.map((n) => {
      const note = notification('warning', `${n.area}: not assessed: ${n.reason}`, {});
      const index = n.ruleId === undefined ? undefined : ruleIndex.get(n.ruleId);
      return n.ruleId === undefined ? note : { ...note, associatedRule: { id: n.ruleId, index } };
    }),
  ];
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubeward',
            version: ctx.toolVersion,
            informationUri: TOOL_INFORMATION_URI,
            rules: ctx.rules.map(descriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            toolExecutionNotifications: notifications,
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: streamedArray(findings.length),
      },
    ],
  };
  yield* jsonLines(log, findings.length, (i) => {
    const f = findings[i]!;
    return sarifResult(f, ruleIndex.get(f.ruleId), fingerprint(f, seen));
  });
}

function descriptor(rule: RuleMeta) {
  const helpUri = ruleHelpUri(rule.id);
  const refsText = rule.references.map((r) => `- ${FRAMEWORK_NAMES[r.framework] ?? r.framework}: ${r.control}${r.url ? ` (${r.url})` : ''}`);
  const refsMarkdown = rule.references.map((r) => {
    const name = FRAMEWORK_NAMES[r.framework] ?? r.framework;
    return `- ${name}: ${r.url ? `[${r.control}](${r.url})` : r.control}`;
  });
  const text = [
    `How to fix: ${rule.remediation}`,
    `Why it matters: ${rule.rationale}`,
    ...(refsText.length > 0 ? [`References:\n${refsText.join('\n')}`] : []),
    `More: ${helpUri}`,
  ].join('\n\n');
  const markdown = [
    `**How to fix:** ${rule.remediation}`,
    `**Why it matters:** ${rule.rationale}`,
    ...(refsMarkdown.length > 0 ? [`**References:**\n\n${refsMarkdown.join('\n')}`] : []),
    `[Rule documentation](${helpUri})`,
  ].join('\n\n');
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: cut(rule.title) },
    fullDescription: { text: cut(rule.description) },
    help: { text, markdown },
    helpUri,
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      area: rule.area,
      severity: rule.severity,
      tags: ['security', 'kubernetes', rule.area],
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

function sarifResult(f: Finding, ruleIndex: number | undefined, hash: string) {
  const logical = {
    name: f.object.name,
    fullyQualifiedName: objectLabel(f.object),
    kind: 'resource',
  };
  const location = isFileLocation(f.location)
    ? {
      physicalLocation: {
        artifactLocation: artifactLocation(f.location.file),
        region: region(f.location.line, f.location.column, f.location.endLine, f.location.endColumn),
      },
      logicalLocations: [logical],
    }
    // A live-cluster object has no file: the reference goes where readers of the location look.
    : { logicalLocations: [logical], message: { text: f.location.ref } };
  return {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: hash },
    // An empty array says "checked for suppressions, none apply"; SARIF wants all results alike.
    suppressions: f.suppressed === null ? [] : [{
      kind: f.suppressed.kind === 'annotation' ? 'inSource' : 'external',
      status: 'accepted',
      justification: f.suppressed.reason,
    }],
    // The Helm chart or Kustomize overlay the file was rendered from, when it was.
    properties: {
      severity: f.severity, area: f.area, path: f.path,
      ...(isFileLocation(f.location) && f.location.via !== undefined ? { renderedFrom: f.location.via } : {}),
    },
  };
}

/**
 * A hash of what identifies a finding across runs: rule, object kind/namespace/name and the path
 * inside it. Line numbers stay out so that editing the file above an object keeps its alerts. The
 * n-th repeat of the same identity in one run (the same object in two files) hashes with its count.
 */
function fingerprint(f: Finding, seen: Map<string, number>): string {
  const key = JSON.stringify([f.ruleId, f.object.kind, f.object.namespace ?? '', f.object.name, f.path]);
  const n = seen.get(key) ?? 0;
  seen.set(key, n + 1);
  // crypto loads on use: only SARIF output needs it.
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(n === 0 ? key : `${key}#${n}`).digest('hex').slice(0, 32);
}

function region(startLine: number, startColumn: number, endLine: number, endColumn: number) {
  const start = { startLine, startColumn };
  // SARIF regions must not end before they start; an inconsistent end is dropped, not invented.
  const endOk = endLine > startLine || (endLine === startLine && endColumn >= startColumn);
  return endOk ? { ...start, endLine, endColumn } : start;
}

function notification(level: Level, text: string, where: { file?: string; line?: number; column?: number }) {
  const base = { level, message: { text: where.file ? `${formatWhere(where)}${text}` : text } };
  if (!where.file) return base;
  const physicalLocation = {
    artifactLocation: artifactLocation(where.file),
    ...(where.line ? { region: where.column ? { startLine: where.line, startColumn: where.column } : { startLine: where.line } } : {}),
  };
  return { ...base, locations: [{ physicalLocation }] };
}

/**
 * How a file name from the scan becomes an artifact location. Names relative to the scanned folder
 * (what the loader gives for everything inside it) become percent-encoded relative URIs under
 * `%SRCROOT%`; names outside it are absolute already and become `file:` URIs; pseudo-files such as
 * `<stdin>` have no URI at all, only a description.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } | { description: { text: string } } {
  if (/^<.*>$/.test(file)) return { description: { text: file === '<stdin>' ? 'standard input' : file } };
  const slashed = file.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { uri: `file://${encodePath(slashed)}` };
  if (/^[A-Za-z]:\//.test(slashed)) return { uri: `file:///${slashed.slice(0, 2)}${encodePath(slashed.slice(2))}` };
  return { uri: encodePath(slashed.replace(/^(\.\/)+/, '')), uriBaseId: SRCROOT };
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

function pascalCase(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function cut(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}
