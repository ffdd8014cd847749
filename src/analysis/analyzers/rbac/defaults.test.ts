import { describe, expect, it } from 'vitest';
import { ObjectSet, toKubeObject, type KubeObject } from '../../../model/index.js';
import { buildRbacIndex, isDefaultBinding, type AccessQuery } from './index.js';

function obj(raw: Record<string, unknown>): KubeObject {
  return toKubeObject(raw, { type: 'reference', ref: 'test' })!;
}

const rb = (name: string, namespace: string, role: string, subject: Record<string, string>, labels: Record<string, string> = {}): KubeObject => obj({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace, labels },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [subject],
});

const dev = { kind: 'User', name: 'dev' };
const set = new ObjectSet([rb('view', 'a', 'view', dev), rb('edit', 'b', 'edit', dev), rb('admin', 'c', 'admin', dev)]);
const index = buildRbacIndex(set);
const can = (q: AccessQuery): boolean => index.can({ kind: 'User', name: 'dev' }, q).allowed;

describe('default ClusterRoles a set references without defining', () => {
  it('resolve, so the bindings are not dangling', () => {
    expect(index.danglingBindings()).toEqual([]);
    expect(index.role('ClusterRole/edit')?.builtin).toBe(true);
  });

  it('view reads pods but not Secrets, and grants no exec', () => {
    expect(can({ verb: 'list', resource: 'pods', namespace: 'a' })).toBe(true);
    expect(can({ verb: 'get', resource: 'secrets', namespace: 'a' })).toBe(false);
    expect(can({ verb: 'create', resource: 'pods/exec', namespace: 'a' })).toBe(false);
  });

  it('edit aggregates view and adds Secrets, exec and writes, but no RBAC', () => {
    expect(can({ verb: 'list', resource: 'deployments', namespace: 'b' })).toBe(true);
    expect(can({ verb: 'get', resource: 'secrets', namespace: 'b' })).toBe(true);
    expect(can({ verb: 'create', resource: 'pods/exec', namespace: 'b' })).toBe(true);
    expect(can({ verb: 'create', resource: 'rolebindings', namespace: 'b' })).toBe(false);
  });

  it('admin aggregates edit and adds Roles and RoleBindings in its namespace only', () => {
    expect(can({ verb: 'create', resource: 'rolebindings', namespace: 'c' })).toBe(true);
    expect(can({ verb: 'get', resource: 'secrets', namespace: 'c' })).toBe(true);
    expect(can({ verb: 'create', resource: 'rolebindings', namespace: 'a' })).toBe(false);
    expect(can({ verb: 'create', resource: 'clusterrolebindings' })).toBe(false);
  });

  it('a set\'s own definition wins over the default', () => {
    const own = obj({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'view' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] });
    const i = buildRbacIndex(new ObjectSet([own, rb('view', 'a', 'view', dev)]));
    expect(i.role('ClusterRole/view')?.builtin).toBeUndefined();
    expect(i.can({ kind: 'User', name: 'dev' }, { verb: 'get', resource: 'secrets', namespace: 'a' }).allowed).toBe(true);
    expect(i.can({ kind: 'User', name: 'dev' }, { verb: 'list', resource: 'pods', namespace: 'a' }).allowed).toBe(false);
  });

  it('a set\'s ClusterRole labelled aggregate-to-view joins the default view, as on a cluster', () => {
    const crd = obj({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }],
    });
    const i = buildRbacIndex(new ObjectSet([crd, rb('view', 'a', 'view', dev)]));
    expect(i.can({ kind: 'User', name: 'dev' }, { verb: 'get', resource: 'widgets', apiGroup: 'example.com', namespace: 'a' }).allowed).toBe(true);
  });

  it('are left out with defaultRoles: false', () => {
    const i = buildRbacIndex(set, { defaultRoles: false });
    expect(i.danglingBindings().map((d) => d.reason)).toEqual(['role-not-found', 'role-not-found', 'role-not-found']);
    expect(i.role('ClusterRole/cluster-admin')).toBeUndefined();
  });

  it('cluster-admin grants everything, non-resource URLs included', () => {
    const i = buildRbacIndex(new ObjectSet([obj({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'x' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [dev],
    })]));
    expect(i.can({ kind: 'User', name: 'dev' }, { verb: 'escalate', resource: 'clusterroles' }).allowed).toBe(true);
    expect(i.can({ kind: 'User', name: 'dev' }, { verb: 'get', nonResourceURL: '/metrics' }).allowed).toBe(true);
  });
});

describe('isDefaultBinding', () => {
  const nodes = { kind: 'Group', name: 'system:nodes' };
  const kubeProxy = { kind: 'ServiceAccount', name: 'kube-proxy', namespace: 'kube-system' };
  const binding = (name: string, labels: Record<string, string> = {}, namespace = 'kube-system', roleKind = 'ClusterRole', subject: Record<string, string> = nodes) => buildRbacIndex(new ObjectSet([obj({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: 'view' }, subjects: [subject],
  })])).bindings[0]!;

  it.each([
    ['system:controller:x', {}, true],
    ['kubeadm:kubelet-config', {}, true],
    ['anything', { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, true],
    ['my-binding', {}, false],
    ['systemd', {}, false],
  ] as const)('%s %o -> %s', (name, labels, expected) => {
    expect(isDefaultBinding(binding(name, labels))).toBe(expected);
  });

  it('a reserved name or the defaults label does not hide a binding to an ordinary subject', () => {
    expect(isDefaultBinding(binding('system:controller:x', {}, 'kube-system', 'ClusterRole', dev))).toBe(false);
    expect(isDefaultBinding(binding('anything', { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, 'kube-system', 'ClusterRole', dev))).toBe(false);
    expect(isDefaultBinding(binding('kubeadm:x', {}, 'kube-system', 'ClusterRole', { kind: 'ServiceAccount', name: 'app', namespace: 'shop' }))).toBe(false);
  });

  it('kubeadm\'s kube-proxy RoleBinding, but only in kube-system and to a Role', () => {
    expect(isDefaultBinding(binding('kube-proxy', {}, 'kube-system', 'Role', kubeProxy))).toBe(true);
    expect(isDefaultBinding(binding('kube-proxy', {}, 'kube-system', 'ClusterRole'))).toBe(false);
    expect(isDefaultBinding(binding('kube-proxy', {}, 'default', 'Role'))).toBe(false);
  });
});
