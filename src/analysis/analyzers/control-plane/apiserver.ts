import { isRecord, type KubeObject, type Path } from '../../../model/index.js';
import type { ComponentInstance } from './components.js';

/** What the API server helpers need from the control-plane analysis. */
export interface ConfigLookup {
  configAt(inst: ComponentInstance, containerPath: string, kind: string): KubeObject | undefined;
}

/** An authorizer in the API server's chain, and where it is configured. */
export interface Authorizer {
  type: string;
  obj: KubeObject;
  path: Path;
}

export type Authorizers =
  | { kind: 'flag' | 'config'; authorizers: Authorizer[]; file?: string }
  | { kind: 'default' }
  | { kind: 'unavailable'; reason: string };

/**
 * The API server's authorizer chain: from `--authorization-config` (an AuthorizationConfiguration,
 * whose authorizers carry a `type`) when set, else from `--authorization-mode`, else the default
 * AlwaysAllow.
 */
export function authorizersOf(inst: ComponentInstance, cp: ConfigLookup): Authorizers {
  const configFlag = inst.flags.string('authorization-config');
  if (configFlag && configFlag.value !== '') {
    const obj = cp.configAt(inst, configFlag.value, 'AuthorizationConfiguration');
    if (!obj) return { kind: 'unavailable', reason: `authorization is configured in ${configFlag.value} (--authorization-config), which is not in the input` };
    const list = Array.isArray(obj.raw.authorizers) ? obj.raw.authorizers : [];
    const authorizers: Authorizer[] = [];
    list.forEach((a, i) => {
      if (isRecord(a) && typeof a.type === 'string') authorizers.push({ type: a.type, obj, path: ['authorizers', i, 'type'] });
    });
    return { kind: 'config', authorizers, file: configFlag.value };
  }
  const modes = inst.flags.list('authorization-mode');
  if (!modes || modes.items.length === 0) return { kind: 'default' };
  return { kind: 'flag', authorizers: modes.items.map((m) => ({ type: m.value, obj: inst.obj, path: m.occurrence.path })) };
}


/** A plugin named on the command line, with where. */
export interface NamedPlugin {
  name: string;
  path: Path;
}

/** Admission plugins the API server enables by default (Kubernetes 1.31, `kube-apiserver --help`). */
export const DEFAULT_ADMISSION_PLUGINS: ReadonlySet<string> = new Set([
  'NamespaceLifecycle', 'LimitRanger', 'ServiceAccount', 'TaintNodesByCondition', 'PodSecurity', 'Priority',
  'DefaultTolerationSeconds', 'DefaultStorageClass', 'StorageObjectInUseProtection', 'PersistentVolumeClaimResize',
  'RuntimeClass', 'CertificateApproval', 'CertificateSigning', 'ClusterTrustBundleAttest', 'CertificateSubjectRestriction',
  'DefaultIngressClass', 'MutatingAdmissionWebhook', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook', 'ResourceQuota',
]);

/**
 * The API server's admission plugins: `--enable-admission-plugins` adds to the defaults,
 * `--disable-admission-plugins` removes from them (both string slices, repeated flags add up).
 */
export function admissionPlugins(inst: ComponentInstance): {
  enabled: Map<string, NamedPlugin>;
  disabled: Map<string, NamedPlugin>;
  isOn(name: string): boolean;
} {
  const read = (flag: string) => {
    const out = new Map<string, NamedPlugin>();
    for (const item of inst.flags.list(flag)?.items ?? []) if (!out.has(item.value)) out.set(item.value, { name: item.value, path: item.occurrence.path });
    return out;
  };
  const enabled = read('enable-admission-plugins');
  const disabled = read('disable-admission-plugins');
  return {
    enabled,
    disabled,
    isOn: (name) => !disabled.has(name) && (enabled.has(name) || DEFAULT_ADMISSION_PLUGINS.has(name)),
  };
}

/**
 * Cipher suites the CIS benchmark (v1.12, 1.2.29) accepts for the API server: TLS 1.3 suites and
 * ECDHE with AES-GCM or ChaCha20-Poly1305. Everything else is CBC mode, RSA key exchange, 3DES or RC4.
 */
export const STRONG_CIPHER_SUITES: ReadonlySet<string> = new Set([
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
]);
