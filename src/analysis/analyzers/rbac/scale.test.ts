import { expect, it } from 'vitest';
import { ObjectSet, toKubeObject, type KubeObject } from '../../../model/index.js';
import { buildRbacIndex } from './index.js';

const NAMESPACES = 500;
const ROLE_BINDINGS_PER_NS = 20;
const CLUSTER_ROLES = 1000;
const CLUSTER_ROLE_BINDINGS = 1000;
const RESOURCES = ['pods', 'secrets', 'configmaps', 'services', 'pods/log', 'pods/exec', 'deployments', 'jobs'];
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

function obj(raw: Record<string, unknown>): KubeObject {
  return toKubeObject(raw, { type: 'reference', ref: 'synthetic' })!;
}

/**
 * 10,000 RoleBindings, 1,000 ClusterRoleBindings, 1,000 ClusterRoles and 5,000 Roles. Role i of a
 * namespace reads RESOURCES[i % 8]; ClusterRole j grants two verbs on one resource, and every
 * 100th grants everything.
 */
function syntheticCluster(): ObjectSet {
  const objects: KubeObject[] = [];
  const rbac = 'rbac.authorization.k8s.io/v1';
  for (let j = 0; j < CLUSTER_ROLES; j++) {
    const rules = j % 100 === 0
      ? [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]
      : [{ apiGroups: ['', 'apps', 'batch'], resources: [RESOURCES[j % RESOURCES.length]], verbs: [VERBS[j % 7], VERBS[(j + 3) % 7]] }];
    objects.push(obj({ apiVersion: rbac, kind: 'ClusterRole', metadata: { name: `cr-${j}` }, rules }));
  }
  for (let j = 0; j < CLUSTER_ROLE_BINDINGS; j++) {
    objects.push(obj({
      apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: `crb-${j}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `cr-${j}` },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `user-${j}` }],
    }));
  }
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `ns-${n}`;
    for (let i = 0; i < 10; i++) {
      objects.push(obj({
        apiVersion: rbac, kind: 'Role', metadata: { name: `role-${i}`, namespace: ns },
        rules: [{ apiGroups: [''], resources: [RESOURCES[i % RESOURCES.length]], verbs: ['get', 'list'] }],
      }));
    }
    for (let i = 0; i < ROLE_BINDINGS_PER_NS; i++) {
      const toCluster = i % 2 === 1;
      objects.push(obj({
        apiVersion: rbac, kind: 'RoleBinding', metadata: { name: `rb-${i}`, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: toCluster ? 'ClusterRole' : 'Role', name: toCluster ? `cr-${(n * 7 + i) % CLUSTER_ROLES}` : `role-${i / 2}` },
        subjects: [{ kind: 'ServiceAccount', name: `sa-${i}`, namespace: ns }],
      }));
    }
  }
  return new ObjectSet(objects);
}

// Correctness at scale only: speed is measured by the benchmark, never asserted in tests.
it('answers who-can exactly over 11k bindings', () => {
  const set = syntheticCluster();
  const index = buildRbacIndex(set);
  expect(index.bindings).toHaveLength(NAMESPACES * ROLE_BINDINGS_PER_NS + CLUSTER_ROLE_BINDINGS);

  // get secrets in ns-3: the ten admin ClusterRoles (cr-0, cr-100...) cluster-wide, cr-j with
  // j % 8 = 1 and get among its verbs (j % 7 = 0 or (j + 3) % 7 = 0), and in ns-3 the Roles on
  // secrets, role-1 (rb-2) and role-9 (rb-18), plus RoleBindings to one of those ClusterRoles.
  const r = index.whoCan({ verb: 'get', resource: 'secrets', namespace: 'ns-3' });
  const expectedUsers = new Set<number>();
  for (let j = 0; j < CLUSTER_ROLES; j++) {
    if (j % 100 === 0 || (j % 8 === 1 && (j % 7 === 0 || (j + 3) % 7 === 0))) expectedUsers.add(j);
  }
  const expectedSas = ['ServiceAccount ns-3/sa-2', 'ServiceAccount ns-3/sa-18'];
  for (let i = 1; i < ROLE_BINDINGS_PER_NS; i += 2) {
    const j = (3 * 7 + i) % CLUSTER_ROLES;
    if (expectedUsers.has(j)) expectedSas.push(`ServiceAccount ns-3/sa-${i}`);
  }
  const got = r.subjects.map((s) => (s.namespace ? `${s.kind} ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`));
  expect(got).toEqual([...expectedSas.sort(), ...[...expectedUsers].map((j) => `User user-${j}`).sort()]);

  // Other query shapes still answer (exec subresource, cluster-wide, apps group, a subject's view).
  expect(index.whoCan({ verb: 'create', resource: 'pods/exec', namespace: 'ns-250' }).subjects.length).toBeGreaterThan(0);
  expect(index.whoCan({ verb: 'list', resource: 'secrets' }).subjects.map((s) => s.name)).toContain('user-0');
  expect(index.whoCan({ verb: 'delete', resource: 'deployments', namespace: 'ns-499' }).subjects.map((s) => s.name)).toContain('user-100');
  // sa-3 of ns-7 has one binding: rb-3 (odd, so to ClusterRole cr-((7 * 7 + 3) % 1000) = cr-52).
  const perms = index.permissionsOf({ kind: 'ServiceAccount', namespace: 'ns-7', name: 'sa-3' });
  expect(perms.scopes.map((s) => ({ scope: s.scope, grants: s.grants.map((g) => `${g.binding} ${g.role}`) }))).toEqual([
    { scope: 'ns-7', grants: ['RoleBinding/ns-7/rb-3 ClusterRole/cr-52'] },
  ]);
});
