/**
 * PolicyRule parsing and matching, as the RBAC authorizer evaluates one rule against one request
 * (k8s.io/kubernetes `plugin/pkg/auth/authorizer/rbac/rbac.go` RuleAllows and
 * `pkg/apis/rbac/v1/evaluation_helpers.go`).
 */
import { isRecord } from '../../../model/index.js';

/** One entry of a Role's or ClusterRole's `rules`; absent lists are empty. */
export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/**
 * The attributes of one request the authorizer sees. A resource request carries `resource`
 * (without the subresource) and optionally `subresource` and `name`; a non-resource request
 * carries `path` instead. `namespace` is empty for cluster-scoped, all-namespace and non-resource
 * requests.
 */
export type RequestAttributes =
  | {
      verb: string;
      apiGroup: string;
      resource: string;
      subresource: string;
      name: string;
      namespace: string;
      path?: undefined;
    }
  | { verb: string; path: string; namespace: ''; resource?: undefined };

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string');
}

/** Reads a rule from a manifest, tolerating missing or mistyped fields (they match nothing). */
export function parsePolicyRule(value: unknown): PolicyRule {
  const r = isRecord(value) ? value : {};
  return {
    verbs: strings(r.verbs),
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  };
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === '*' || g === group);
}

/**
 * `*` matches every resource and subresource; otherwise the rule entry must equal
 * `resource[/subresource]`, or be `*\/<subresource>` for a request on that subresource. A plain
 * `pods` therefore does not grant `pods/exec`, and upstream has no `pods/*` form: such an entry
 * only matches a request whose subresource is literally `*`.
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  for (const r of rule.resources) {
    if (r === '*' || r === combined) return true;
    if (subresource !== '' && r === `*/${subresource}`) return true;
  }
  return false;
}

/** An empty `resourceNames` allows every name, including requests that carry none. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

/** Exact match, `*` for everything, or a prefix match when the entry ends in `*`. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === '*' || u === path) return true;
    // Upstream trims every trailing `*` before the prefix test, so `/api**` behaves as `/api*`.
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** Whether one rule allows one request, as the RBAC authorizer decides it. */
export function ruleAllows(rule: PolicyRule, req: RequestAttributes): boolean {
  if (!verbMatches(rule, req.verb)) return false;
  if (req.path !== undefined) return nonResourceURLMatches(rule, req.path);
  return (
    apiGroupMatches(rule, req.apiGroup) &&
    resourceMatches(rule, req.resource, req.subresource) &&
    resourceNameMatches(rule, req.name)
  );
}

/** Structural equality, as the aggregation controller dedupes rules (order-sensitive lists). */
export function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const eq = (x: string[], y: string[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  return (
    eq(a.verbs, b.verbs) &&
    eq(a.apiGroups, b.apiGroups) &&
    eq(a.resources, b.resources) &&
    eq(a.resourceNames, b.resourceNames) &&
    eq(a.nonResourceURLs, b.nonResourceURLs)
  );
}
