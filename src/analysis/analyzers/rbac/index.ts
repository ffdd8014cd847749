/**
 * An RBAC engine over an object set that answers as the Kubernetes RBAC authorizer would
 * (`plugin/pkg/auth/authorizer/rbac`, `pkg/registry/rbac/validation/rule.go`):
 *
 * - A request in namespace N is granted by ClusterRoleBindings and by RoleBindings in N; a request
 *   without a namespace (cluster-scoped, all namespaces, non-resource URLs) by ClusterRoleBindings
 *   only. So a RoleBinding to a ClusterRole grants only in the binding's namespace, and
 *   `nonResourceURLs` are only reachable through a ClusterRoleBinding.
 * - A RoleBinding's `roleRef` to a Role resolves in the binding's own namespace only.
 * - Aggregated ClusterRoles carry the aggregation controller's rules, not the manifest's.
 * - Subjects match the requesting user: User by name, Group by membership, ServiceAccount by the
 *   user name `system:serviceaccount:<ns>:<name>` (namespace defaulting to a RoleBinding's own).
 *   ServiceAccounts are in the groups `system:serviceaccounts`, `system:serviceaccounts:<ns>` and
 *   `system:authenticated`; anonymous requests are user `system:anonymous` in group
 *   `system:unauthenticated`; other authenticated users are in `system:authenticated`.
 * - Deny is by default and rules only add: there are no deny rules.
 */
import type { ObjectSet } from '../../../model/index.js';
import { defineAnalyzer, type Analyzer } from '../../analyzer.js';
import {
  serviceAccountUsername, readRbac,
  type DanglingBinding, type ReadRbacOptions, type RbacBinding, type RbacRole, type RbacWarning, type SubjectKind, type SubjectRef,
} from './model.js';
import { ruleAllows, type PolicyRule, type RequestAttributes } from './policy-rule.js';
import { customResourcesOf, resolveRequest, type AccessQuery } from './request.js';

export * from './policy-rule.js';
export {
  grantData, grantReports, grantTarget, isFullWildcard, matchGrants, probeRequests, probeResources, probeVerbs, ruleLabel, scopeLabel,
  isSystemSubject, roleRefLabel, subjectLabel, subjectsLabel,
  type GrantMatch, type GrantReport, type MatchOptions, type Probe,
} from './risky.js';
export { WELL_KNOWN_RESOURCES, type ResourceInfo } from './resources.js';
export { RbacQueryError, resolveRequest, type AccessQuery, type ResolvedRequest } from './request.js';
export {
  DEFAULT_CLUSTER_ROLE_NAMES, defaultClusterRoleObject, isDefaultBinding, isDefaultRole, isDefaultRoleObject, isSuppliedDefault,
} from './defaults.js';
export {
  serviceAccountUsername,
  type BindingSubject, type ReadRbacOptions, type DanglingBinding, type DanglingReason, type RbacBinding, type RbacRole,
  type RbacWarning, type RoleRule, type SubjectKind, type SubjectRef,
} from './model.js';

export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS_USER = 'system:anonymous';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

/** One rule of one role, reaching a subject through one binding. */
export interface Grant {
  /** `RoleBinding/prod/app-read` or `ClusterRoleBinding/admins`. */
  binding: string;
  /** `ClusterRole/secret-reader` or `Role/prod/reader`. */
  role: string;
  /** Index of the rule among the role's effective rules. */
  ruleIndex: number;
  rule: PolicyRule;
  /** Where the rule is written, when the role got it by aggregation (`ClusterRole/<source>`). */
  ruleSource?: string;
  /** `*` for a ClusterRoleBinding, else the RoleBinding's namespace. */
  scope: string;
  /** The binding subject it reaches the subject through (a group, for expanded members). */
  subject: SubjectRef;
}

export interface WhoCanSubject extends SubjectRef {
  via: Grant[];
}

export interface WhoCanResult {
  query: AccessQuery;
  /** The request as the API server would authorize it. */
  request: RequestAttributes;
  notes: string[];
  /** Subjects as bindings name them, sorted by kind, namespace and name. */
  subjects: WhoCanSubject[];
}

export interface WhoCanOptions {
  /**
   * Also list the set's ServiceAccounts that hold the permission through a group
   * (`system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`) or a User
   * subject spelled as their user name. Off by default: groups are listed as groups.
   */
  expandServiceAccounts?: boolean;
}

/** An identity as the authorizer sees it: a user name and its groups. */
export interface UserInfo {
  name: string;
  groups: string[];
}

/**
 * Whose permissions to compute. A ServiceAccount gets its implied groups; a User gets `groups`
 * plus `system:authenticated` (`system:unauthenticated` for `system:anonymous`); a Group stands
 * for a member known only by that group, so only what is bound to the group itself counts.
 */
export type PermissionSubject = (SubjectRef & { groups?: string[] }) | { user: UserInfo };

export interface ScopePermissions {
  /** `*` (cluster-wide: every namespace and cluster-scoped resources) or a namespace. */
  scope: string;
  grants: Grant[];
}

export interface Permissions {
  user: UserInfo;
  /** `*` first, then namespaces in order. */
  scopes: ScopePermissions[];
}

export interface CanResult {
  allowed: boolean;
  request: RequestAttributes;
  notes: string[];
  user: UserInfo;
  /** Every rule that allows the request; empty when denied. */
  via: Grant[];
}

interface IndexedRule {
  role: RbacRole;
  ruleIndex: number;
}

/**
 * Resource rules by each entry of their `resources` (`pods`, `pods/exec`, `*`, `*\/exec`). The
 * resource narrows a request's candidates most; verbs, groups and names are then checked rule by rule.
 */
type RuleTable = Map<string, IndexedRule[]>;

/**
 * Adds the rules of a table that allow a resource request: those listing its resource
 * (`pods/exec`), `*` or `*\/<subresource>`, each once.
 */
function collectRules(table: RuleTable, req: Extract<RequestAttributes, { path?: undefined }>, out: IndexedRule[]): void {
  const combined = req.subresource === '' ? req.resource : `${req.resource}/${req.subresource}`;
  const start = out.length;
  let first = true;
  let kept: Set<IndexedRule> | undefined;
  const take = (list: IndexedRule[] | undefined): void => {
    if (list === undefined) return;
    // A rule listing several of the keys (`*` and `secrets`) is kept once; most requests find one list.
    if (!first && kept === undefined) kept = new Set(out.slice(start));
    first = false;
    for (const entry of list) {
      if (kept?.has(entry)) continue;
      if (ruleAllows(entry.role.rules[entry.ruleIndex]!.rule, req)) {
        out.push(entry);
        kept?.add(entry);
      }
    }
  };
  take(table.get(combined));
  if (combined !== '*') take(table.get('*'));
  if (req.subresource !== '' && `*/${req.subresource}` !== combined) take(table.get(`*/${req.subresource}`));
}

interface RoleBindings {
  cluster: RbacBinding[];
  byNamespace: Map<string, RbacBinding[]>;
}

const KIND_ORDER: Record<SubjectKind, number> = { Group: 0, ServiceAccount: 1, User: 2 };

function compareSubjects(a: SubjectRef, b: SubjectRef): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareGrants(a: Grant, b: Grant): number {
  return cmp(a.binding, b.binding) || cmp(a.role, b.role) || a.ruleIndex - b.ruleIndex || compareSubjects(a.subject, b.subject);
}

function subjectKey(s: SubjectRef): string {
  return `${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`;
}

function subjectOf(s: SubjectRef): SubjectRef {
  return s.namespace !== undefined ? { kind: s.kind, namespace: s.namespace, name: s.name } : { kind: s.kind, name: s.name };
}

/** The user name and groups the API server gives a subject when it authenticates. */
export function userInfoOf(subject: PermissionSubject): UserInfo {
  if ('user' in subject) return { name: subject.user.name, groups: [...subject.user.groups] };
  const extra = subject.groups ?? [];
  switch (subject.kind) {
    case 'ServiceAccount': {
      const ns = subject.namespace ?? 'default';
      return { name: serviceAccountUsername(ns, subject.name), groups: [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${ns}`, ALL_AUTHENTICATED, ...extra] };
    }
    case 'User': {
      if (extra.includes(ALL_AUTHENTICATED) || extra.includes(ALL_UNAUTHENTICATED)) return { name: subject.name, groups: [...extra] };
      return { name: subject.name, groups: [...extra, subject.name === ANONYMOUS_USER ? ALL_UNAUTHENTICATED : ALL_AUTHENTICATED] };
    }
    case 'Group':
      // No user name: User and ServiceAccount subjects (never empty) cannot match it.
      return { name: '', groups: [subject.name, ...extra] };
  }
}

/** Who may do what, from the Roles, ClusterRoles and bindings of one object set. */
export class RbacIndex {
  /** Every Role and ClusterRole, with effective (aggregated) rules. */
  readonly roles: readonly RbacRole[];
  /** Every RoleBinding and ClusterRoleBinding, resolved. */
  readonly bindings: readonly RbacBinding[];
  readonly warnings: readonly RbacWarning[];
  private readonly dangling: readonly DanglingBinding[];
  private readonly serviceAccounts: Map<string, Set<string>>;
  private readonly crds: ReturnType<typeof customResourcesOf>;
  private readonly roleByRef = new Map<string, RbacRole>();
  /** Resource rules of bound ClusterRoles. */
  private readonly clusterRules: RuleTable = new Map();
  /**
   * Resource rules of bound Roles, by the Role's namespace. Only RoleBindings of that namespace can
   * grant a Role, and they reach requests in that namespace only, so a request never needs the
   * Roles of another namespace.
   */
  private readonly namespaceRules = new Map<string, RuleTable>();
  /** Rules with nonResourceURLs, of ClusterRoles only (Roles never reach non-resource requests). */
  private readonly nonResourceRules: IndexedRule[] = [];
  private readonly bindingsOfRole = new Map<string, RoleBindings>();
  /** Bindings by the user name (User subjects, ServiceAccounts' user names) or group they name. */
  private readonly byUser = new Map<string, RbacBinding[]>();
  private readonly byGroup = new Map<string, RbacBinding[]>();

  constructor(set: ObjectSet, options: ReadRbacOptions = {}) {
    const model = readRbac(set, options);
    this.roles = model.roles;
    this.bindings = model.bindings;
    this.warnings = model.warnings;
    this.dangling = model.dangling;
    this.serviceAccounts = model.serviceAccounts;
    this.crds = customResourcesOf(set);

    for (const role of this.roles) this.roleByRef.set(role.ref, role);
    const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
      const list = map.get(key);
      if (list) {
        if (list[list.length - 1] !== value) list.push(value);
      } else map.set(key, [value]);
    };
    for (const b of this.bindings) {
      if (b.role) {
        let rb = this.bindingsOfRole.get(b.role.ref);
        if (!rb) this.bindingsOfRole.set(b.role.ref, (rb = { cluster: [], byNamespace: new Map() }));
        if (b.namespace === undefined) rb.cluster.push(b);
        else push(rb.byNamespace, b.namespace, b);
      }
      for (const s of b.subjects) {
        if (s.kind === 'Group') push(this.byGroup, s.name, b);
        else push(this.byUser, s.kind === 'User' ? s.name : serviceAccountUsername(s.namespace!, s.name), b);
      }
    }

    // A role no binding grants answers no request, so its rules stay out of the tables.
    for (const role of this.roles) {
      if (!this.bindingsOfRole.has(role.ref)) continue;
      let table = this.clusterRules;
      if (role.kind === 'Role') {
        const ns = role.namespace!;
        let t = this.namespaceRules.get(ns);
        if (!t) this.namespaceRules.set(ns, (t = new Map()));
        table = t;
      }
      role.rules.forEach(({ rule }, ruleIndex) => {
        const entry = { role, ruleIndex };
        if (rule.nonResourceURLs.length > 0 && role.kind === 'ClusterRole') this.nonResourceRules.push(entry);
        for (const r of rule.resources) {
          const list = table.get(r);
          // A resource listed twice in one rule keeps the rule once.
          if (!list) table.set(r, [entry]);
          else if (list[list.length - 1] !== entry) list.push(entry);
        }
      });
    }
  }

  /** A role by `ClusterRole/<name>` or `Role/<ns>/<name>`. */
  role(ref: string): RbacRole | undefined {
    return this.roleByRef.get(ref);
  }

  /** Bindings that grant a role (that resolve to it). */
  bindingsOf(role: RbacRole | string): RbacBinding[] {
    const rb = this.bindingsOfRole.get(typeof role === 'string' ? role : role.ref);
    if (!rb) return [];
    return [...rb.cluster, ...[...rb.byNamespace.values()].flat()];
  }

  /**
   * Bindings whose role does not resolve (missing, or a Role that exists only in another
   * namespace), whose roleRef is invalid, or with subjects that match nobody or a ServiceAccount
   * missing from the set. ServiceAccounts are only judged missing in namespaces where the set
   * holds some ServiceAccount, and `default` is never missing.
   */
  danglingBindings(): DanglingBinding[] {
    return [...this.dangling];
  }

  /** Rules (role, index) that allow a request, from the rule tables. */
  private matchingRules(req: RequestAttributes): IndexedRule[] {
    if (req.path !== undefined) return this.nonResourceRules.filter(({ role, ruleIndex }) => ruleAllows(role.rules[ruleIndex]!.rule, req));
    const out: IndexedRule[] = [];
    collectRules(this.clusterRules, req, out);
    if (req.namespace !== '') {
      const local = this.namespaceRules.get(req.namespace);
      if (local) collectRules(local, req, out);
    }
    return out;
  }

  private grant(binding: RbacBinding, role: RbacRole, ruleIndex: number, subject: SubjectRef): Grant {
    const rr = role.rules[ruleIndex]!;
    return rr.source !== role.ref
      ? { binding: binding.ref, role: role.ref, ruleIndex, rule: rr.rule, ruleSource: rr.source, scope: binding.scope, subject: subjectOf(subject) }
      : { binding: binding.ref, role: role.ref, ruleIndex, rule: rr.rule, scope: binding.scope, subject: subjectOf(subject) };
  }

  /**
   * Every subject that a binding grants the request to. Throws {@link RbacQueryError} when the
   * query does not describe a request (no verb, unknown resource without a group...).
   */
  whoCan(query: AccessQuery, options: WhoCanOptions = {}): WhoCanResult {
    const { request, notes } = resolveRequest(query, this.crds);
    const found = new Map<string, WhoCanSubject>();
    const seen = new Set<string>();
    const add = (subject: SubjectRef, grant: Grant): void => {
      const key = subjectKey(subject);
      // A subject listed twice in one binding gets the rule once.
      const grantKey = `${key}\u0001${grant.binding}\u0001${grant.role}\u0001${grant.ruleIndex}\u0001${subjectKey(grant.subject)}`;
      if (seen.has(grantKey)) return;
      seen.add(grantKey);
      let entry = found.get(key);
      if (!entry) found.set(key, (entry = { ...subjectOf(subject), via: [] }));
      entry.via.push(grant);
    };
    const grantAll = (binding: RbacBinding, role: RbacRole, ruleIndex: number): void => {
      for (const s of binding.subjects) {
        const grant = this.grant(binding, role, ruleIndex, s);
        add(s, grant);
        if (options.expandServiceAccounts) for (const sa of this.serviceAccountsReached(s)) add(sa, grant);
      }
    };
    for (const { role, ruleIndex } of this.matchingRules(request)) {
      const rb = this.bindingsOfRole.get(role.ref)!;
      for (const binding of rb.cluster) grantAll(binding, role, ruleIndex);
      if (request.namespace !== '') for (const binding of rb.byNamespace.get(request.namespace) ?? []) grantAll(binding, role, ruleIndex);
    }
    const subjects = [...found.values()].sort(compareSubjects);
    for (const s of subjects) s.via.sort(compareGrants);
    return { query, request, notes, subjects };
  }

  /** The set's ServiceAccounts a binding subject covers besides itself. */
  private serviceAccountsReached(s: SubjectRef): SubjectRef[] {
    const all = (ns: string): SubjectRef[] =>
      [...(this.serviceAccounts.get(ns) ?? [])].map((name) => ({ kind: 'ServiceAccount' as const, namespace: ns, name }));
    if (s.kind === 'Group') {
      if (s.name === ALL_SERVICE_ACCOUNTS || s.name === ALL_AUTHENTICATED) return [...this.serviceAccounts.keys()].flatMap(all);
      if (s.name.startsWith(`${ALL_SERVICE_ACCOUNTS}:`)) return all(s.name.slice(ALL_SERVICE_ACCOUNTS.length + 1));
      return [];
    }
    if (s.kind === 'User' && s.name.startsWith('system:serviceaccount:')) {
      const [ns, name, ...rest] = s.name.slice('system:serviceaccount:'.length).split(':');
      if (ns && name && rest.length === 0 && this.serviceAccounts.get(ns)?.has(name)) return [{ kind: 'ServiceAccount', namespace: ns, name }];
    }
    return [];
  }

  /** Bindings that apply to a user, each with the first subject that matches (as upstream reports it). */
  private bindingsFor(user: UserInfo): { binding: RbacBinding; subject: SubjectRef }[] {
    const candidates = new Set<RbacBinding>(this.byUser.get(user.name) ?? []);
    for (const g of user.groups) for (const b of this.byGroup.get(g) ?? []) candidates.add(b);
    const out: { binding: RbacBinding; subject: SubjectRef }[] = [];
    for (const binding of candidates) {
      const subject = binding.subjects.find((s) =>
        s.kind === 'User' ? s.name === user.name
          : s.kind === 'Group' ? user.groups.includes(s.name)
            : serviceAccountUsername(s.namespace!, s.name) === user.name);
      if (subject) out.push({ binding, subject });
    }
    return out;
  }

  /**
   * The effective rules of a subject, per scope, with the binding and role behind each. Bindings
   * whose role does not resolve contribute nothing. A namespace scope lists only what RoleBindings
   * in it add to the cluster-wide (`*`) scope, which applies there too.
   */
  permissionsOf(subject: PermissionSubject): Permissions {
    const user = userInfoOf(subject);
    const scopes = new Map<string, Grant[]>();
    for (const { binding, subject: via } of this.bindingsFor(user)) {
      if (!binding.role) continue;
      let grants = scopes.get(binding.scope);
      if (!grants) scopes.set(binding.scope, (grants = []));
      for (let i = 0; i < binding.role.rules.length; i++) grants.push(this.grant(binding, binding.role, i, via));
    }
    const ordered = [...scopes.entries()]
      .sort(([a], [b]) => (a === '*' ? -1 : b === '*' ? 1 : cmp(a, b)))
      .map(([scope, grants]) => ({ scope, grants: grants.sort(compareGrants) }));
    return { user, scopes: ordered };
  }

  /** Whether a subject may make a request, and every rule that allows it. */
  can(subject: PermissionSubject, query: AccessQuery): CanResult {
    const { request, notes } = resolveRequest(query, this.crds);
    const user = userInfoOf(subject);
    const via: Grant[] = [];
    for (const { binding, subject: bySubject } of this.bindingsFor(user)) {
      const role = binding.role;
      if (!role) continue;
      // Same scoping as whoCan: RoleBindings only reach requests in their own namespace.
      if (binding.namespace !== undefined && binding.namespace !== request.namespace) continue;
      role.rules.forEach((rr, i) => {
        if (ruleAllows(rr.rule, request)) via.push(this.grant(binding, role, i, bySubject));
      });
    }
    via.sort(compareGrants);
    return { allowed: via.length > 0, request, notes, user, via };
  }
}

/**
 * Builds the RBAC index of a set (what the `rbac` analyzer computes). Default ClusterRoles the set
 * references without defining (`cluster-admin`, `edit`...) take Kubernetes' definitions unless
 * `defaultRoles: false`.
 */
export function buildRbacIndex(set: ObjectSet, options: ReadRbacOptions = {}): RbacIndex {
  return new RbacIndex(set, options);
}

/** Who can do what: the RBAC authorizer's view of a set's Roles, ClusterRoles and bindings. */
export const rbac: Analyzer<RbacIndex> = defineAnalyzer({
  id: 'rbac',
  description: 'Resolves Roles, ClusterRoles (with aggregation) and their bindings; answers who-can and effective-permission questions.',
  compute: (set) => buildRbacIndex(set),
});

/** The versioned JSON form of a who-can answer (one `via` entry per binding and role). */
export interface WhoCanJson {
  schemaVersion: 1;
  verb: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  nonResourceURL?: string;
  namespace?: string;
  notes?: string[];
  subjects: { kind: SubjectKind; namespace?: string; name: string; via: { binding: string; role: string }[] }[];
}

export function toWhoCanJson(result: WhoCanResult): WhoCanJson {
  const r = result.request;
  // Subjects are filled in last so that they come after the question in the JSON text.
  const out = { schemaVersion: 1, verb: r.verb } as WhoCanJson;
  if (r.path !== undefined) out.nonResourceURL = r.path;
  else {
    out.apiGroup = r.apiGroup;
    out.resource = r.resource;
    if (r.subresource !== '') out.subresource = r.subresource;
    if (r.name !== '') out.name = r.name;
    if (r.namespace !== '') out.namespace = r.namespace;
  }
  if (result.notes.length > 0) out.notes = [...result.notes];
  out.subjects = [];
  for (const s of result.subjects) {
    const seen = new Set<string>();
    const via: { binding: string; role: string }[] = [];
    for (const g of s.via) {
      const key = `${g.binding}\u0000${g.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      via.push({ binding: g.binding, role: g.role });
    }
    out.subjects.push({ kind: s.kind, ...(s.namespace !== undefined ? { namespace: s.namespace } : {}), name: s.name, via });
  }
  return out;
}
