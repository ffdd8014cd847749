import { parse } from 'yaml';
import { getAt, isRecord, objectLabel, objectRef, type KubeObject, type ObjectSet, type Path } from '../../../model/index.js';

/**
 * A kubelet's configuration file (KubeletConfiguration, kubelet.config.k8s.io), from a file or from
 * the `kubelet` key of the kubeadm ConfigMap `kube-system/kubelet-config` (`kubelet-config-1.x`
 * before 1.24). Values missing from the file take the v1beta1 defaults, which are the secure ones
 * (anonymous off, Webhook authorization, read-only port 0); the insecure command-line defaults
 * apply only to a kubelet run without a config file.
 */
export interface KubeletConfig {
  obj: KubeObject;
  /** The configuration itself (for a ConfigMap, parsed from its `data.kubelet` text). */
  config: Record<string, unknown>;
  /** For a ConfigMap, findings point at `data.kubelet`; for a file, at the field. */
  embedded: boolean;
  label: string;
}

/** Defaults of KubeletConfiguration v1beta1 (k8s.io/kubelet config/v1beta1, SetDefaults_KubeletConfiguration). */
export const KUBELET_CONFIG_DEFAULTS: Readonly<Record<string, unknown>> = {
  'authentication.anonymous.enabled': false,
  'authentication.webhook.enabled': true,
  'authorization.mode': 'Webhook',
  'authentication.x509.clientCAFile': '',
  readOnlyPort: 0,
  streamingConnectionIdleTimeout: '4h0m0s',
  rotateCertificates: false,
  serverTLSBootstrap: false,
  seccompDefault: false,
  makeIPTablesUtilChains: true,
  protectKernelDefaults: false,
};

/** A field's effective value and where a finding about it points. */
export interface KubeletField {
  value: unknown;
  /** Whether the file sets it (otherwise `value` is the default). */
  set: boolean;
  path: Path;
}

/** Reads a dotted field (`authentication.anonymous.enabled`) with its default. */
export function kubeletField(k: KubeletConfig, dotted: string): KubeletField {
  const segs = dotted.split('.');
  const value = getAt(k.config, segs);
  const set = value !== undefined && value !== null;
  return { value: set ? value : KUBELET_CONFIG_DEFAULTS[dotted], set, path: k.embedded ? ['data', 'kubelet'] : segs };
}

const isKubeletConfig = (v: unknown): v is Record<string, unknown> =>
  isRecord(v) && v.kind === 'KubeletConfiguration' && typeof v.apiVersion === 'string' && v.apiVersion.startsWith('kubelet.config.k8s.io/');

/** Every kubelet configuration in the input: KubeletConfiguration objects and kubeadm's kubelet-config ConfigMaps. */
export function kubeletConfigs(set: ObjectSet): KubeletConfig[] {
  const out: KubeletConfig[] = [];
  for (const obj of set.ofKind('KubeletConfiguration')) {
    if (isKubeletConfig(obj.raw)) out.push({ obj, config: obj.raw, embedded: false, label: obj.name !== '' ? `KubeletConfiguration/${obj.name}` : 'KubeletConfiguration' });
  }
  for (const obj of set.ofKind('ConfigMap')) {
    if (obj.namespace !== 'kube-system' || !/^kubelet-config(-\d+\.\d+)?$/.test(obj.name)) continue;
    const text = isRecord(obj.raw.data) ? obj.raw.data.kubelet : undefined;
    if (typeof text !== 'string') continue;
    let config: unknown;
    try {
      config = parse(text, { version: '1.1' });
    } catch {
      continue;
    }
    if (isKubeletConfig(config)) out.push({ obj, config, embedded: true, label: objectLabel(objectRef(obj)) });
  }
  return out;
}

/** Go's time.ParseDuration for what kubelet configs hold (`4h0m0s`, `5m`, `0`), in seconds; undefined when unreadable. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value === 0 ? 0 : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^[+-]?0+(\.0*)?$/.test(text)) return 0;
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, '\u00b5s': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * units[m[2]!]!;
    pos = re.lastIndex;
  }
  return pos === text.length && pos > 0 ? total : undefined;
}
