/**
 * A kubeadm cluster's own RBAC (bootstrap roles and bindings as a cluster dump shows them) must give
 * no access finding: only what people add is worth reporting.
 */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../engine.js';
import { emptyConfig, ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { allRules } from '../index.js';

const DEFAULTS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function crb(name: string, role: string, subjects: object[], labels: object = DEFAULTS): object {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name, labels }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects };
}

function rb(namespace: string, name: string, roleKind: string, role: string, subjects: object[], labels: object = {}): object {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace, labels }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role }, subjects };
}

const group = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });
const user = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });
const sa = (namespace: string, name: string) => ({ kind: 'ServiceAccount', name, namespace });

const objects: object[] = [
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cluster-admin', labels: DEFAULTS }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }] },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:controller:clusterrole-aggregation-controller', labels: DEFAULTS },
    rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate', 'get', 'list', 'patch', 'update', 'watch'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:controller:generic-garbage-collector', labels: DEFAULTS },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['delete', 'get', 'list', 'patch', 'update', 'watch'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:controller:replicaset-controller', labels: DEFAULTS },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'list', 'patch', 'watch'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:controller:certificate-controller', labels: DEFAULTS },
    rules: [
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval', 'certificatesigningrequests/status'], verbs: ['update'] },
      { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['kubernetes.io/kube-apiserver-client-kubelet'], verbs: ['approve'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:kube-controller-manager', labels: DEFAULTS },
    rules: [{ apiGroups: [''], resources: ['secrets', 'serviceaccounts'], verbs: ['create'] }, { apiGroups: ['*'], resources: ['*'], verbs: ['list', 'watch'] }],
  },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'kubeadm:get-nodes' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] },
  crb('cluster-admin', 'cluster-admin', [group('system:masters')]),
  crb('system:basic-user', 'system:basic-user', [group('system:authenticated')]),
  crb('system:discovery', 'system:discovery', [group('system:authenticated')]),
  crb('system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
  crb('system:service-account-issuer-discovery', 'system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
  crb('system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')]),
  crb('system:controller:clusterrole-aggregation-controller', 'system:controller:clusterrole-aggregation-controller', [sa('kube-system', 'clusterrole-aggregation-controller')]),
  crb('system:controller:generic-garbage-collector', 'system:controller:generic-garbage-collector', [sa('kube-system', 'generic-garbage-collector')]),
  crb('system:controller:replicaset-controller', 'system:controller:replicaset-controller', [sa('kube-system', 'replicaset-controller')]),
  crb('system:controller:certificate-controller', 'system:controller:certificate-controller', [sa('kube-system', 'certificate-controller')]),
  crb('kubeadm:cluster-admins', 'cluster-admin', [group('kubeadm:cluster-admins')], {}),
  crb('kubeadm:get-nodes', 'kubeadm:get-nodes', [group('system:bootstrappers:kubeadm:default-node-token')], {}),
  crb('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [group('system:bootstrappers:kubeadm:default-node-token')], {}),
  crb('kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [group('system:bootstrappers:kubeadm:default-node-token')], {}),
  crb('kubeadm:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [group('system:nodes')], {}),
  crb('kubeadm:node-proxier', 'system:node-proxier', [sa('kube-system', 'kube-proxy')], {}),
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'kubeadm:bootstrap-signer-clusterinfo', namespace: 'kube-public' }, rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['cluster-info'], verbs: ['get'] }] },
  rb('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', 'Role', 'kubeadm:bootstrap-signer-clusterinfo', [user('system:anonymous')]),
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'system:controller:bootstrap-signer', namespace: 'kube-system', labels: DEFAULTS }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }] },
  rb('kube-system', 'system:controller:bootstrap-signer', 'Role', 'system:controller:bootstrap-signer', [sa('kube-system', 'bootstrap-signer')], DEFAULTS),
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['kube-proxy'], verbs: ['get'] }] },
  rb('kube-system', 'kube-proxy', 'Role', 'kube-proxy', [group('system:bootstrappers:kubeadm:default-node-token')]),
];

describe('a kubeadm cluster\'s default RBAC', () => {
  const parsed = parseManifests(objects.map((o) => JSON.stringify(o)).join('\n---\n'), 'kubeadm-dump.yaml');
  const accessRules = allRules.filter((r) => r.area === 'access');

  it('loads', () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects).toHaveLength(objects.length);
    expect(accessRules.length).toBeGreaterThan(10);
  });

  it('gives no access finding', () => {
    const result = runRules(new ObjectSet(parsed.objects), accessRules, emptyConfig());
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('but the same permissions bound by hand are reported', () => {
    const extra = [
      crb('helm-admin', 'cluster-admin', [sa('kube-system', 'tiller')], {}),
      crb('gc-copy', 'system:controller:generic-garbage-collector', [sa('ops', 'cleaner')], {}),
    ];
    const more = parseManifests([...objects, ...extra].map((o) => JSON.stringify(o)).join('\n---\n'), 'dump.yaml');
    const result = runRules(new ObjectSet(more.objects), accessRules, emptyConfig());
    // The garbage collector's role (* resources; delete, get, list, patch, update, watch) is many
    // risks at once; the default binding of it is the cluster's own, a copy is not.
    expect(result.findings.map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name}`)).toEqual([
      'no-admission-webhook-writes ClusterRole/system:controller:generic-garbage-collector',
      'no-aws-auth-writes ClusterRole/system:controller:generic-garbage-collector',
      'no-csr-approval-access ClusterRole/system:controller:generic-garbage-collector',
      'no-node-proxy-access ClusterRole/system:controller:generic-garbage-collector',
      'no-pod-exec-access ClusterRole/system:controller:generic-garbage-collector',
      'no-role-binding-writes ClusterRole/system:controller:generic-garbage-collector',
      'no-secret-read-access ClusterRole/system:controller:generic-garbage-collector',
      'no-cluster-admin-binding ClusterRoleBinding/helm-admin',
    ]);
    expect(result.findings.every((f) => !f.message.includes('ClusterRoleBinding/system:'))).toBe(true);
  });
});
