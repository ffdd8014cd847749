/**
 * What every cluster has without anyone applying it: the default ClusterRoles of the RBAC bootstrap
 * policy (k8s.io/kubernetes `plugin/pkg/auth/authorizer/rbac/bootstrappolicy`, as its
 * `testdata/cluster-roles.yaml` records it), and how to tell the roles and bindings that Kubernetes
 * and kubeadm create from the ones people write.
 *
 * Manifests bind `cluster-admin`, `admin`, `edit` and `view` without defining them, so the engine
 * adds the default definition of a ClusterRole the set references but lacks; a cluster dump
 * carries its own (possibly edited) copies, which always win.
 */
import { labelsOf, toKubeObject, type KubeObject } from '../../../model/index.js';
import type { RbacBinding, RbacRole } from './model.js';

/** `[verbs, apiGroups, resources, resourceNames?]` or `{ urls, verbs }` for non-resource rules. */
type CompactRule = [string[], string[], string[], string[]?] | { urls: string[]; verbs: string[] };

const RW = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];

interface DefaultRole {
  rules?: CompactRule[];
  labels?: Record<string, string>;
  /** Label values selected by the aggregation rule (`rbac.authorization.k8s.io/aggregate-to-<x>`). */
  aggregateFrom?: string;
}

const AGG = 'rbac.authorization.k8s.io/aggregate-to-';

const DEFAULT_CLUSTER_ROLES: Record<string, DefaultRole> = {
  'cluster-admin': { rules: [[['*'], ['*'], ['*']], { urls: ['*'], verbs: ['*'] }] },
  admin: { aggregateFrom: 'admin' },
  edit: { aggregateFrom: 'edit', labels: { [`${AGG}admin`]: 'true' } },
  view: { aggregateFrom: 'view', labels: { [`${AGG}edit`]: 'true' } },
  'system:aggregate-to-admin': {
    labels: { [`${AGG}admin`]: 'true' },
    rules: [
      [['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']],
      [['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']],
    ],
  },
  'system:aggregate-to-edit': {
    labels: { [`${AGG}edit`]: 'true' },
    rules: [
      [READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']],
      [['impersonate'], [''], ['serviceaccounts']],
      [RW, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']],
      [['create'], [''], ['pods/eviction']],
      [RW, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']],
      [['create'], [''], ['serviceaccounts/token']],
      [RW, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']],
      [RW, ['autoscaling'], ['horizontalpodautoscalers']],
      [RW, ['batch'], ['cronjobs', 'jobs']],
      [RW, ['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale']],
      [RW, ['policy'], ['poddisruptionbudgets']],
      [RW, ['networking.k8s.io'], ['ingresses', 'networkpolicies']],
      [['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], ['coordination.k8s.io'], ['leases']],
    ],
  },
  'system:aggregate-to-view': {
    labels: { [`${AGG}view`]: 'true' },
    rules: [
      [READ, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']],
      [READ, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']],
      [READ, [''], ['namespaces']],
      [READ, ['discovery.k8s.io'], ['endpointslices']],
      [READ, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']],
      [READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']],
      [READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']],
      [READ, ['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale']],
      [READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']],
      [READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']],
    ],
  },
  'system:auth-delegator': {
    rules: [[['create'], ['authentication.k8s.io'], ['tokenreviews']], [['create'], ['authorization.k8s.io'], ['subjectaccessreviews']]],
  },
  'system:basic-user': {
    rules: [
      [['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']],
      [['create'], ['authentication.k8s.io'], ['selfsubjectreviews']],
    ],
  },
  'system:discovery': {
    rules: [{ urls: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }],
  },
  'system:public-info-viewer': { rules: [{ urls: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }] },
  'system:service-account-issuer-discovery': { rules: [{ urls: ['/.well-known/openid-configuration', '/openid/v1/jwks'], verbs: ['get'] }] },
  'system:monitoring': {
    rules: [{ urls: ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'], verbs: ['get'] }],
  },
  'system:kubelet-api-admin': {
    rules: [
      [READ, [''], ['nodes']],
      [['proxy'], [''], ['nodes']],
      [['*'], [''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats']],
    ],
  },
  'system:node-bootstrapper': { rules: [[['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']]] },
  'system:certificates.k8s.io:certificatesigningrequests:nodeclient': {
    rules: [[['create'], ['certificates.k8s.io'], ['certificatesigningrequests/nodeclient']]],
  },
  'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient': {
    rules: [[['create'], ['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient']]],
  },
  'system:node-proxier': {
    rules: [
      [['list', 'watch'], [''], ['endpoints', 'services']],
      [READ, [''], ['nodes']],
      [['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']],
      [['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']],
    ],
  },
  'system:persistent-volume-provisioner': {
    rules: [
      [['create', 'delete', 'get', 'list', 'watch'], [''], ['persistentvolumes']],
      [['get', 'list', 'update', 'watch'], [''], ['persistentvolumeclaims']],
      [READ, ['storage.k8s.io'], ['storageclasses']],
      [['watch'], [''], ['events']],
      [['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']],
    ],
  },
  'system:volume-scheduler': {
    rules: [
      [['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumes']],
      [READ, ['storage.k8s.io'], ['storageclasses']],
      [['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumeclaims']],
    ],
  },
  'system:kube-dns': { rules: [[['list', 'watch'], [''], ['endpoints', 'services']]] },
};

/** Names of the ClusterRoles that {@link defaultClusterRoleObjects} can supply. */
export const DEFAULT_CLUSTER_ROLE_NAMES: readonly string[] = Object.keys(DEFAULT_CLUSTER_ROLES);

/** Where a default ClusterRole that the set does not hold "is": no file, a reference. */
export const DEFAULT_ROLE_REF_PREFIX = 'kubernetes-default:';

function expand(rule: CompactRule): Record<string, unknown> {
  if (!Array.isArray(rule)) return { nonResourceURLs: rule.urls, verbs: rule.verbs };
  const [verbs, apiGroups, resources, resourceNames] = rule;
  return { apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) };
}

/** The default ClusterRole of that name as an object, or undefined when Kubernetes has none. */
export function defaultClusterRoleObject(name: string): KubeObject | undefined {
  const def = Object.prototype.hasOwnProperty.call(DEFAULT_CLUSTER_ROLES, name) ? DEFAULT_CLUSTER_ROLES[name] : undefined;
  if (!def) return undefined;
  const raw: Record<string, unknown> = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...def.labels },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    ...(def.aggregateFrom
      ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGG}${def.aggregateFrom}`]: 'true' } }] } }
      : {}),
    rules: (def.rules ?? []).map(expand),
  };
  return toKubeObject(raw, { type: 'reference', ref: `${DEFAULT_ROLE_REF_PREFIX}ClusterRole/${name}` });
}

/** Whether an object is one of the default ClusterRoles the engine supplied (not from the input). */
export function isSuppliedDefault(obj: KubeObject): boolean {
  return obj.source.type === 'reference' && obj.source.ref.startsWith(DEFAULT_ROLE_REF_PREFIX);
}

/**
 * Binding names kubeadm creates (`kubeadm init`), besides its `kubeadm:`-prefixed ones: the
 * kube-proxy RoleBinding in kube-system.
 */
const KUBEADM_ROLE_BINDINGS = new Set(['kube-system/kube-proxy']);

function isSystemName(name: string): boolean {
  return name.startsWith('system:') || name.startsWith('kubeadm:');
}

/**
 * Whether Kubernetes or kubeadm created the role: labelled `kubernetes.io/bootstrapping:
 * rbac-defaults`, named with the reserved `system:` prefix or kubeadm's `kubeadm:`, one of the
 * user-facing defaults (`cluster-admin`, `admin`, `edit`, `view`), or supplied by the engine.
 */
export function isDefaultRole(role: RbacRole): boolean {
  if (role.builtin || isSuppliedDefault(role.object)) return true;
  if (labelsOf(role.object)['kubernetes.io/bootstrapping'] === 'rbac-defaults') return true;
  if (isSystemName(role.name)) return true;
  return role.kind === 'ClusterRole' && ['cluster-admin', 'admin', 'edit', 'view'].includes(role.name);
}

/** Whether a rule's source object (for aggregated rules, the role it is written in) is a default one. */
export function isDefaultRoleObject(obj: KubeObject): boolean {
  if (isSuppliedDefault(obj)) return true;
  if (labelsOf(obj)['kubernetes.io/bootstrapping'] === 'rbac-defaults') return true;
  if (isSystemName(obj.name)) return true;
  return obj.kind === 'ClusterRole' && ['cluster-admin', 'admin', 'edit', 'view'].includes(obj.name);
}

/**
 * Subjects the defaults bind to: Kubernetes' own users and groups (`system:...`), kubeadm's
 * groups (`kubeadm:...`), and ServiceAccounts of kube-system.
 */
function isSystemSubject(s: { kind: string; name: string; namespace?: string }): boolean {
  if (s.kind === 'ServiceAccount') return s.namespace === 'kube-system';
  return isSystemName(s.name);
}

/**
 * Whether Kubernetes or kubeadm created the binding: labelled `kubernetes.io/bootstrapping:
 * rbac-defaults`, named `system:...` (a prefix reserved for Kubernetes) or `kubeadm:...`, or
 * kubeadm's `kube-proxy` RoleBinding in kube-system, and binding only system subjects. Anyone who
 * can create bindings can also pick such a name or label, so a binding that grants to an ordinary
 * user, group or ServiceAccount is never treated as a default, whatever it is called.
 */
export function isDefaultBinding(binding: RbacBinding): boolean {
  if (!binding.subjects.every(isSystemSubject)) return false;
  if (labelsOf(binding.object)['kubernetes.io/bootstrapping'] === 'rbac-defaults') return true;
  if (isSystemName(binding.name)) return true;
  return binding.namespace !== undefined && KUBEADM_ROLE_BINDINGS.has(`${binding.namespace}/${binding.name}`) && binding.roleRef.kind === 'Role';
}
