/**
 * Roles and bindings read from an object set, with ClusterRole aggregation resolved the way the
 * clusterrole-aggregation controller (k8s.io/kubernetes `pkg/controller/clusterroleaggregation`)
 * settles it.
 */
import {
  isRecord, labelsOf, matchesSelector, parseLabelSelector,
  type KubeObject, type LabelSelector, type ObjectSet, type Path,
} from '../../../model/index.js';
import { DEFAULT_CLUSTER_ROLE_NAMES, defaultClusterRoleObject } from './defaults.js';
import { parsePolicyRule, type PolicyRule } from './policy-rule.js';

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** A subject as bindings name it; `namespace` is set for ServiceAccounts only. */
export interface SubjectRef {
  kind: SubjectKind;
  name: string;
  namespace?: string;
}

/** One effective rule of a role, with where it is written. */
export interface RoleRule {
  rule: PolicyRule;
  /** `ClusterRole/x` or `Role/ns/x` where the rule is written: another role for aggregated rules. */
  source: string;
  /** The object the rule is written in, and the rule's path inside it (`['rules', i]`). */
  object: KubeObject;
  path: Path;
}

export interface RbacRole {
  /** `ClusterRole/<name>` or `Role/<namespace>/<name>`. */
  ref: string;
  kind: 'Role' | 'ClusterRole';
  namespace?: string;
  name: string;
  object: KubeObject;
  /**
   * The rules the authorizer evaluates. For an aggregated ClusterRole these are the aggregation
   * controller's result, which replaces whatever `rules` the manifest lists.
   */
  rules: RoleRule[];
  aggregated: boolean;
  /**
   * True for a default ClusterRole (`cluster-admin`, `edit`...) that the set does not hold, whose
   * definition the engine supplied from the Kubernetes bootstrap policy.
   */
  builtin?: boolean;
}

export interface BindingSubject extends SubjectRef {
  /** Index in the binding's `subjects`. */
  index: number;
}

export interface RbacBinding {
  /** `ClusterRoleBinding/<name>` or `RoleBinding/<namespace>/<name>`. */
  ref: string;
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  namespace?: string;
  name: string;
  object: KubeObject;
  roleRef: { kind: string; name: string };
  /**
   * Subjects that can match a request. A ServiceAccount without a namespace takes the
   * RoleBinding's namespace; invalid entries are left out (see danglingBindings).
   */
  subjects: BindingSubject[];
  /** The role granted; undefined when the reference does not resolve. */
  role: RbacRole | undefined;
  /** Where it grants: `*` (every namespace and cluster-scoped requests) or one namespace. */
  scope: string;
}

export type DanglingReason = 'role-not-found' | 'invalid-role-ref' | 'service-account-not-found' | 'invalid-subject';

/** A binding, or one subject of it, that grants nothing to anyone real. */
export interface DanglingBinding {
  binding: string;
  object: KubeObject;
  reason: DanglingReason;
  /** What is wrong, for people. */
  detail: string;
  /** Where in the binding: `['roleRef', 'name']`, `['subjects', i]`... */
  path: Path;
  /** For a missing Role: namespaces where a Role of that name does exist (a roleRef cannot reach them). */
  roleInOtherNamespaces?: string[];
  /** For subject problems: the subject as written (namespace resolved where it can be). */
  subject?: { kind: string; name: string; namespace?: string };
}

/** Something in the RBAC objects the analysis had to work around. */
export interface RbacWarning {
  object: KubeObject;
  path: Path;
  detail: string;
}

export const SA_USERNAME_PREFIX = 'system:serviceaccount:';

/** The user name a ServiceAccount authenticates as. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_USERNAME_PREFIX}${namespace}:${name}`;
}

export interface RbacModel {
  roles: RbacRole[];
  bindings: RbacBinding[];
  dangling: DanglingBinding[];
  warnings: RbacWarning[];
  /** ServiceAccount names by namespace, as the set holds them. */
  serviceAccounts: Map<string, Set<string>>;
}

function unique(objects: readonly KubeObject[], set: ObjectSet): KubeObject[] {
  // Same precedence as ObjectSet.get: the first definition of a kind/namespace/name wins.
  return objects.filter((o) => set.get(o.kind, o.namespace, o.name) === o);
}

function rulesOf(obj: KubeObject, ref: string): RoleRule[] {
  const raw = obj.raw.rules;
  if (!Array.isArray(raw)) return [];
  return raw.map((r, i) => ({ rule: parsePolicyRule(r), source: ref, object: obj, path: ['rules', i] }));
}

function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}

interface Aggregation {
  role: RbacRole;
  /** Per selector, in order: the ClusterRoles it selects, sorted by name, without the role itself. */
  selected: RbacRole[][];
}

/**
 * Fills in the rules of aggregated ClusterRoles. The controller sets each one's rules to the
 * deduplicated rules of the ClusterRoles its selectors match (per selector, by name), using their
 * current rules, which for aggregated roles are themselves aggregated, and re-runs on every change.
 * Starting aggregated roles empty and repeating to a fixed point gives the state it converges to.
 */
function aggregate(clusterRoles: RbacRole[], warnings: RbacWarning[]): void {
  const byName = [...clusterRoles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const aggregations: Aggregation[] = [];
  for (const role of clusterRoles) {
    const agg = role.object.raw.aggregationRule;
    if (!isRecord(agg)) continue;
    const rawSelectors = Array.isArray(agg.clusterRoleSelectors) ? agg.clusterRoleSelectors : [];
    const selectors: LabelSelector[] = [];
    let invalid = false;
    rawSelectors.forEach((s, i) => {
      const parsed = parseLabelSelector(s);
      if (typeof parsed === 'string') {
        invalid = true;
        warnings.push({ object: role.object, path: ['aggregationRule', 'clusterRoleSelectors', i], detail: `invalid selector (${parsed}): the aggregation controller leaves the role's rules as they are` });
      } else selectors.push(parsed);
    });
    // The controller gives up on a role whose selector does not parse, so its written rules stay.
    if (invalid) continue;
    role.aggregated = true;
    aggregations.push({
      role,
      selected: selectors.map((sel) => byName.filter((r) => r !== role && matchesSelector(sel, labelsOf(r.object)))),
    });
  }
  for (const { role } of aggregations) role.rules = [];
  for (let round = 0; round <= aggregations.length + 1; round++) {
    let changed = false;
    for (const { role, selected } of aggregations) {
      const seen = new Set<string>();
      const rules: RoleRule[] = [];
      for (const roles of selected) {
        for (const source of roles) {
          for (const rr of source.rules) {
            const key = ruleKey(rr.rule);
            if (seen.has(key)) continue;
            seen.add(key);
            rules.push(rr);
          }
        }
      }
      const same = rules.length === role.rules.length && rules.every((r, i) => ruleKey(r.rule) === ruleKey(role.rules[i]!.rule));
      if (!same) {
        role.rules = rules;
        changed = true;
      }
    }
    if (!changed) break;
  }
}

function roleRefOf(obj: KubeObject): { kind: string; name: string } {
  const ref = isRecord(obj.raw.roleRef) ? obj.raw.roleRef : {};
  return { kind: typeof ref.kind === 'string' ? ref.kind : '', name: typeof ref.name === 'string' ? ref.name : '' };
}

export interface ReadRbacOptions {
  /**
   * Supply the default ClusterRoles every cluster has (`cluster-admin`, `admin`, `edit`, `view`,
   * `system:discovery`...) when the set does not define them. Default true.
   */
  defaultRoles?: boolean;
}

/** Reads Roles, ClusterRoles and their bindings from a set. */
export function readRbac(set: ObjectSet, options: ReadRbacOptions = {}): RbacModel {
  const warnings: RbacWarning[] = [];
  const dangling: DanglingBinding[] = [];
  const roles: RbacRole[] = [];
  const roleByRef = new Map<string, RbacRole>();
  const roleNamespaces = new Map<string, string[]>();

  for (const obj of unique(set.ofKind('ClusterRole'), set)) {
    const ref = `ClusterRole/${obj.name}`;
    const role: RbacRole = { ref, kind: 'ClusterRole', name: obj.name, object: obj, rules: rulesOf(obj, ref), aggregated: false };
    roles.push(role);
    roleByRef.set(ref, role);
  }
  if (options.defaultRoles ?? true) {
    for (const name of DEFAULT_CLUSTER_ROLE_NAMES) {
      const ref = `ClusterRole/${name}`;
      if (roleByRef.has(ref)) continue;
      const obj = defaultClusterRoleObject(name)!;
      const role: RbacRole = { ref, kind: 'ClusterRole', name, object: obj, rules: rulesOf(obj, ref), aggregated: false, builtin: true };
      roles.push(role);
      roleByRef.set(ref, role);
    }
  }
  aggregate([...roles], warnings);
  for (const obj of unique(set.ofKind('Role'), set)) {
    const ns = obj.namespace ?? 'default';
    const ref = `Role/${ns}/${obj.name}`;
    const role: RbacRole = { ref, kind: 'Role', namespace: ns, name: obj.name, object: obj, rules: rulesOf(obj, ref), aggregated: false };
    roles.push(role);
    roleByRef.set(ref, role);
    let list = roleNamespaces.get(obj.name);
    if (!list) roleNamespaces.set(obj.name, (list = []));
    list.push(ns);
  }

  const serviceAccounts = new Map<string, Set<string>>();
  for (const sa of set.ofKind('ServiceAccount')) {
    const ns = sa.namespace ?? 'default';
    let names = serviceAccounts.get(ns);
    if (!names) serviceAccounts.set(ns, (names = new Set()));
    names.add(sa.name);
  }

  const bindings: RbacBinding[] = [];
  const read = (obj: KubeObject, kind: 'RoleBinding' | 'ClusterRoleBinding'): void => {
    const namespace = kind === 'RoleBinding' ? (obj.namespace ?? 'default') : undefined;
    const ref = namespace !== undefined ? `${kind}/${namespace}/${obj.name}` : `${kind}/${obj.name}`;
    const roleRef = roleRefOf(obj);
    let role: RbacRole | undefined;
    if (roleRef.kind === 'ClusterRole' || (roleRef.kind === 'Role' && namespace !== undefined)) {
      // A roleRef has no namespace: a Role is looked up in the binding's own namespace only.
      const target = roleRef.kind === 'Role' ? `Role/${namespace}/${roleRef.name}` : `ClusterRole/${roleRef.name}`;
      role = roleByRef.get(target);
      if (!role) {
        const elsewhere = roleRef.kind === 'Role' ? (roleNamespaces.get(roleRef.name) ?? []).filter((n) => n !== namespace) : [];
        dangling.push({
          binding: ref, object: obj, reason: 'role-not-found', path: ['roleRef', 'name'],
          detail: roleRef.kind === 'Role'
            ? `Role "${roleRef.name}" does not exist in namespace "${namespace}"${elsewhere.length ? ` (it exists in ${elsewhere.map((n) => `"${n}"`).join(', ')}, which a roleRef cannot reach)` : ''}`
            : `ClusterRole "${roleRef.name}" does not exist`,
          ...(elsewhere.length ? { roleInOtherNamespaces: elsewhere.sort() } : {}),
        });
      }
    } else {
      dangling.push({
        binding: ref, object: obj, reason: 'invalid-role-ref', path: ['roleRef', 'kind'],
        detail: kind === 'ClusterRoleBinding'
          ? `a ClusterRoleBinding can only reference a ClusterRole, not ${roleRef.kind === '' ? 'nothing' : `a ${roleRef.kind}`}`
          : `roleRef.kind must be Role or ClusterRole, not ${roleRef.kind === '' ? 'empty' : `"${roleRef.kind}"`}`,
      });
    }

    const subjects: BindingSubject[] = [];
    const rawSubjects = Array.isArray(obj.raw.subjects) ? obj.raw.subjects : [];
    rawSubjects.forEach((s, index) => {
      const subj = isRecord(s) ? s : {};
      const skind = typeof subj.kind === 'string' ? subj.kind : '';
      const sname = typeof subj.name === 'string' ? subj.name : '';
      const path = ['subjects', index];
      const bad = (detail: string, namespace?: string): void => {
        dangling.push({ binding: ref, object: obj, reason: 'invalid-subject', path, detail, subject: { kind: skind, name: sname, ...(namespace ? { namespace } : {}) } });
      };
      if (sname === '') return bad('subject has no name');
      if (skind === 'User' || skind === 'Group') {
        subjects.push({ kind: skind, name: sname, index });
        return;
      }
      if (skind !== 'ServiceAccount') return bad(`subject kind ${skind === '' ? '(none)' : `"${skind}"`} matches nobody: use User, Group or ServiceAccount`);
      const explicitNs = typeof subj.namespace === 'string' && subj.namespace !== '' ? subj.namespace : undefined;
      const saNs = explicitNs ?? namespace;
      if (saNs === undefined) return bad('a ServiceAccount subject of a ClusterRoleBinding needs a namespace');
      subjects.push({ kind: 'ServiceAccount', name: sname, namespace: saNs, index });
      const known = serviceAccounts.get(saNs);
      // Every namespace gets a "default" ServiceAccount from the controller, listed or not.
      if (known && sname !== 'default' && !known.has(sname)) {
        dangling.push({
          binding: ref, object: obj, reason: 'service-account-not-found', path,
          detail: `ServiceAccount "${sname}" does not exist in namespace "${saNs}"`,
          subject: { kind: 'ServiceAccount', name: sname, namespace: saNs },
        });
      }
    });

    bindings.push({
      ref, kind, name: obj.name, object: obj, roleRef, subjects, role,
      scope: namespace ?? '*',
      ...(namespace !== undefined ? { namespace } : {}),
    });
  };
  for (const obj of unique(set.ofKind('ClusterRoleBinding'), set)) read(obj, 'ClusterRoleBinding');
  for (const obj of unique(set.ofKind('RoleBinding'), set)) read(obj, 'RoleBinding');

  return { roles, bindings, dangling, warnings, serviceAccounts };
}
