/**
 * Where Secrets are used and where they come from: a workload's references to Secrets (volumes,
 * projected volumes, env, envFrom, image pull secrets), the Secrets that external managers create
 * (External Secrets Operator, Sealed Secrets), the Vault Agent injector's annotations, and
 * whether an object was exported from a live cluster.
 */
import {
  containersOf, isRecord, metadataOf, podTemplateOf, volumesOf,
  type ContainerRef, type KubeObject, type ObjectSet, type Path, type PodTemplate,
} from '../../../model/index.js';

/** One env var (`env[].valueFrom.secretKeyRef`) or env block (`envFrom[].secretRef`) taken from a Secret. */
export interface EnvSecretRef {
  from: 'secretKeyRef' | 'secretRef';
  /** The Secret's name. */
  secret: string;
  /** `env[].name`, for a secretKeyRef. */
  variable?: string;
  /** The Secret key, for a secretKeyRef. */
  key?: string;
  /** Path of the `secretKeyRef` or `secretRef` inside the object. */
  path: Path;
}

/** A container's env vars (`env`, in order) and then env blocks (`envFrom`, in order) that come from Secrets. */
export function envSecretRefs(c: ContainerRef): EnvSecretRef[] {
  const out: EnvSecretRef[] = [];
  const env = c.container.env;
  if (Array.isArray(env)) {
    env.forEach((e, i) => {
      if (!isRecord(e) || !isRecord(e.valueFrom) || !isRecord(e.valueFrom.secretKeyRef)) return;
      const ref = e.valueFrom.secretKeyRef;
      if (typeof ref.name !== 'string' || ref.name === '') return;
      out.push({
        from: 'secretKeyRef',
        secret: ref.name,
        ...(typeof e.name === 'string' ? { variable: e.name } : {}),
        ...(typeof ref.key === 'string' ? { key: ref.key } : {}),
        path: [...c.path, 'env', i, 'valueFrom', 'secretKeyRef'],
      });
    });
  }
  const envFrom = c.container.envFrom;
  if (Array.isArray(envFrom)) {
    envFrom.forEach((e, i) => {
      if (!isRecord(e) || !isRecord(e.secretRef) || typeof e.secretRef.name !== 'string' || e.secretRef.name === '') return;
      out.push({ from: 'secretRef', secret: e.secretRef.name, path: [...c.path, 'envFrom', i, 'secretRef'] });
    });
  }
  return out;
}

/** How a pod uses a Secret. */
export type SecretUseKind = 'volume' | 'projected' | 'env' | 'envFrom' | 'imagePullSecret' | 'csiNodePublish';

/** A Secret a workload's pods use, in the workload's namespace. */
export interface SecretUse {
  secret: string;
  namespace: string;
  via: SecretUseKind;
  /** Where the reference is written inside the workload. */
  path: Path;
}

/**
 * Every Secret a workload's pods use: `secret` and `projected` volumes, the node-publish Secret of
 * a CSI volume, `env` and `envFrom` of every container (in container order, see {@link envSecretRefs}),
 * and `imagePullSecrets`; one entry per reference.
 */
export function secretUsesOf(obj: KubeObject): SecretUse[] {
  const tpl = podTemplateOf(obj);
  const namespace = obj.namespace;
  if (!tpl || namespace === undefined) return [];
  const out: SecretUse[] = [];
  const add = (secret: unknown, via: SecretUseKind, path: Path): void => {
    if (typeof secret === 'string' && secret !== '') out.push({ secret, namespace, via, path });
  };
  for (const v of volumesOf(tpl)) {
    if (isRecord(v.volume.secret)) add(v.volume.secret.secretName, 'volume', [...v.path, 'secret', 'secretName']);
    if (isRecord(v.volume.projected) && Array.isArray(v.volume.projected.sources)) {
      v.volume.projected.sources.forEach((s, i) => {
        if (isRecord(s) && isRecord(s.secret)) add(s.secret.name, 'projected', [...v.path, 'projected', 'sources', i, 'secret', 'name']);
      });
    }
    if (isRecord(v.volume.csi) && isRecord(v.volume.csi.nodePublishSecretRef)) {
      add(v.volume.csi.nodePublishSecretRef.name, 'csiNodePublish', [...v.path, 'csi', 'nodePublishSecretRef', 'name']);
    }
  }
  for (const c of containersOf(obj)) {
    for (const r of envSecretRefs(c)) add(r.secret, r.from === 'secretKeyRef' ? 'env' : 'envFrom', r.path);
  }
  const pull = tpl.spec.imagePullSecrets;
  if (Array.isArray(pull)) {
    pull.forEach((p, i) => {
      if (isRecord(p)) add(p.name, 'imagePullSecret', [...tpl.specPath, 'imagePullSecrets', i, 'name']);
    });
  }
  return out;
}

/** The API group of the External Secrets Operator (`ExternalSecret`, `SecretStore`, `ClusterSecretStore`). */
export const EXTERNAL_SECRETS_GROUP = 'external-secrets.io';
/** The API group of the Secrets Store CSI driver's `SecretProviderClass`. */
export const SECRETS_STORE_CSI_GROUP = 'secrets-store.csi.x-k8s.io';

/** The group of an `apiVersion` (`external-secrets.io/v1` -> `external-secrets.io`; `v1` -> ''). */
export function apiGroupOf(obj: KubeObject): string {
  const slash = obj.apiVersion.indexOf('/');
  return slash < 0 ? '' : obj.apiVersion.slice(0, slash);
}

/** A Secret that a manager in the set will create in the cluster, from the object that declares it. */
export interface ManagedSecret {
  namespace: string;
  name: string;
  /** The ExternalSecret or SealedSecret. */
  object: KubeObject;
  /** Where the Secret's name is written (or the object's own name, when the Secret takes it). */
  path: Path;
}

/**
 * Secrets that External Secrets `ExternalSecret`s (`spec.target.name`, by default the
 * ExternalSecret's own name) and Bitnami `SealedSecret`s (the SealedSecret's name) create.
 */
export function managedSecretsOf(set: ObjectSet): ManagedSecret[] {
  const out: ManagedSecret[] = [];
  for (const es of set.ofKind('ExternalSecret')) {
    if (apiGroupOf(es) !== EXTERNAL_SECRETS_GROUP || es.namespace === undefined) continue;
    const spec = isRecord(es.raw.spec) ? es.raw.spec : {};
    const target = isRecord(spec.target) ? spec.target : {};
    if (typeof target.name === 'string' && target.name !== '') {
      out.push({ namespace: es.namespace, name: target.name, object: es, path: ['spec', 'target', 'name'] });
    } else if (es.name !== '') {
      out.push({ namespace: es.namespace, name: es.name, object: es, path: ['metadata', 'name'] });
    }
  }
  for (const ss of set.ofKind('SealedSecret')) {
    if (apiGroupOf(ss) !== 'bitnami.com' || ss.namespace === undefined || ss.name === '') continue;
    out.push({ namespace: ss.namespace, name: ss.name, object: ss, path: ['metadata', 'name'] });
  }
  return out;
}

/** Go's `strconv.ParseBool`, which Vault and its injector use: undefined for anything else. */
export function parseGoBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** The pod annotation that turns the Vault Agent injector on for a pod. */
export const VAULT_AGENT_INJECT = 'vault.hashicorp.com/agent-inject';

/** Whether the Vault Agent injector mutates a workload's pods (`vault.hashicorp.com/agent-inject: "true"`). */
export function isVaultAgentInjected(tpl: PodTemplate): boolean {
  const ann = isRecord(tpl.metadata.annotations) ? tpl.metadata.annotations : {};
  return parseGoBool(ann[VAULT_AGENT_INJECT]) === true;
}

/**
 * Whether an object was exported from a live cluster (`kubectl get -o yaml`) rather than written:
 * it carries the metadata only the API server sets (`uid`, `resourceVersion`, `managedFields`, a
 * `creationTimestamp`; `kubectl create --dry-run -o yaml` writes `creationTimestamp: null`, which
 * does not count), or comes straight from a cluster.
 */
export function isLiveObject(obj: KubeObject): boolean {
  if (obj.source.type === 'reference') return true;
  const meta = metadataOf(obj);
  const set = (v: unknown): boolean => (typeof v === 'string' && v !== '') || v instanceof Date;
  return set(meta.uid) || set(meta.resourceVersion) || set(meta.creationTimestamp)
    || (Array.isArray(meta.managedFields) && meta.managedFields.length > 0);
}
