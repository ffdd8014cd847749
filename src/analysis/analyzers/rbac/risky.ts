/**
 * Finding the grants that allow a risky kind of request: which binding gives which rule of which
 * role to whom. The rules of the `access` area describe a risk as a few requests ("get secrets",
 * "create pods/exec") and ask here which grants allow any of them, with the authorizer's own
 * matching ({@link ruleAllows}), so wildcards, subresources and resourceNames count as they do
 * on a cluster.
 */
import type { KubeObject, Path } from '../../../model/index.js';
import { isDefaultBinding, isSuppliedDefault } from './defaults.js';
import type { BindingSubject, RbacBinding, RbacRole, RoleRule } from './model.js';
import { ruleAllows, type PolicyRule, type RequestAttributes } from './policy-rule.js';

/** One kind of request that makes a permission risky. */
export interface Probe {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /**
   * Requests on it carry no namespace (cluster-scoped resources): only ClusterRoleBindings grant
   * it, as a RoleBinding never reaches a request without a namespace.
   */
  clusterScoped?: boolean;
  /** Only requests in this namespace (e.g. the aws-auth ConfigMap in kube-system). */
  namespace?: string;
  /** A resource name the request carries; none (all names) when absent. */
  name?: string;
}

/** A rule of a role that a binding grants, allowing some of the probes. */
export interface GrantMatch {
  binding: RbacBinding;
  role: RbacRole;
  ruleIndex: number;
  roleRule: RoleRule;
  /** The probes the rule allows. */
  probes: Probe[];
  /**
   * True when the rule allows them only for the names in its `resourceNames` (found with
   * `namesLimited: 'include'`).
   */
  namesLimited: boolean;
}

export interface MatchOptions {
  /**
   * Count bindings Kubernetes and kubeadm create (`system:*`, `kubeadm:*`, labelled
   * `kubernetes.io/bootstrapping: rbac-defaults`). Off by default: they are the cluster's own.
   */
  includeDefaultBindings?: boolean;
  /**
   * `exclude` (default): a rule limited by resourceNames does not allow a request on any name, so
   * it does not match. `include`: it matches, flagged {@link GrantMatch.namesLimited}, for risks
   * where even a few names are dangerous (impersonating one user, binding one role).
   */
  namesLimited?: 'exclude' | 'include';
  /** Leave out rules that grant every verb on every resource of every group (reported on their own). */
  skipFullWildcards?: boolean;
}

/** Whether a rule is `*` verbs on `*` resources in `*` groups: everything, like cluster-admin. */
export function isFullWildcard(rule: PolicyRule): boolean {
  return rule.verbs.includes('*') && rule.apiGroups.includes('*') && rule.resources.includes('*');
}

/** Whether a request of this shape carries a resource name that resourceNames can match. */
function carriesName(p: Probe): boolean {
  // list and watch carry one when they select by metadata.name; create and deletecollection never.
  if (p.verb === 'deletecollection') return false;
  return !(p.verb === 'create' && (p.subresource ?? '') === '');
}

/** The request a probe stands for; rules ignore the namespace, which bindings decide. */
function requestOf(p: Probe, binding: RbacBinding | undefined): RequestAttributes {
  return {
    verb: p.verb,
    apiGroup: p.apiGroup,
    resource: p.resource,
    subresource: p.subresource ?? '',
    name: p.name ?? '',
    namespace: p.clusterScoped ? '' : (p.namespace ?? binding?.namespace ?? ''),
  };
}

/**
 * Every (binding, role rule) that allows at least one probe. A RoleBinding only reaches requests
 * in its namespace: probes on cluster-scoped resources, or pinned to another namespace, are not
 * allowed through it. Bindings with no subject that can match anyone grant nothing and are left out.
 */
export function matchGrants(bindings: readonly RbacBinding[], probes: readonly Probe[], options: MatchOptions = {}): GrantMatch[] {
  // Whether a rule allows a probe does not depend on the binding (rules carry no namespace), so
  // each rule is judged once however many bindings grant its role.
  const verdicts = new Map<RoleRule, ('full' | 'limited' | undefined)[]>();
  const judge = (rule: PolicyRule): ('full' | 'limited' | undefined)[] => probes.map((p) => {
    const req = requestOf(p, undefined);
    if (ruleAllows(rule, req)) return 'full';
    if (options.namesLimited === 'include' && rule.resourceNames.length > 0 && carriesName(p) && ruleAllows({ ...rule, resourceNames: [] }, req)) return 'limited';
    return undefined;
  });
  const out: GrantMatch[] = [];
  for (const binding of bindings) {
    const role = binding.role;
    if (!role || binding.subjects.length === 0) continue;
    if (!options.includeDefaultBindings && isDefaultBinding(binding)) continue;
    const reachable = probes.map((p) => binding.namespace === undefined
      || (!p.clusterScoped && (p.namespace === undefined || p.namespace === binding.namespace)));
    if (!reachable.some(Boolean)) continue;
    role.rules.forEach((roleRule, ruleIndex) => {
      if (options.skipFullWildcards && isFullWildcard(roleRule.rule)) return;
      let verdict = verdicts.get(roleRule);
      if (!verdict) verdicts.set(roleRule, (verdict = judge(roleRule.rule)));
      const allowed: Probe[] = [];
      let full = false;
      probes.forEach((p, i) => {
        if (!reachable[i] || verdict[i] === undefined) return;
        allowed.push(p);
        if (verdict[i] === 'full') full = true;
      });
      // A rule that allows some probe for every name is not "limited" even if others are.
      if (allowed.length > 0) out.push({ binding, role, ruleIndex, roleRule, probes: allowed, namesLimited: !full });
    });
  }
  return out;
}

/** `ServiceAccount shop/backend`, `User alice`, `Group devs`. */
export function subjectLabel(s: { kind: string; name: string; namespace?: string }): string {
  return s.namespace !== undefined ? `${s.kind} ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`;
}

/** The subjects of a binding for a message: `User alice, Group devs`. */
export function subjectsLabel(subjects: readonly BindingSubject[]): string {
  return subjects.map(subjectLabel).join(', ');
}

/** `cluster-wide` or `in namespace "prod"`. */
export function scopeLabel(binding: RbacBinding): string {
  return binding.namespace === undefined ? 'cluster-wide' : `in namespace "${binding.namespace}"`;
}

/** `Role/prod/reader rules[2]`, or for an aggregated rule `ClusterRole/x rules[2] (from ClusterRole/y)`. */
export function ruleLabel(role: RbacRole, ruleIndex: number): string {
  const rr = role.rules[ruleIndex]!;
  const base = `${role.ref} rules[${ruleIndex}]`;
  if (rr.source !== role.ref) return `${base} (from ${rr.source})`;
  return role.builtin ? `${base} (Kubernetes default)` : base;
}

/**
 * Where a finding about a granted rule points: at the rule, in the Role or ClusterRole where it is
 * written (`field` inside it), when that object was scanned; otherwise (a default ClusterRole the
 * engine supplied) at the binding's first subject.
 */
export function grantTarget(match: Pick<GrantMatch, 'binding' | 'roleRule'>, field?: string): { object: KubeObject; path: Path } {
  const { roleRule, binding } = match;
  if (!isSuppliedDefault(roleRule.object)) {
    return { object: roleRule.object, path: field !== undefined ? [...roleRule.path, field] : roleRule.path };
  }
  return { object: binding.object, path: ['subjects', binding.subjects[0]?.index ?? 0] };
}

/** Placeholder values every grant message uses: `{subjects}`, `{binding}`, `{rule}`, `{scope}`. */
export function grantData(match: Pick<GrantMatch, 'binding' | 'role' | 'ruleIndex' | 'namesLimited' | 'roleRule'>): Record<string, string> {
  const names = match.roleRule.rule.resourceNames;
  return {
    subjects: subjectsLabel(match.binding.subjects),
    binding: match.binding.ref,
    rule: ruleLabel(match.role, match.ruleIndex),
    scope: scopeLabel(match.binding),
    names: match.namesLimited ? ` (only ${names.map((n) => `"${n}"`).join(', ')})` : '',
  };
}

/** The distinct verbs of the probes a grant allows, in probe order: `get, list`. */
export function probeVerbs(probes: readonly Probe[]): string {
  return [...new Set(probes.map((p) => p.verb))].join(', ');
}

/** The distinct resources of the probes, with subresources: `pods/exec, pods/attach`. */
export function probeResources(probes: readonly Probe[]): string {
  return [...new Set(probes.map((p) => (p.subresource ? `${p.resource}/${p.subresource}` : p.resource)))].join(', ');
}

/** The probes' requests grouped by resource: `create, get pods/exec; get pods/attach`. */
export function probeRequests(probes: readonly Probe[]): string {
  const byResource = new Map<string, string[]>();
  for (const p of probes) {
    const res = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
    const verbs = byResource.get(res);
    if (!verbs) byResource.set(res, [p.verb]);
    else if (!verbs.includes(p.verb)) verbs.push(p.verb);
  }
  return [...byResource.entries()].map(([res, verbs]) => `${verbs.join(', ')} ${res}`).join('; ');
}

/** What one finding about granted rules says and where it points. */
export interface GrantReport {
  object: KubeObject;
  path: Path;
  /** `{subjects}`, `{binding}`, `{rule}` (one or several rules), `{scope}`, `{names}`. */
  data: Record<string, string>;
  /** The probes allowed, over every merged match. */
  probes: Probe[];
  matches: GrantMatch[];
}

/**
 * One report per binding and place: a rule written in a scanned role gives one per binding that
 * grants it; the rules of a default ClusterRole the engine supplied all point at the binding, so
 * they merge into one report there.
 */
export function grantReports(matches: readonly GrantMatch[], field?: string): GrantReport[] {
  const byKey = new Map<string, { object: KubeObject; path: Path; matches: GrantMatch[] }>();
  const ids = new Map<KubeObject, number>();
  for (const m of matches) {
    const { object, path } = grantTarget(m, field);
    if (!ids.has(object)) ids.set(object, ids.size);
    const key = `${ids.get(object)}\u0000${JSON.stringify(path)}\u0000${m.binding.ref}`;
    const entry = byKey.get(key);
    if (entry) entry.matches.push(m);
    else byKey.set(key, { object, path, matches: [m] });
  }
  return [...byKey.values()].map(({ object, path, matches: ms }) => {
    const first = ms[0]!;
    const data = grantData(first);
    if (ms.length > 1) {
      data.rule = ms.map((m) => ruleLabel(m.role, m.ruleIndex)).join(', ');
      data.names = ms.every((m) => m.namesLimited) ? data.names : '';
    }
    const probes: Probe[] = [];
    for (const m of ms) for (const p of m.probes) if (!probes.includes(p)) probes.push(p);
    return { object, path, data, probes, matches: ms };
  });
}

/**
 * Whether a binding subject is a control-plane identity: a `system:` user other than
 * `system:anonymous` and ServiceAccount user names, or the group `system:masters` (whose members
 * hold every permission whatever is bound to them).
 */
export function isSystemSubject(s: { kind: string; name: string }): boolean {
  if (s.kind === 'Group') return s.name === 'system:masters';
  if (s.kind !== 'User') return false;
  return s.name.startsWith('system:') && s.name !== 'system:anonymous' && !s.name.startsWith('system:serviceaccount:');
}

/** `ClusterRole/x` or `Role/ns/x` as a binding names it, resolved or not. */
export function roleRefLabel(binding: RbacBinding): string {
  if (binding.role) return binding.role.ref;
  const { kind, name } = binding.roleRef;
  return kind === 'Role' && binding.namespace !== undefined ? `Role/${binding.namespace}/${name}` : `${kind || 'Role?'}/${name}`;
}
