import { describe, expect, it } from 'vitest';
import { ObjectSet, toKubeObject, type KubeObject } from '../../../model/index.js';
import { buildRbacIndex, ruleAllows, type AccessQuery, type RbacIndex, type RequestAttributes, type SubjectRef } from './index.js';
import { prng as random } from '../../../../bench/prng.js';

/*
 * whoCan finds its candidates through rule tables (by namespace, by resource); these tests hold it
 * to the authorizer's plain reading, written here without any table: every binding that reaches
 * the request's namespace, every rule of its role that allows the request, every subject.
 */

const RBAC = 'rbac.authorization.k8s.io/v1';
const NAMESPACES = ['shop', 'billing', 'default', 'kube-system'];

function generator(seed: number) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], max: number): T[] => Array.from({ length: 1 + Math.floor(next() * max) }, () => pick(list));
  return { next, pick, some };
}

type Gen = ReturnType<typeof generator>;

function policyRule(g: Gen): Record<string, unknown> {
  if (g.next() < 0.1) return { nonResourceURLs: g.some(['/metrics', '/healthz/*', '*', '/api*'], 2), verbs: g.some(['get', 'post', '*'], 2) };
  const rule: Record<string, unknown> = {
    apiGroups: g.some(['', 'apps', '*', 'example.com'], 2),
    // Repeats and wildcards next to names on purpose: a rule must still count once.
    resources: g.some(['pods', 'secrets', 'configmaps', 'pods/exec', 'pods/log', '*', '*/exec', 'pods/*', 'deployments', 'namespaces', 'nodes', 'widgets'], 3),
    verbs: g.some(['get', 'list', 'watch', 'create', 'delete', 'deletecollection', 'update', '*'], 3),
  };
  if (g.next() < 0.4) rule.resourceNames = g.some(['db', 'cache', 'tls'], 2);
  return rule;
}

function subject(g: Gen, bindingNamespace: string | undefined): Record<string, unknown> {
  const k = g.next();
  if (k < 0.3) return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: g.pick(['alice', 'bob', 'system:anonymous', 'system:serviceaccount:shop:api']) };
  if (k < 0.55) {
    return { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: g.pick(['devs', 'system:authenticated', 'system:serviceaccounts', 'system:serviceaccounts:billing']) };
  }
  const sa: Record<string, unknown> = { kind: 'ServiceAccount', name: g.pick(['api', 'worker', 'default']) };
  if (bindingNamespace === undefined || g.next() < 0.4) sa.namespace = g.pick(NAMESPACES);
  return sa;
}

/**
 * ClusterRoles (some aggregated, some aggregating, some bound by no one), the default ones, Roles
 * of the same names in several namespaces, and ClusterRoleBindings and RoleBindings to both.
 */
function cluster(seed: number): ObjectSet {
  const g = generator(seed);
  const raws: Record<string, unknown>[] = [];
  const clusterRoles = 3 + Math.floor(g.next() * 8);
  for (let i = 0; i < clusterRoles; i++) {
    const role: Record<string, unknown> = {
      apiVersion: RBAC, kind: 'ClusterRole',
      metadata: { name: `cr-${i}`, labels: g.next() < 0.4 ? { 'example.com/aggregate-to': g.pick(['a', 'b']) } : {} },
      rules: Array.from({ length: Math.floor(g.next() * 4) }, () => policyRule(g)),
    };
    if (g.next() < 0.2) role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to': g.pick(['a', 'b']) } }] };
    raws.push(role);
  }
  for (const ns of NAMESPACES) {
    const roles = Math.floor(g.next() * 4);
    for (let i = 0; i < roles; i++) {
      raws.push({ apiVersion: RBAC, kind: 'Role', metadata: { name: `role-${i}`, namespace: ns }, rules: Array.from({ length: 1 + Math.floor(g.next() * 3) }, () => policyRule(g)) });
    }
    for (const name of ['api', 'worker']) raws.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
  }
  const subjects = (ns: string | undefined): Record<string, unknown>[] => {
    const list = Array.from({ length: 1 + Math.floor(g.next() * 3) }, () => subject(g, ns));
    if (g.next() < 0.2) list.push(list[0]!);
    return list;
  };
  const clusterRoleName = (): string => (g.next() < 0.75 ? `cr-${Math.floor(g.next() * clusterRoles)}` : g.pick(['cluster-admin', 'admin', 'edit', 'view']));
  const crbs = Math.floor(g.next() * 6);
  for (let i = 0; i < crbs; i++) {
    raws.push({
      apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: `crb-${i}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName() }, subjects: subjects(undefined),
    });
  }
  for (const ns of NAMESPACES) {
    const rbs = Math.floor(g.next() * 5);
    for (let i = 0; i < rbs; i++) {
      const toClusterRole = g.next() < 0.5;
      raws.push({
        apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: `rb-${i}`, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: toClusterRole ? 'ClusterRole' : 'Role', name: toClusterRole ? clusterRoleName() : `role-${Math.floor(g.next() * 3)}` },
        subjects: subjects(ns),
      });
    }
  }
  const objects = raws.map((raw, i) => toKubeObject(raw, { type: 'reference', ref: `generated:${seed}:${i}` })).filter((o): o is KubeObject => o !== undefined);
  return new ObjectSet(objects);
}

function query(g: Gen): AccessQuery {
  if (g.next() < 0.1) return { verb: g.pick(['get', 'post']), nonResourceURL: g.pick(['/metrics', '/healthz/etcd', '/apis', '/x']) };
  const q: AccessQuery = {
    verb: g.pick(['get', 'list', 'watch', 'create', 'delete', 'deletecollection', 'update']),
    resource: g.pick(['pods', 'secrets', 'configmaps', 'pods/exec', 'pods/log', 'deployments', 'namespaces', 'nodes', 'widgets']),
  };
  if (q.resource === 'widgets') q.apiGroup = 'example.com';
  if (g.next() < 0.75) q.namespace = g.pick(NAMESPACES);
  if (g.next() < 0.6) q.name = g.pick(['db', 'cache', 'other']);
  return q;
}

const label = (s: SubjectRef): string => (s.namespace !== undefined ? `${s.kind} ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`);

/** The ServiceAccounts of the set a binding subject stands for, as expandServiceAccounts lists them. */
function members(set: ObjectSet, s: SubjectRef): string[] {
  const accounts = set.ofKind('ServiceAccount').map((o) => ({ namespace: o.namespace!, name: o.name }));
  if (s.kind === 'Group' && (s.name === 'system:serviceaccounts' || s.name === 'system:authenticated')) return accounts.map((a) => `ServiceAccount ${a.namespace}/${a.name}`);
  if (s.kind === 'Group' && s.name.startsWith('system:serviceaccounts:')) {
    const ns = s.name.slice('system:serviceaccounts:'.length);
    return accounts.filter((a) => a.namespace === ns).map((a) => `ServiceAccount ${a.namespace}/${a.name}`);
  }
  if (s.kind === 'User') return accounts.filter((a) => s.name === `system:serviceaccount:${a.namespace}:${a.name}`).map((a) => `ServiceAccount ${a.namespace}/${a.name}`);
  return [];
}

/** Every (subject, binding, role, rule, binding subject) that grants the request, from a plain walk. */
function reference(index: RbacIndex, set: ObjectSet, request: RequestAttributes, expand: boolean): string[] {
  const out = new Set<string>();
  for (const b of index.bindings) {
    // A RoleBinding reaches requests in its own namespace only; a ClusterRoleBinding every request.
    if (!b.role || (b.namespace !== undefined && b.namespace !== request.namespace)) continue;
    b.role.rules.forEach((rr, i) => {
      // Non-resource requests carry no namespace, so only ClusterRoleBindings (to ClusterRoles) reach them.
      if (!ruleAllows(rr.rule, request)) return;
      for (const s of b.subjects) {
        const grant = `${b.ref} ${b.role!.ref} ${i} via ${label(s)}`;
        out.add(`${label(s)} <- ${grant}`);
        if (expand) for (const m of members(set, s)) out.add(`${m} <- ${grant}`);
      }
    });
  }
  return [...out].sort();
}

function answer(index: RbacIndex, q: AccessQuery, expand: boolean): { request: RequestAttributes; grants: string[]; byName: boolean } {
  const r = index.whoCan(q, { expandServiceAccounts: expand });
  const grants = r.subjects.flatMap((s) => s.via.map((g) => `${label(s)} <- ${g.binding} ${g.role} ${g.ruleIndex} via ${label(g.subject)}`));
  const byName = r.subjects.some((s) => s.via.some((g) => g.rule.resourceNames.length > 0));
  return { request: r.request, grants, byName };
}

describe('whoCan agrees with a plain walk over every binding', () => {
  it('on generated clusters: resourceNames, wildcards, aggregation, RoleBindings to ClusterRoles, ServiceAccount expansion', () => {
    let answered = 0;
    let byName = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const set = cluster(seed);
      const index = buildRbacIndex(set);
      const g = generator(seed * 7919);
      for (let i = 0; i < 40; i++) {
        const q = query(g);
        for (const expand of [false, true]) {
          const got = answer(index, q, expand);
          expect(got.grants, `seed ${seed}, ${JSON.stringify(q)}, expand ${expand}`).toEqual(reference(index, set, got.request, expand));
          if (got.grants.length > 0) answered++;
          if (got.byName) byName++;
        }
      }
    }
    // The comparison means something only if many answers are non-empty, some through resourceNames.
    expect(answered).toBeGreaterThan(1000);
    expect(byName).toBeGreaterThan(20);
  });

  it('lists subjects in order and each rule once, even one that names a resource, a verb or a group twice or beside `*`', () => {
    const set = new ObjectSet([
      { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: ['', '*', ''], resources: ['secrets', '*', 'secrets'], verbs: ['get', '*', 'get'] }] },
      { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'everyone' }, roleRef: { kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'Group', name: 'devs' }, { kind: 'User', name: 'alice' }] },
      { apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: 'local', namespace: 'shop' }, roleRef: { kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'api' }] },
    ].map((raw, i) => toKubeObject(raw, { type: 'reference', ref: `t:${i}` })!));
    const r = buildRbacIndex(set, { defaultRoles: false }).whoCan({ verb: 'get', resource: 'secrets', namespace: 'shop', name: 'db' });
    expect(r.subjects.map((s) => [label(s), s.via.map((g) => `${g.binding} ${g.ruleIndex}`)])).toEqual([
      ['Group devs', ['ClusterRoleBinding/everyone 0']],
      ['ServiceAccount shop/api', ['RoleBinding/shop/local 0']],
      ['User alice', ['ClusterRoleBinding/everyone 0']],
    ]);
  });
});
