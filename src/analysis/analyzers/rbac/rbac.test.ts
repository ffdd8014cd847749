import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isRecord, ObjectSet, toKubeObject, type KubeObject } from '../../../model/index.js';
import { AnalyzerCache } from '../../analyzer.js';
import {
  buildRbacIndex, rbac, RbacQueryError, toWhoCanJson,
  type AccessQuery, type RbacIndex, type WhoCanResult,
} from './index.js';

function setOf(yaml: string): ObjectSet {
  const objects: KubeObject[] = [];
  parseAllDocuments(yaml).forEach((doc, i) => {
    const raw: unknown = doc.toJS();
    if (!isRecord(raw)) return;
    const obj = toKubeObject(raw, { type: 'reference', ref: `test:${i}` });
    if (obj) objects.push(obj);
  });
  return new ObjectSet(objects);
}

const indexOf = (yaml: string): RbacIndex => buildRbacIndex(setOf(yaml));

/** `Kind name`, or `ServiceAccount ns/name`. */
function names(result: WhoCanResult): string[] {
  return result.subjects.map((s) => (s.namespace !== undefined ? `${s.kind} ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`));
}

function clusterRole(name: string, rules: string, extra = ''): string {
  return `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
${extra}rules:
${rules}`;
}

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | undefined, roleKind: string, role: string, subjects: string): string {
  return `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${roleKind}
  name: ${role}
subjects:
${subjects}`;
}

const user = (name: string): string => `  - kind: User\n    apiGroup: rbac.authorization.k8s.io\n    name: ${name}\n`;
const group = (name: string): string => `  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: ${name}\n`;
const sa = (namespace: string, name: string): string => `  - kind: ServiceAccount\n    name: ${name}\n    namespace: ${namespace}\n`;
const serviceAccount = (namespace: string, name: string): string =>
  `---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;

const SECRET_READER = clusterRole('secret-reader', `  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get, list, watch]\n`);

interface Case {
  name: string;
  query: AccessQuery;
  subjects: string[];
}

function table(title: string, yaml: string, cases: Case[]): void {
  describe(title, () => {
    const index = indexOf(yaml);
    it.each(cases)('$name', ({ query, subjects }) => {
      expect(names(index.whoCan(query))).toEqual(subjects);
    });
  });
}

table('a RoleBinding to a ClusterRole grants only in the binding\'s namespace', SECRET_READER + binding('RoleBinding', 'app-read', 'prod', 'ClusterRole', 'secret-reader', sa('prod', 'app')), [
  { name: 'in the binding\'s namespace', query: { verb: 'get', resource: 'secrets', namespace: 'prod' }, subjects: ['ServiceAccount prod/app'] },
  { name: 'not in another namespace', query: { verb: 'get', resource: 'secrets', namespace: 'staging' }, subjects: [] },
  { name: 'not cluster-wide (all namespaces)', query: { verb: 'list', resource: 'secrets' }, subjects: [] },
]);

table('a ClusterRoleBinding grants in every namespace and cluster-wide',
  clusterRole('reader', `  - apiGroups: [""]\n    resources: [secrets, nodes]\n    verbs: [get, list]\n`) +
  binding('ClusterRoleBinding', 'readers', undefined, 'ClusterRole', 'reader', user('alice')), [
  { name: 'in prod', query: { verb: 'get', resource: 'secrets', namespace: 'prod' }, subjects: ['User alice'] },
  { name: 'in any other namespace', query: { verb: 'get', resource: 'secrets', namespace: 'kube-system' }, subjects: ['User alice'] },
  { name: 'across all namespaces', query: { verb: 'list', resource: 'secrets' }, subjects: ['User alice'] },
  { name: 'cluster-scoped resources', query: { verb: 'get', resource: 'nodes' }, subjects: ['User alice'] },
  { name: 'not verbs it lacks', query: { verb: 'delete', resource: 'secrets', namespace: 'prod' }, subjects: [] },
]);

describe('a RoleBinding\'s roleRef to a Role resolves in its own namespace only', () => {
  const yaml = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: dev
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: cross
  namespace: prod
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
  namespace: dev
subjects:
  - kind: User
    name: mallory
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: local
  namespace: dev
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
  - kind: User
    name: dana
`;
  const index = indexOf(yaml);

  it('a Role in another namespace grants nothing, even with a namespace written into roleRef', () => {
    expect(names(index.whoCan({ verb: 'get', resource: 'secrets', namespace: 'prod' }))).toEqual([]);
    expect(names(index.whoCan({ verb: 'get', resource: 'secrets', namespace: 'dev' }))).toEqual(['User dana']);
    expect(index.can({ kind: 'User', name: 'mallory' }, { verb: 'get', resource: 'secrets', namespace: 'dev' }).allowed).toBe(false);
    expect(index.permissionsOf({ kind: 'User', name: 'mallory' }).scopes).toEqual([]);
  });

  it('is reported dangling, naming where the Role does exist', () => {
    const d = index.danglingBindings();
    expect(d.map((x) => [x.binding, x.reason, x.roleInOtherNamespaces, x.path])).toEqual([
      ['RoleBinding/prod/cross', 'role-not-found', ['dev'], ['roleRef', 'name']],
    ]);
    expect(d[0]!.detail).toBe('Role "reader" does not exist in namespace "prod" (it exists in "dev", which a roleRef cannot reach)');
  });
});

describe('dangling and invalid bindings', () => {
  const index = indexOf(
    serviceAccount('prod', 'app') +
    binding('ClusterRoleBinding', 'no-such-role', undefined, 'ClusterRole', 'ghost', user('u1')) +
    binding('ClusterRoleBinding', 'crb-to-role', undefined, 'Role', 'reader', user('u2')) +
    SECRET_READER +
    binding('RoleBinding', 'subjects', 'prod', 'ClusterRole', 'secret-reader',
      sa('prod', 'app') + sa('prod', 'ghost') + sa('prod', 'default') + sa('elsewhere', 'whoever') +
      '  - kind: ServiceAccount\n    name: local\n' + '  - kind: Robot\n    name: r2\n') +
    binding('ClusterRoleBinding', 'sa-no-ns', undefined, 'ClusterRole', 'secret-reader', '  - kind: ServiceAccount\n    name: lost\n'),
  );

  it('lists missing roles, invalid roleRefs, missing ServiceAccounts and subjects that match nobody', () => {
    expect(index.danglingBindings().map((d) => [d.binding, d.reason, d.path])).toEqual([
      ['ClusterRoleBinding/no-such-role', 'role-not-found', ['roleRef', 'name']],
      ['ClusterRoleBinding/crb-to-role', 'invalid-role-ref', ['roleRef', 'kind']],
      ['ClusterRoleBinding/sa-no-ns', 'invalid-subject', ['subjects', 0]],
      // prod holds ServiceAccounts, so "ghost" is missing; "default" always exists; "elsewhere"
      // has none in the set, so nothing can be judged there. "local" defaults to prod: missing.
      ['RoleBinding/prod/subjects', 'service-account-not-found', ['subjects', 1]],
      ['RoleBinding/prod/subjects', 'service-account-not-found', ['subjects', 4]],
      ['RoleBinding/prod/subjects', 'invalid-subject', ['subjects', 5]],
    ]);
  });

  it('grants nothing through them', () => {
    expect(index.can({ kind: 'User', name: 'u1' }, { verb: 'get', resource: 'pods', namespace: 'x' }).allowed).toBe(false);
    expect(index.permissionsOf({ kind: 'User', name: 'u2' }).scopes).toEqual([]);
    expect(index.can({ kind: 'ServiceAccount', namespace: 'default', name: 'lost' }, { verb: 'get', resource: 'secrets', namespace: 'default' }).allowed).toBe(false);
  });

  it('a ServiceAccount subject without a namespace takes the RoleBinding\'s, and still matches the account when it is created', () => {
    expect(names(index.whoCan({ verb: 'get', resource: 'secrets', namespace: 'prod' }))).toEqual([
      'ServiceAccount elsewhere/whoever', 'ServiceAccount prod/app', 'ServiceAccount prod/default', 'ServiceAccount prod/ghost', 'ServiceAccount prod/local',
    ]);
  });
});

describe('aggregated ClusterRoles', () => {
  const label = (l: string): string => `  labels:\n    ${l}\n`;
  const yaml =
    clusterRole('monitoring', `  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get]\n`,
      `aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels:\n        example.com/aggregate-to-monitoring: "true"\n`) +
    clusterRole('b-services', `  - apiGroups: [""]\n    resources: [services]\n    verbs: [list]\n`, label('example.com/aggregate-to-monitoring: "true"')) +
    clusterRole('a-pods', `  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n`, label('example.com/aggregate-to-monitoring: "true"')) +
    clusterRole('unlabelled', `  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get]\n`) +
    binding('ClusterRoleBinding', 'ops-monitoring', undefined, 'ClusterRole', 'monitoring', group('ops'));
  const index = indexOf(yaml);

  it.each<Case>([
    { name: 'rules of a selected role', query: { verb: 'get', resource: 'pods' }, subjects: ['Group ops'] },
    { name: 'rules of another selected role', query: { verb: 'list', resource: 'services' }, subjects: ['Group ops'] },
    { name: 'not rules of an unselected role', query: { verb: 'get', resource: 'secrets' }, subjects: [] },
    { name: 'not the rules written in the aggregated role (the controller replaces them)', query: { verb: 'get', resource: 'configmaps' }, subjects: [] },
  ])('$name', ({ query, subjects }) => {
    expect(names(index.whoCan(query))).toEqual(subjects);
  });

  it('orders rules by selected role name and names where each is written', () => {
    const role = index.role('ClusterRole/monitoring')!;
    expect(role.aggregated).toBe(true);
    expect(role.rules.map((r) => [r.source, r.rule.resources[0]])).toEqual([['ClusterRole/a-pods', 'pods'], ['ClusterRole/b-services', 'services']]);
    const via = index.whoCan({ verb: 'get', resource: 'pods' }).subjects[0]!.via;
    expect(via.map((g) => [g.binding, g.role, g.ruleIndex, g.ruleSource])).toEqual([['ClusterRoleBinding/ops-monitoring', 'ClusterRole/monitoring', 0, 'ClusterRole/a-pods']]);
  });

  it('aggregates aggregated roles transitively, whatever their order', () => {
    const i = indexOf(
      clusterRole('top', '  []\n', 'aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: {tier: top}\n') +
      clusterRole('mid', '  []\n', `${label('tier: top')}aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: {tier: leaf}\n`) +
      clusterRole('leaf', `  - apiGroups: [""]\n    resources: [pods]\n    verbs: [delete]\n`, label('tier: leaf')),
    );
    expect(i.role('ClusterRole/top')!.rules.map((r) => r.source)).toEqual(['ClusterRole/leaf']);
    expect(i.role('ClusterRole/mid')!.rules.map((r) => r.source)).toEqual(['ClusterRole/leaf']);
  });

  it('settles cycles on the rules of the plain roles they reach, dropping duplicates', () => {
    const i = indexOf(
      // q comes first, so it would copy p's stale written rules if they were not replaced first.
      clusterRole('q', '  []\n', `${label('cyc: q')}aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: {cyc: p}\n    - matchLabels: {cyc: q}\n`) +
      clusterRole('p', `  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n`, `${label('cyc: p')}aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: {cyc: q}\n`) +
      clusterRole('r', `  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n`, label('cyc: q')) +
      clusterRole('r2', `  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n`, label('cyc: q')),
    );
    const rules = (n: string): string[] => i.role(`ClusterRole/${n}`)!.rules.map((r) => `${r.source} ${r.rule.verbs.join(',')} ${r.rule.resources.join(',')}`);
    expect(rules('p')).toEqual(['ClusterRole/r get pods']);
    expect(rules('q')).toEqual(['ClusterRole/r get pods']);
  });

  it('leaves a role with an unparsable selector as written, with a warning', () => {
    const i = indexOf(clusterRole('odd', `  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n`,
      'aggregationRule:\n  clusterRoleSelectors:\n    - matchExpressions: [{key: a, operator: Near}]\n'));
    expect(i.role('ClusterRole/odd')!.rules).toHaveLength(1);
    expect(i.role('ClusterRole/odd')!.aggregated).toBe(false);
    expect(i.warnings.map((w) => w.path)).toEqual([['aggregationRule', 'clusterRoleSelectors', 0]]);
  });

  it('an empty selector selects every other ClusterRole', () => {
    // Without the default ClusterRoles, which an empty selector would select as well.
    const i = buildRbacIndex(setOf(clusterRole('everything', '  []\n', 'aggregationRule:\n  clusterRoleSelectors:\n    - {}\n') + SECRET_READER), { defaultRoles: false });
    expect(i.role('ClusterRole/everything')!.rules.map((r) => r.source)).toEqual(['ClusterRole/secret-reader']);
  });
});

table('subresources and wildcards',
  clusterRole('exec-any', `  - apiGroups: [""]\n    resources: ["*/exec"]\n    verbs: [create]\n`) +
  clusterRole('pods-all', `  - apiGroups: [""]\n    resources: [pods]\n    verbs: ["*"]\n`) +
  clusterRole('pods-exec', `  - apiGroups: [""]\n    resources: [pods/exec]\n    verbs: [create, get]\n`) +
  clusterRole('pods-slash-star', `  - apiGroups: [""]\n    resources: ["pods/*"]\n    verbs: ["*"]\n`) +
  clusterRole('admin', `  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n`) +
  binding('ClusterRoleBinding', 'e', undefined, 'ClusterRole', 'exec-any', user('e')) +
  binding('ClusterRoleBinding', 'p', undefined, 'ClusterRole', 'pods-all', user('p')) +
  binding('ClusterRoleBinding', 'x', undefined, 'ClusterRole', 'pods-exec', user('x')) +
  binding('ClusterRoleBinding', 'ps', undefined, 'ClusterRole', 'pods-slash-star', user('ps')) +
  binding('ClusterRoleBinding', 's', undefined, 'ClusterRole', 'admin', user('s')), [
  { name: 'pods/exec: */exec, pods/exec and * (not pods, not pods/*)', query: { verb: 'create', resource: 'pods/exec', namespace: 'prod' }, subjects: ['User e', 'User s', 'User x'] },
  { name: 'subresource given apart', query: { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'prod' }, subjects: ['User e', 'User s', 'User x'] },
  { name: 'pods/attach: only *', query: { verb: 'create', resource: 'pods/attach', namespace: 'prod' }, subjects: ['User s'] },
  { name: 'pods: pods and *', query: { verb: 'delete', resource: 'pods', namespace: 'prod' }, subjects: ['User p', 'User s'] },
  { name: '*/exec is limited to its groups', query: { verb: 'create', resource: 'widgets/exec', apiGroup: 'example.com', namespace: 'prod' }, subjects: ['User s'] },
]);

table('resourceNames',
  clusterRole('one-config', `  - apiGroups: [""]\n    resources: [configmaps]\n    resourceNames: [app-config]\n    verbs: [get, list, watch, create, update, delete, deletecollection]\n`) +
  binding('RoleBinding', 'n', 'prod', 'ClusterRole', 'one-config', user('n')), [
  { name: 'get the named object', query: { verb: 'get', resource: 'configmaps', name: 'app-config', namespace: 'prod' }, subjects: ['User n'] },
  { name: 'not another object', query: { verb: 'get', resource: 'configmaps', name: 'other', namespace: 'prod' }, subjects: [] },
  { name: 'update the named object', query: { verb: 'update', resource: 'configmaps', name: 'app-config', namespace: 'prod' }, subjects: ['User n'] },
  { name: 'list without a name', query: { verb: 'list', resource: 'configmaps', namespace: 'prod' }, subjects: [] },
  { name: 'list filtered by metadata.name', query: { verb: 'list', resource: 'configmaps', name: 'app-config', namespace: 'prod' }, subjects: ['User n'] },
  { name: 'watch without a name', query: { verb: 'watch', resource: 'configmaps', namespace: 'prod' }, subjects: [] },
  { name: 'create, even naming the object', query: { verb: 'create', resource: 'configmaps', name: 'app-config', namespace: 'prod' }, subjects: [] },
  { name: 'deletecollection, even naming the object', query: { verb: 'deletecollection', resource: 'configmaps', name: 'app-config', namespace: 'prod' }, subjects: [] },
]);

table('nonResourceURLs',
  clusterRole('metrics', `  - nonResourceURLs: [/metrics, "/healthz/*"]\n    verbs: [get]\n`) +
  clusterRole('all-urls', `  - nonResourceURLs: ["*"]\n    verbs: [get]\n`) +
  binding('RoleBinding', 'metrics-rb', 'prod', 'ClusterRole', 'metrics', user('rb-user')) +
  binding('ClusterRoleBinding', 'metrics-crb', undefined, 'ClusterRole', 'metrics', user('crb-user')) +
  binding('ClusterRoleBinding', 'all', undefined, 'ClusterRole', 'all-urls', group('g-all')), [
  { name: 'exact URL through the ClusterRoleBinding, not the RoleBinding', query: { verb: 'get', nonResourceURL: '/metrics' }, subjects: ['Group g-all', 'User crb-user'] },
  { name: 'a namespace does not bring the RoleBinding in', query: { verb: 'get', nonResourceURL: '/metrics', namespace: 'prod' }, subjects: ['Group g-all', 'User crb-user'] },
  { name: 'prefix *', query: { verb: 'get', nonResourceURL: '/healthz/etcd' }, subjects: ['Group g-all', 'User crb-user'] },
  { name: '/healthz/* does not cover /healthz', query: { verb: 'get', nonResourceURL: '/healthz' }, subjects: ['Group g-all'] },
  { name: 'an exact URL is no prefix', query: { verb: 'get', nonResourceURL: '/metrics/cadvisor' }, subjects: ['Group g-all'] },
  { name: 'other verbs', query: { verb: 'post', nonResourceURL: '/metrics' }, subjects: [] },
]);

describe('ServiceAccount groups', () => {
  const index = indexOf(
    serviceAccount('prod', 'a') + serviceAccount('prod', 'b') + serviceAccount('dev', 'c') + SECRET_READER +
    binding('RoleBinding', 'all-sas-in-prod', 'prod', 'ClusterRole', 'secret-reader', group('system:serviceaccounts:prod')),
  );
  const q: AccessQuery = { verb: 'get', resource: 'secrets', namespace: 'prod' };

  it('who-can lists the group, not its members', () => {
    expect(names(index.whoCan(q))).toEqual(['Group system:serviceaccounts:prod']);
  });

  it('on request, expands it to the namespace\'s ServiceAccounts in the set', () => {
    const r = index.whoCan(q, { expandServiceAccounts: true });
    expect(names(r)).toEqual(['Group system:serviceaccounts:prod', 'ServiceAccount prod/a', 'ServiceAccount prod/b']);
    expect(r.subjects[1]!.via[0]!.subject).toEqual({ kind: 'Group', name: 'system:serviceaccounts:prod' });
  });

  it('grants every ServiceAccount of that namespace, and none of another', () => {
    expect(index.can({ kind: 'ServiceAccount', namespace: 'prod', name: 'a' }, q).allowed).toBe(true);
    expect(index.can({ kind: 'ServiceAccount', namespace: 'prod', name: 'not-in-the-set' }, q).allowed).toBe(true);
    expect(index.can({ kind: 'ServiceAccount', namespace: 'dev', name: 'c' }, q).allowed).toBe(false);
    expect(index.can({ kind: 'User', name: 'alice', groups: ['system:serviceaccounts:dev'] }, q).allowed).toBe(false);
  });

  it('permissionsOf shows the grant in the binding\'s namespace, through the group', () => {
    const p = index.permissionsOf({ kind: 'ServiceAccount', namespace: 'prod', name: 'a' });
    expect(p.user).toEqual({ name: 'system:serviceaccount:prod:a', groups: ['system:serviceaccounts', 'system:serviceaccounts:prod', 'system:authenticated'] });
    expect(p.scopes.map((s) => s.scope)).toEqual(['prod']);
    expect(p.scopes[0]!.grants).toEqual([{
      binding: 'RoleBinding/prod/all-sas-in-prod', role: 'ClusterRole/secret-reader', ruleIndex: 0, scope: 'prod',
      rule: { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets'], resourceNames: [], nonResourceURLs: [] },
      subject: { kind: 'Group', name: 'system:serviceaccounts:prod' },
    }]);
  });

  it('a User subject spelled as a ServiceAccount\'s user name is that ServiceAccount', () => {
    const i = indexOf(serviceAccount('prod', 'a') + SECRET_READER +
      binding('ClusterRoleBinding', 'by-username', undefined, 'ClusterRole', 'secret-reader', user('system:serviceaccount:prod:a')));
    expect(i.can({ kind: 'ServiceAccount', namespace: 'prod', name: 'a' }, q).allowed).toBe(true);
    expect(names(i.whoCan(q))).toEqual(['User system:serviceaccount:prod:a']);
    expect(names(i.whoCan(q, { expandServiceAccounts: true }))).toEqual(['ServiceAccount prod/a', 'User system:serviceaccount:prod:a']);
  });
});

describe('system:authenticated and system:unauthenticated', () => {
  const index = indexOf(
    clusterRole('pod-lister', `  - apiGroups: [""]\n    resources: [pods]\n    verbs: [list]\n`) +
    clusterRole('version', `  - nonResourceURLs: [/version]\n    verbs: [get]\n`) +
    binding('ClusterRoleBinding', 'everyone-lists-pods', undefined, 'ClusterRole', 'pod-lister', group('system:authenticated')) +
    binding('ClusterRoleBinding', 'anonymous-version', undefined, 'ClusterRole', 'version', group('system:unauthenticated')),
  );
  const listPods: AccessQuery = { verb: 'list', resource: 'pods' };
  const version: AccessQuery = { verb: 'get', nonResourceURL: '/version' };

  it('who-can lists the group itself', () => {
    expect(names(index.whoCan(listPods))).toEqual(['Group system:authenticated']);
  });

  it('every authenticated user and ServiceAccount is in system:authenticated', () => {
    expect(index.can({ kind: 'User', name: 'alice' }, listPods).allowed).toBe(true);
    expect(index.can({ kind: 'ServiceAccount', namespace: 'x', name: 'y' }, listPods).allowed).toBe(true);
    expect(index.can({ kind: 'User', name: 'alice' }, version).allowed).toBe(false);
  });

  it('the anonymous user is in system:unauthenticated only', () => {
    expect(index.can({ kind: 'User', name: 'system:anonymous' }, listPods).allowed).toBe(false);
    expect(index.can({ kind: 'User', name: 'system:anonymous' }, version).allowed).toBe(true);
  });

  it('a Group asks only what is bound to that group', () => {
    expect(index.can({ kind: 'Group', name: 'developers' }, listPods).allowed).toBe(false);
    expect(index.can({ kind: 'Group', name: 'system:authenticated' }, listPods).allowed).toBe(true);
  });
});

table('API groups',
  clusterRole('deploy-reader', `  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get]\n`) +
  clusterRole('core-deployments', `  - apiGroups: [""]\n    resources: [deployments]\n    verbs: [get]\n`) +
  clusterRole('widget-reader', `  - apiGroups: [example.com]\n    resources: [widgets]\n    verbs: [get]\n`) +
  binding('ClusterRoleBinding', 'd', undefined, 'ClusterRole', 'deploy-reader', user('d')) +
  binding('ClusterRoleBinding', 'wrong', undefined, 'ClusterRole', 'core-deployments', user('wrong')) +
  binding('ClusterRoleBinding', 'w', undefined, 'ClusterRole', 'widget-reader', user('w')) + `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, kind: Widget}
`, [
  { name: 'deployments resolve to apps', query: { verb: 'get', resource: 'deployments', namespace: 'prod' }, subjects: ['User d'] },
  { name: 'resource.group form', query: { verb: 'get', resource: 'deployments.apps', namespace: 'prod' }, subjects: ['User d'] },
  { name: 'explicit core group', query: { verb: 'get', resource: 'deployments', apiGroup: '', namespace: 'prod' }, subjects: ['User wrong'] },
  { name: 'custom resources resolve through their CRD', query: { verb: 'get', resource: 'widgets', namespace: 'prod' }, subjects: ['User w'] },
]);

describe('request resolution', () => {
  const index = indexOf(
    clusterRole('ns-and-nodes', `  - apiGroups: [""]\n    resources: [namespaces, nodes]\n    verbs: [get]\n`) +
    binding('RoleBinding', 'in-prod', 'prod', 'ClusterRole', 'ns-and-nodes', user('n')),
  );

  it('a RoleBinding reaches the Namespace object of its own namespace', () => {
    expect(names(index.whoCan({ verb: 'get', resource: 'namespaces', name: 'prod' }))).toEqual(['User n']);
    expect(names(index.whoCan({ verb: 'get', resource: 'namespaces', name: 'staging' }))).toEqual([]);
  });

  it('cluster-scoped resources ignore a namespace, so RoleBindings never grant them', () => {
    const r = index.whoCan({ verb: 'get', resource: 'nodes', namespace: 'prod' });
    expect(names(r)).toEqual([]);
    expect(r.request.namespace).toBe('');
    expect(r.notes).toEqual(['nodes is cluster-scoped: requests carry no namespace, so RoleBindings never grant them']);
  });

  it.each<[string, AccessQuery, string]>([
    ['no verb', { verb: '', resource: 'pods' }, 'a verb is required'],
    ['no resource', { verb: 'get' }, 'a resource'],
    ['unknown resource without group', { verb: 'get', resource: 'gizmos' }, 'unknown resource "gizmos"'],
    ['resource and URL', { verb: 'get', resource: 'pods', nonResourceURL: '/x' }, 'not both'],
    ['two slashes', { verb: 'get', resource: 'pods/a/b' }, 'not of the form'],
    ['relative URL', { verb: 'get', nonResourceURL: 'metrics' }, 'must start with "/"'],
  ])('rejects %s with a RbacQueryError', (_, query, message) => {
    expect(() => index.whoCan(query)).toThrow(RbacQueryError);
    expect(() => index.whoCan(query)).toThrow(message);
  });
});

describe('permissionsOf', () => {
  const index = indexOf(
    SECRET_READER +
    clusterRole('pod-reader', `  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n  - apiGroups: [""]\n    resources: [pods/log]\n    verbs: [get]\n`) +
    binding('RoleBinding', 'zeta', 'zeta', 'ClusterRole', 'secret-reader', user('alice')) +
    binding('RoleBinding', 'alpha', 'alpha', 'ClusterRole', 'pod-reader', group('devs')) +
    binding('ClusterRoleBinding', 'global', undefined, 'ClusterRole', 'pod-reader', `${user('bob')}${user('alice')}`),
  );

  it('groups grants by scope, cluster-wide first, with the subject each comes through', () => {
    const p = index.permissionsOf({ kind: 'User', name: 'alice', groups: ['devs'] });
    expect(p.user).toEqual({ name: 'alice', groups: ['devs', 'system:authenticated'] });
    expect(p.scopes.map((s) => [s.scope, s.grants.map((g) => `${g.binding} ${g.role}#${g.ruleIndex} via ${g.subject.kind} ${g.subject.name}`)])).toEqual([
      ['*', ['ClusterRoleBinding/global ClusterRole/pod-reader#0 via User alice', 'ClusterRoleBinding/global ClusterRole/pod-reader#1 via User alice']],
      ['alpha', ['RoleBinding/alpha/alpha ClusterRole/pod-reader#0 via Group devs', 'RoleBinding/alpha/alpha ClusterRole/pod-reader#1 via Group devs']],
      ['zeta', ['RoleBinding/zeta/zeta ClusterRole/secret-reader#0 via User alice']],
    ]);
  });

  it('can() lists every rule that allows, in scope', () => {
    const c = index.can({ kind: 'User', name: 'alice' }, { verb: 'get', resource: 'secrets', namespace: 'zeta' });
    expect(c.allowed).toBe(true);
    expect(c.via.map((g) => g.binding)).toEqual(['RoleBinding/zeta/zeta']);
    expect(index.can({ kind: 'User', name: 'alice' }, { verb: 'get', resource: 'secrets', namespace: 'alpha' }).allowed).toBe(false);
    expect(index.can({ kind: 'User', name: 'alice' }, { verb: 'get', resource: 'pods/log', namespace: 'alpha' }).via.map((g) => `${g.binding}#${g.ruleIndex}`))
      .toEqual(['ClusterRoleBinding/global#1']);
  });
});

describe('JSON and the analyzer', () => {
  const yaml = SECRET_READER + binding('RoleBinding', 'app-read', 'prod', 'ClusterRole', 'secret-reader', sa('prod', 'app'));

  it('toWhoCanJson gives the public shape, one via per binding and role', () => {
    expect(toWhoCanJson(indexOf(yaml).whoCan({ verb: 'get', resource: 'secrets', namespace: 'prod' }))).toEqual({
      schemaVersion: 1, verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'prod',
      subjects: [{ kind: 'ServiceAccount', namespace: 'prod', name: 'app', via: [{ binding: 'RoleBinding/prod/app-read', role: 'ClusterRole/secret-reader' }] }],
    });
  });

  it('names the URL for non-resource questions', () => {
    expect(toWhoCanJson(indexOf(yaml).whoCan({ verb: 'get', nonResourceURL: '/metrics' }))).toEqual({ schemaVersion: 1, verb: 'get', nonResourceURL: '/metrics', subjects: [] });
  });

  it('a subject listed twice in a binding gets each rule once', () => {
    const i = indexOf(SECRET_READER + binding('ClusterRoleBinding', 'twice', undefined, 'ClusterRole', 'secret-reader', user('u') + user('u')));
    expect(i.whoCan({ verb: 'get', resource: 'secrets' }).subjects.map((s) => s.via.length)).toEqual([1]);
    expect(i.permissionsOf({ user: { name: 'u', groups: [] } }).scopes.map((s) => s.grants.length)).toEqual([1]);
  });

  it('the analyzer computes the index once per set', () => {
    const cache = new AnalyzerCache(setOf(yaml));
    const a = cache.use(rbac);
    expect(cache.use(rbac)).toBe(a);
    expect(a.bindings.map((b) => [b.ref, b.scope, b.role?.ref])).toEqual([['RoleBinding/prod/app-read', 'prod', 'ClusterRole/secret-reader']]);
    expect(a.bindingsOf('ClusterRole/secret-reader').map((b) => b.ref)).toEqual(['RoleBinding/prod/app-read']);
  });
});
