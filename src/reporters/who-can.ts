/**
 * Renderers for `kubeward who-can` and `kubeward can`. They take plain data in the shapes below
 * (the CLI fills them from the RBAC engine), so reporters stay independent of the analysis code.
 */
import type { ReportContext } from '../model/index.js';

/** One binding and role through which a subject holds a permission. */
export interface WhoCanVia {
  binding: string;
  role: string;
  /** Indexes of the role's rules that allow the request (text output only). */
  rules?: number[];
}

export interface WhoCanSubjectReport {
  kind: string;
  namespace?: string;
  name: string;
  via: WhoCanVia[];
}

/** The versioned who-can answer; `-o json` prints exactly this (schemaVersion 1). */
export interface WhoCanReport {
  schemaVersion: 1;
  verb: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  nonResourceURL?: string;
  namespace?: string;
  notes?: string[];
  subjects: WhoCanSubjectReport[];
}

type Paint = (code: string, s: string) => string;

function painter(color: boolean): Paint {
  return (code, s) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
}

/** `ServiceAccount prod/app`, `User alice`. */
function subjectText(s: { kind: string; namespace?: string; name: string }): string {
  return s.namespace !== undefined ? `${s.kind} ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`;
}

/** The question in words: `get secrets/exec named "x" in namespace "prod"`. */
export function whoCanQuestion(r: WhoCanReport): string {
  if (r.nonResourceURL !== undefined) return `${r.verb} ${r.nonResourceURL}`;
  const res = `${r.resource ?? ''}${r.subresource ? `/${r.subresource}` : ''}`;
  const group = r.apiGroup ? ` (API group ${r.apiGroup})` : '';
  const name = r.name !== undefined ? ` named "${r.name}"` : '';
  const where = r.namespace !== undefined ? ` in namespace "${r.namespace}"` : ' cluster-wide (all namespaces, or a cluster-scoped resource)';
  return `${r.verb} ${res}${group}${name}${where}`;
}

export function renderWhoCanJson(report: WhoCanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Text: the question, then each subject with the bindings, roles and rules that allow it. */
export function renderWhoCanText(report: WhoCanReport, ctx: Pick<ReportContext, 'color'>): string {
  const paint = painter(ctx.color);
  const lines = [`Who can ${whoCanQuestion(report)}:`];
  for (const note of report.notes ?? []) lines.push(`  note: ${note}`);
  lines.push('');
  if (report.subjects.length === 0) lines.push('  nobody, through the RoleBindings and ClusterRoleBindings scanned');
  for (const s of report.subjects) {
    lines.push(`  ${paint('1', subjectText(s))}`);
    for (const v of s.via) {
      const rules = v.rules && v.rules.length > 0 ? ` ${v.rules.map((i) => `rules[${i}]`).join(', ')}` : '';
      lines.push(`    ${v.binding} -> ${v.role}${rules}`);
    }
  }
  lines.push('');
  const n = report.subjects.length;
  lines.push(`${n} subject${n === 1 ? '' : 's'}. Groups are listed as groups; members of system:masters may do anything whatever RBAC says.`);
  return `${lines.join('\n')}\n`;
}

/** One rule a subject holds, through one binding. */
export interface CanGrant {
  binding: string;
  role: string;
  ruleIndex: number;
  /** Where the rule is written when the role got it by aggregation. */
  ruleSource?: string;
  /** The binding subject it reaches the subject through (a group, for members). */
  via: { kind: string; namespace?: string; name: string };
  rule: { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames: string[]; nonResourceURLs: string[] };
}

/** The versioned `kubeward can` answer (schemaVersion 1). */
export interface CanReport {
  schemaVersion: 1;
  subject: { kind: string; namespace?: string; name: string };
  /** The identity the API server would see: user name and groups. */
  user: { name: string; groups: string[] };
  /** `*` (cluster-wide: every namespace and cluster-scoped resources) first, then namespaces. */
  scopes: { scope: string; grants: CanGrant[] }[];
}

export function renderCanJson(report: CanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function ruleText(rule: CanGrant['rule']): string {
  const list = (xs: string[]) => xs.map((x) => (x === '' ? '""' : x)).join(', ');
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) return `${list(rule.verbs)} on URLs ${list(rule.nonResourceURLs)}`;
  const groups = rule.apiGroups.length === 0 ? 'no API group' : `API groups ${list(rule.apiGroups)}`;
  const names = rule.resourceNames.length > 0 ? ` named ${list(rule.resourceNames)}` : '';
  return `${list(rule.verbs)} on ${list(rule.resources)}${names} (${groups})`;
}

/** Text: per scope, per binding and role, the rules it grants. */
export function renderCanText(report: CanReport, ctx: Pick<ReportContext, 'color'>): string {
  const paint = painter(ctx.color);
  const lines = [
    `Permissions of ${subjectText(report.subject)}`,
    `  authenticates as user "${report.user.name || '(none: group members)'}" in groups ${report.user.groups.join(', ') || '(none)'}`,
  ];
  if (report.scopes.length === 0) lines.push('', '  no permissions granted by the RoleBindings and ClusterRoleBindings scanned');
  for (const { scope, grants } of report.scopes) {
    lines.push('', paint('1', scope === '*' ? 'Cluster-wide (every namespace and cluster-scoped resources):' : `In namespace "${scope}":`));
    let last = '';
    for (const g of grants) {
      const head = `${g.binding} -> ${g.role}${g.via.kind === report.subject.kind && g.via.name === report.subject.name ? '' : ` (as ${subjectText(g.via)})`}`;
      if (head !== last) lines.push(`  ${head}`);
      last = head;
      const source = g.ruleSource ? ` (from ${g.ruleSource})` : '';
      lines.push(`    rules[${g.ruleIndex}]${source}: ${ruleText(g.rule)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
