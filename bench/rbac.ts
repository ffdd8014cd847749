/**
 * `npm run bench:rbac`: who-can over a synthetic cluster with more than 10k bindings, against the
 * access issue's target ("well under a second"). Not a test: figures depend on the machine.
 */
import { buildRbacIndex } from '../src/analysis/analyzers/rbac/index.js';
import { ObjectSet, toKubeObject, type KubeObject } from '../src/model/index.js';

const RESOURCES = ['pods', 'secrets', 'configmaps', 'services', 'pods/log', 'pods/exec', 'deployments', 'jobs'];
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const RBAC = 'rbac.authorization.k8s.io/v1';

function obj(raw: Record<string, unknown>): KubeObject {
  return toKubeObject(raw, { type: 'reference', ref: 'synthetic' })!;
}

/** `namespaces` × 20 RoleBindings (half to ClusterRoles), 1,000 ClusterRoles and ClusterRoleBindings, 10 Roles per namespace. */
function cluster(namespaces: number): ObjectSet {
  const objects: KubeObject[] = [];
  for (let j = 0; j < 1000; j++) {
    const rules = j % 100 === 0
      ? [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]
      : [{ apiGroups: ['', 'apps', 'batch'], resources: [RESOURCES[j % RESOURCES.length]], verbs: [VERBS[j % 7], VERBS[(j + 3) % 7]] }];
    objects.push(obj({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: `cr-${j}` }, rules }));
    objects.push(obj({
      apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: `crb-${j}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `cr-${j}` },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `user-${j}` }],
    }));
  }
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    for (let i = 0; i < 10; i++) {
      objects.push(obj({
        apiVersion: RBAC, kind: 'Role', metadata: { name: `role-${i}`, namespace: ns },
        rules: [{ apiGroups: [''], resources: [RESOURCES[i % RESOURCES.length]], verbs: ['get', 'list'] }],
      }));
    }
    for (let i = 0; i < 20; i++) {
      const toCluster = i % 2 === 1;
      objects.push(obj({
        apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: `rb-${i}`, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: toCluster ? 'ClusterRole' : 'Role', name: toCluster ? `cr-${(n * 7 + i) % 1000}` : `role-${i / 2}` },
        subjects: [{ kind: 'ServiceAccount', name: `sa-${i}`, namespace: ns }],
      }));
    }
  }
  return new ObjectSet(objects);
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const QUERIES = [
  { verb: 'get', resource: 'secrets', namespace: 'ns-3' },
  { verb: 'create', resource: 'pods/exec', namespace: 'ns-250' },
  { verb: 'list', resource: 'secrets' },
  { verb: 'delete', resource: 'deployments', namespace: 'ns-499' },
];

for (const namespaces of [500, 1000]) {
  const set = cluster(namespaces);
  const bindings = namespaces * 20 + 1000;
  let t0 = process.hrtime.bigint();
  const index = buildRbacIndex(set);
  const build = ms(t0);
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of QUERIES) {
      t0 = process.hrtime.bigint();
      index.whoCan(q);
      times.push(ms(t0));
    }
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const max = times[times.length - 1]!;
  const verdict = max < 1000 ? 'PASS' : 'FAIL';
  console.log(`${bindings} bindings: index ${build.toFixed(0)} ms; who-can median ${median.toFixed(1)} ms, slowest ${max.toFixed(1)} ms (target: well under 1 s) ${verdict}`);
}
