import type { ObjectSource } from './location.js';

/** A Kubernetes object as loaded from a manifest or a cluster. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** Effective namespace: `metadata.namespace`, or `default` for a namespaced kind without one. */
  namespace: string | undefined;
  /** Whether the manifest itself names the namespace. */
  namespaceExplicit: boolean;
  /** The whole object, as parsed. Read-only by convention. */
  raw: Record<string, unknown>;
  source: ObjectSource;
}

/** How findings and outputs name an object. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Kinds that have no namespace (built-in API groups and the common add-ons). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService', 'PriorityClass',
  'RuntimeClass', 'IngressClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding', 'CertificateSigningRequest', 'PodSecurityPolicy', 'ComponentStatus',
  'FlowSchema', 'PriorityLevelConfiguration', 'ClusterTrustBundle', 'IPAddress', 'ServiceCIDR',
  'DeviceClass', 'ResourceSlice', 'VolumeAttributesClass', 'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy', 'ClusterSecretStore', 'ClusterExternalSecret', 'ClusterIssuer',
  'GatewayClass', 'TokenReview', 'SelfSubjectReview', 'SelfSubjectAccessReview',
  'SelfSubjectRulesReview', 'SubjectAccessReview',
  // Configuration files of components and clients: they have a kind but live outside any namespace.
  'Config', 'Policy', 'EncryptionConfiguration', 'KubeletConfiguration', 'AdmissionConfiguration',
  'KubeProxyConfiguration', 'KubeSchedulerConfiguration', 'ClusterConfiguration', 'InitConfiguration',
  'JoinConfiguration', 'AuthenticationConfiguration', 'AuthorizationConfiguration', 'PodSecurityConfiguration',
  // kubeward's objects for a node's files, etcd's config file and the kubelet's command line, and the pre-1.13 encryption config kind.
  'NodeFile', 'EtcdConfiguration', 'KubeletFlags', 'EncryptionConfig',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

export function objectRef(obj: KubeObject): ObjectRef {
  return obj.namespace !== undefined
    ? { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.namespace, name: obj.name }
    : { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.name };
}

/** `Kind/namespace/name` or `Kind/name`: how messages and logs name an object. */
export function objectLabel(ref: ObjectRef): string {
  return ref.namespace !== undefined ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A string-to-string map such as labels; anything else yields an empty map. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function metadataOf(obj: KubeObject): Record<string, unknown> {
  return isRecord(obj.raw.metadata) ? obj.raw.metadata : {};
}

export function labelsOf(obj: KubeObject): Record<string, string> {
  return stringMap(metadataOf(obj).labels);
}

export function annotationsOf(obj: KubeObject): Record<string, string> {
  return stringMap(metadataOf(obj).annotations);
}

/** Builds a KubeObject from a parsed document; undefined when it lacks apiVersion or kind. */
export function toKubeObject(raw: Record<string, unknown>, source: ObjectSource): KubeObject | undefined {
  const { apiVersion, kind } = raw;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') return undefined;
  const meta = isRecord(raw.metadata) ? raw.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}*` : '';
  const explicit = typeof meta.namespace === 'string' && meta.namespace !== '';
  const namespace = isClusterScoped(kind) ? undefined : explicit ? (meta.namespace as string) : 'default';
  return { apiVersion, kind, name, namespace, namespaceExplicit: explicit, raw, source };
}
