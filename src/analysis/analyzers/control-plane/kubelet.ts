import { parse } from 'yaml';
import { getAt, isRecord, objectLabel, objectRef, type KubeObject, type ObjectSet, type Path } from '../../../model/index.js';
import { parseFlags, type ArgToken, type FlagSet } from './flags.js';

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
  /**
   * The node's KubeletFlags object (`kubeward scan --node`): its flags override the config file.
   * When it is `obj` itself, the kubelet runs without a config file.
   */
  flags?: KubeObject;
}

/** Kind of the object `kubeward scan --node` makes of the kubelet's command line (apiVersion kubeward.io/v1). */
export const KUBELET_FLAGS_KIND = 'KubeletFlags';

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

/**
 * What a kubelet started without `--config` begins with before its flags apply: the v1beta1
 * defaults with the legacy command-line ones over them (cmd/kubelet/app/options,
 * applyLegacyDefaults): anonymous requests on, token webhook off, AlwaysAllow, read-only port 10255.
 */
export const KUBELET_COMMAND_LINE_DEFAULTS: Readonly<Record<string, unknown>> = {
  ...KUBELET_CONFIG_DEFAULTS,
  'authentication.anonymous.enabled': true,
  'authentication.webhook.enabled': false,
  'authorization.mode': 'AlwaysAllow',
  readOnlyPort: 10255,
};

type FlagType = 'bool' | 'int32' | 'string' | 'duration' | 'list';

/**
 * Deprecated but accepted kubelet flags that set a KubeletConfiguration field, with their pflag
 * types (cmd/kubelet/app/options/options.go, AddKubeletConfigFlags; `--seccomp-default` is a
 * KubeletFlags field in some releases, a config field in others: the same setting either way).
 */
export const KUBELET_FLAG_FIELDS: Readonly<Record<string, { flag: string; type: FlagType }>> = {
  'authentication.anonymous.enabled': { flag: 'anonymous-auth', type: 'bool' },
  'authentication.webhook.enabled': { flag: 'authentication-token-webhook', type: 'bool' },
  'authentication.x509.clientCAFile': { flag: 'client-ca-file', type: 'string' },
  'authorization.mode': { flag: 'authorization-mode', type: 'string' },
  readOnlyPort: { flag: 'read-only-port', type: 'int32' },
  streamingConnectionIdleTimeout: { flag: 'streaming-connection-idle-timeout', type: 'duration' },
  rotateCertificates: { flag: 'rotate-certificates', type: 'bool' },
  serverTLSBootstrap: { flag: 'rotate-server-certificates', type: 'bool' },
  makeIPTablesUtilChains: { flag: 'make-iptables-util-chains', type: 'bool' },
  protectKernelDefaults: { flag: 'protect-kernel-defaults', type: 'bool' },
  seccompDefault: { flag: 'seccomp-default', type: 'bool' },
  eventRecordQPS: { flag: 'event-qps', type: 'int32' },
  tlsCertFile: { flag: 'tls-cert-file', type: 'string' },
  tlsPrivateKeyFile: { flag: 'tls-private-key-file', type: 'string' },
  tlsCipherSuites: { flag: 'tls-cipher-suites', type: 'list' },
  tlsMinVersion: { flag: 'tls-min-version', type: 'string' },
};

/**
 * Boolean flags of the kubelet (cmd/kubelet/app/options, the component-base logging flags among
 * them): pflag lets them stand alone (`--flag` means true) and never takes the next word as their
 * value. A flag missing here is still read right in the `--name=value` form.
 */
export const KUBELET_BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  'anonymous-auth', 'authentication-token-webhook', 'rotate-certificates', 'rotate-server-certificates',
  'make-iptables-util-chains', 'protect-kernel-defaults', 'seccomp-default', 'fail-swap-on', 'enable-server',
  'enable-debugging-handlers', 'cgroups-per-qos', 'enable-controller-attach-detach', 'register-node',
  'register-schedulable', 'exit-on-lock-contention', 'runonce', 'contention-profiling', 'cpu-cfs-quota',
  'serialize-image-pulls', 'keep-terminated-pod-volumes', 'kernel-memcg-notification', 'local-storage-capacity-isolation',
  'fail-cgroupv1', 'enable-load-reader', 'help', 'version', 'alsologtostderr', 'logtostderr', 'one-output',
  'skip-headers', 'skip-log-headers', 'add-dir-header',
]);

/** strconv.ParseInt(s, 0, 32), as pflag's Int32 reads: decimal, 0x, 0o, 0b, leading-0 octal, underscores. */
function goInt32(text: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2]!.replace(/_/g, '');
  const base = /^0[xX]/.test(digits) ? 16 : /^0[oO]/.test(digits) ? 8 : /^0[bB]/.test(digits) ? 2 : digits.length > 1 && digits.startsWith('0') ? 8 : 10;
  const body = base === 10 || (base === 8 && !/^0[oO]/.test(digits)) ? digits : digits.slice(2);
  const n = parseInt(body, base) * (m[1] === '-' ? -1 : 1);
  return Number.isSafeInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 ? n : undefined;
}

/**
 * A flag's value as the config field's value; undefined when the kubelet would refuse it (it then
 * does not start) or the flag is absent. Also gives the occurrence that decides it.
 */
function flagValue(flags: FlagSet, name: string, type: FlagType): { value: unknown; path: Path } | undefined {
  if (type === 'list') {
    const list = flags.list(name);
    const last = flags.last(name);
    return list && last ? { value: list.values, path: last.valuePath } : undefined;
  }
  if (type === 'bool') {
    const b = flags.bool(name);
    return b.value !== undefined && b.occurrence ? { value: b.value, path: b.occurrence.valuePath } : undefined;
  }
  const occ = flags.last(name);
  // A non-boolean flag without a value: pflag says "flag needs an argument" and the kubelet stops.
  if (occ?.value === undefined) return undefined;
  const value = type === 'int32' ? goInt32(occ.value) : occ.value;
  return value === undefined ? undefined : { value, path: occ.valuePath };
}

const parsed = new WeakMap<KubeObject, FlagSet>();

/**
 * The command line of a KubeletFlags object (`spec.args`), parsed as the kubelet's pflag does,
 * with the same parser as the control-plane components. Parsed once per object.
 */
export function kubeletFlagSet(obj: KubeObject): FlagSet {
  let flags = parsed.get(obj);
  if (!flags) {
    const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
    const tokens: ArgToken[] = [];
    if (Array.isArray(spec.args)) spec.args.forEach((a, i) => typeof a === 'string' && tokens.push({ text: a, path: ['spec', 'args', i] }));
    flags = parseFlags(tokens, { syntax: 'pflag', booleans: KUBELET_BOOLEAN_FLAGS });
    parsed.set(obj, flags);
  }
  return flags;
}

/** A field's effective value and where a finding about it points: `path` inside `obj`. */
export interface KubeletField {
  value: unknown;
  /** Whether a flag or the file sets it (otherwise `value` is the default). */
  set: boolean;
  /** The command-line flag that sets it (`read-only-port`), when one does: flags override the file. */
  flag?: string;
  /** The object to report on: the config (file or ConfigMap), or the KubeletFlags object when a flag sets the value. */
  obj: KubeObject;
  path: Path;
}

/**
 * Reads a dotted field (`authentication.anonymous.enabled`): from the kubelet's command-line flag
 * for it when there is one (flags override the config file), else from the config, else its
 * default (the command-line defaults for a kubelet without a config file).
 */
export function kubeletField(k: KubeletConfig, dotted: string): KubeletField {
  const mapping = KUBELET_FLAG_FIELDS[dotted];
  if (k.flags && mapping) {
    const found = flagValue(kubeletFlagSet(k.flags), mapping.flag, mapping.type);
    if (found) return { value: found.value, set: true, flag: mapping.flag, obj: k.flags, path: found.path };
  }
  if (k.flags === k.obj) {
    const defaults = KUBELET_COMMAND_LINE_DEFAULTS[dotted];
    return { value: defaults, set: false, obj: k.obj, path: ['spec', 'args'] };
  }
  const segs = dotted.split('.');
  const value = getAt(k.config, segs);
  const set = value !== undefined && value !== null;
  return { value: set ? value : KUBELET_CONFIG_DEFAULTS[dotted], set, obj: k.obj, path: k.embedded ? ['data', 'kubelet'] : segs };
}

/** How messages give a field's value: `10255`, `10255 (--read-only-port)`, or `not set (default 0)`. */
export function kubeletValueText(f: KubeletField): string {
  const json = JSON.stringify(f.value);
  return f.flag !== undefined ? `${json} (--${f.flag})` : f.set ? json : `not set (default ${json})`;
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

/**
 * Lays each node's kubelet flags over its config (`kubeward scan --node`). The kubelet reads the
 * file its `--config` names; without `--config` it reads none and starts from the command-line
 * defaults, so the node's config files are not its configuration. `configAt` gives the
 * KubeletConfiguration loaded from a node path.
 */
export function withKubeletFlags(
  configs: readonly KubeletConfig[], set: ObjectSet, configAt: (nodePath: string) => KubeObject | undefined,
): KubeletConfig[] {
  let out = [...configs];
  for (const flags of set.ofKind(KUBELET_FLAGS_KIND)) {
    if (flags.apiVersion !== 'kubeward.io/v1') continue;
    const configPath = kubeletFlagSet(flags).string('config')?.value;
    if (configPath !== undefined && configPath !== '') {
      const config = configAt(configPath);
      // A --config file that is not there stops the kubelet: nothing to judge, as without any config.
      out = out.map((k) => (config !== undefined && k.obj === config ? { ...k, flags } : k));
    } else {
      out = out.filter((k) => k.embedded);
      out.push({ obj: flags, config: {}, embedded: false, label: `${KUBELET_FLAGS_KIND}/${flags.name}`, flags });
    }
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
