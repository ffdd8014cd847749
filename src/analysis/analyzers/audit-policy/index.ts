/**
 * Audit policy evaluation as the API server does it (k8s.io/apiserver `pkg/audit/policy/checker.go`):
 * rules are tried in order and the first that matches a request sets its level and omitted
 * stages; a request no rule matches is not logged (level None). On top of that, questions of the
 * form "is there a request of this shape that the policy logs like that?", answered by trying
 * every kind of request the policy can tell apart.
 */
import { isRecord, type KubeObject, type Path } from '../../../model/index.js';

export const AUDIT_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type AuditLevel = (typeof AUDIT_LEVELS)[number];

export interface GroupResources {
  /** The API group; `""` (or absent) is the core group. */
  group: string;
  /** Empty: every resource of the group. */
  resources: string[];
  resourceNames: string[];
}

export interface AuditRule {
  index: number;
  /** The rule's level; undefined when it is not one of {@link AUDIT_LEVELS} (the API server rejects such a policy). */
  level: AuditLevel | undefined;
  users: string[];
  userGroups: string[];
  verbs: string[];
  resources: GroupResources[];
  namespaces: string[];
  nonResourceURLs: string[];
  omitStages: string[];
  path: Path;
}

export interface AuditPolicy {
  rules: AuditRule[];
  omitStages: string[];
}

/** A request as the policy checker sees it. */
export interface AuditRequest {
  user: string;
  groups: string[];
  verb: string;
  /** Set for non-resource requests. */
  path?: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  /** `""` for cluster-scoped and all-namespace requests. */
  namespace: string;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Whether an object is an audit policy (`audit.k8s.io/*`, kind Policy). */
export function isAuditPolicy(obj: KubeObject): boolean {
  return obj.kind === 'Policy' && obj.apiVersion.startsWith('audit.k8s.io/');
}

export function parseAuditPolicy(obj: KubeObject): AuditPolicy {
  const raw = Array.isArray(obj.raw.rules) ? obj.raw.rules : [];
  const rules: AuditRule[] = [];
  raw.forEach((r, index) => {
    const rule = isRecord(r) ? r : {};
    const level = (AUDIT_LEVELS as readonly unknown[]).includes(rule.level) ? (rule.level as AuditLevel) : undefined;
    const resources = (Array.isArray(rule.resources) ? rule.resources : []).filter(isRecord).map((g) => ({
      group: typeof g.group === 'string' ? g.group : '',
      resources: strings(g.resources),
      resourceNames: strings(g.resourceNames),
    }));
    rules.push({
      index, level, resources, path: ['rules', index],
      users: strings(rule.users), userGroups: strings(rule.userGroups), verbs: strings(rule.verbs),
      namespaces: strings(rule.namespaces), nonResourceURLs: strings(rule.nonResourceURLs), omitStages: strings(rule.omitStages),
    });
  });
  return { rules, omitStages: strings(obj.raw.omitStages) };
}

function pathMatches(path: string, spec: string): boolean {
  if (spec === '*' || spec === path) return true;
  return spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, ''));
}

function resourceMatches(rule: AuditRule, req: AuditRequest): boolean {
  if (req.path !== undefined) return false;
  if (rule.namespaces.length > 0 && !rule.namespaces.includes(req.namespace)) return false;
  if (rule.resources.length === 0) return true;
  const combined = req.subresource !== '' ? `${req.resource}/${req.subresource}` : req.resource;
  for (const gr of rule.resources) {
    if (gr.group !== req.apiGroup) continue;
    if (gr.resources.length === 0) return true;
    for (const res of gr.resources) {
      if (gr.resourceNames.length > 0 && !gr.resourceNames.includes(req.name)) continue;
      if (res === combined || res === '*') return true;
      if (req.subresource !== '' && res.startsWith('*/') && req.subresource === res.slice(2)) return true;
      // `pods/*` is pods and every subresource of it.
      if (res.endsWith('/*') && req.resource === res.slice(0, -2)) return true;
    }
  }
  return false;
}

/** Whether one rule matches one request. */
export function auditRuleMatches(rule: AuditRule, req: AuditRequest): boolean {
  if (rule.users.length > 0 && !rule.users.includes(req.user)) return false;
  if (rule.userGroups.length > 0 && !req.groups.some((g) => rule.userGroups.includes(g))) return false;
  if (rule.verbs.length > 0 && !rule.verbs.includes(req.verb)) return false;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return resourceMatches(rule, req);
  if (rule.nonResourceURLs.length > 0) return req.path !== undefined && rule.nonResourceURLs.some((s) => pathMatches(req.path!, s));
  return true;
}

export interface AuditDecision {
  level: AuditLevel;
  /** The first matching rule; undefined when none matches (level None). */
  rule: AuditRule | undefined;
  /** Stages not logged: the policy's and the rule's together. */
  omitStages: string[];
}

/** The level and omitted stages for a request: the first matching rule's, else None. */
export function auditDecision(policy: AuditPolicy, req: AuditRequest): AuditDecision {
  for (const rule of policy.rules) {
    // A rule with an invalid level makes the API server refuse the policy; judge the rest as written.
    if (rule.level === undefined) continue;
    if (auditRuleMatches(rule, req)) return { level: rule.level, rule, omitStages: [...new Set([...policy.omitStages, ...rule.omitStages])] };
  }
  return { level: 'None', rule: undefined, omitStages: policy.omitStages };
}

/** The kind of request a question is about: fixed resource, some verbs. */
export interface RequestShape {
  verbs: readonly string[];
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** Cluster-scoped resources have no namespace. */
  clusterScoped?: boolean;
}

export interface CandidateOptions {
  /** Leave out identities of control-plane components (`system:` users other than ServiceAccounts and anonymous, group `system:nodes`). */
  ordinaryIdentitiesOnly?: boolean;
}

const OTHER = 'kubeward.invalid:other';

/**
 * Every request of the shape that the policy can tell apart: for users, groups, namespaces and
 * names, each value some rule names plus one no rule names. Authenticated users are always in
 * `system:authenticated`, ServiceAccounts in their groups, `system:anonymous` in
 * `system:unauthenticated` only.
 */
export function candidateRequests(policy: AuditPolicy, shape: RequestShape, options: CandidateOptions = {}): AuditRequest[] {
  const users = new Set<string>([OTHER, 'system:anonymous']);
  const groups = new Set<string>();
  const namespaces = new Set<string>(shape.clusterScoped ? [''] : ['', OTHER]);
  const names = new Set<string>(['', OTHER]);
  for (const r of policy.rules) {
    for (const u of r.users) users.add(u);
    for (const g of r.userGroups) groups.add(g);
    if (!shape.clusterScoped) for (const n of r.namespaces) namespaces.add(n);
    for (const gr of r.resources) for (const n of gr.resourceNames) names.add(n);
  }
  const identities: { user: string; groups: string[] }[] = [];
  for (const user of users) {
    if (options.ordinaryIdentitiesOnly && user.startsWith('system:') && user !== 'system:anonymous' && !user.startsWith('system:serviceaccount:')) continue;
    if (user === 'system:anonymous') {
      identities.push({ user, groups: ['system:unauthenticated'] });
      continue;
    }
    const base = ['system:authenticated'];
    const sa = /^system:serviceaccount:([^:]+):[^:]+$/.exec(user);
    if (sa) base.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
    identities.push({ user, groups: base });
    for (const g of groups) {
      if (base.includes(g) || g === 'system:unauthenticated') continue;
      if (options.ordinaryIdentitiesOnly && g === 'system:nodes') continue;
      identities.push({ user, groups: [...base, g] });
    }
  }
  const out: AuditRequest[] = [];
  for (const id of identities) {
    for (const verb of shape.verbs) {
      for (const namespace of namespaces) {
        for (const name of names) {
          out.push({ ...id, verb, apiGroup: shape.apiGroup, resource: shape.resource, subresource: shape.subresource ?? '', name, namespace });
        }
      }
    }
  }
  return out;
}

/** A request the policy handles in a way a question looks for, with the decision. */
export interface AuditHit {
  request: AuditRequest;
  decision: AuditDecision;
}

/**
 * Requests of the shapes for which `predicate` holds, one per deciding rule (the first such request
 * found for it; `undefined` rule meaning "no rule matched").
 */
export function findRequests(
  policy: AuditPolicy, shapes: readonly RequestShape[],
  predicate: (req: AuditRequest, decision: AuditDecision) => boolean, options: CandidateOptions = {},
): AuditHit[] {
  const byRule = new Map<number, AuditHit>();
  for (const shape of shapes) {
    for (const request of candidateRequests(policy, shape, options)) {
      const decision = auditDecision(policy, request);
      if (!predicate(request, decision)) continue;
      const key = decision.rule?.index ?? -1;
      if (!byRule.has(key)) byRule.set(key, { request, decision });
    }
  }
  return [...byRule.entries()].sort(([a], [b]) => a - b).map(([, hit]) => hit);
}

/** `get secrets in namespace "x" by user "y"`: a request in words, for messages. */
export function describeRequest(req: AuditRequest): string {
  const res = req.subresource !== '' ? `${req.resource}/${req.subresource}` : req.resource;
  const where = req.namespace === '' ? '' : req.namespace === OTHER ? ' in any namespace' : ` in namespace "${req.namespace}"`;
  const named = req.name !== '' && req.name !== OTHER ? ` named "${req.name}"` : '';
  const extra = req.groups.filter((g) => !g.startsWith('system:authenticated') && !g.startsWith('system:serviceaccounts') && g !== 'system:unauthenticated');
  const who = req.user === OTHER ? (extra.length > 0 ? `a member of ${extra.join(', ')}` : 'any user') : `user "${req.user}"${extra.length > 0 ? ` in ${extra.join(', ')}` : ''}`;
  return `${req.verb} ${res}${named}${where} by ${who}`;
}
