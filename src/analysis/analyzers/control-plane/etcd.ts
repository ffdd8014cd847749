import { getAt, type KubeObject, type Path } from '../../../model/index.js';
import type { ComponentInstance } from './components.js';
import { parseGoBool } from './flags.js';

/** etcd settings the rules read. */
export type EtcdSettingName =
  | 'cert-file' | 'key-file' | 'client-cert-auth' | 'trusted-ca-file' | 'auto-tls'
  | 'peer-cert-file' | 'peer-key-file' | 'peer-client-cert-auth' | 'peer-trusted-ca-file' | 'peer-auto-tls'
  | 'listen-client-urls' | 'advertise-client-urls' | 'listen-peer-urls' | 'data-dir';

/** Where each setting lives in an etcd `--config-file` (etcd's embed.Config YAML keys). */
const CONFIG_FILE_PATHS: Record<EtcdSettingName, Path> = {
  'cert-file': ['client-transport-security', 'cert-file'],
  'key-file': ['client-transport-security', 'key-file'],
  'client-cert-auth': ['client-transport-security', 'client-cert-auth'],
  'trusted-ca-file': ['client-transport-security', 'trusted-ca-file'],
  'auto-tls': ['client-transport-security', 'auto-tls'],
  'peer-cert-file': ['peer-transport-security', 'cert-file'],
  'peer-key-file': ['peer-transport-security', 'key-file'],
  'peer-client-cert-auth': ['peer-transport-security', 'client-cert-auth'],
  'peer-trusted-ca-file': ['peer-transport-security', 'trusted-ca-file'],
  'peer-auto-tls': ['peer-transport-security', 'auto-tls'],
  'listen-client-urls': ['listen-client-urls'],
  'advertise-client-urls': ['advertise-client-urls'],
  'listen-peer-urls': ['listen-peer-urls'],
  'data-dir': ['data-dir'],
};

/** etcd's defaults for the settings above (embed.NewConfig). */
const DEFAULTS: Partial<Record<EtcdSettingName, string>> = {
  'listen-client-urls': 'http://localhost:2379',
  'advertise-client-urls': 'http://localhost:2379',
  'listen-peer-urls': 'http://localhost:2380',
};

/** The value etcd runs with for one setting, and where it comes from. */
export interface EtcdSetting {
  /** A string from a flag or environment variable, the YAML value from a config file; undefined when unset. */
  value: unknown;
  source: 'flag' | 'env' | 'config-file' | 'default';
  /** Where to report on it: the etcd Pod or the config file. */
  obj: KubeObject;
  path: Path;
  /** How users name where it is set: `--client-cert-auth`, `ETCD_CLIENT_CERT_AUTH`, `client-transport-security.client-cert-auth`. */
  where: string;
}

/** An etcd instance's effective settings: command line, then `ETCD_*` variables, or its config file alone. */
export interface EtcdView {
  inst: ComponentInstance;
  /** The config file etcd reads instead of flags and variables, when it has one. */
  configFile?: { path: string; obj: KubeObject | undefined };
  /** Why the settings cannot be judged (the config file is not in the input); undefined when they can. */
  unavailable: string | undefined;
  get(name: EtcdSettingName): EtcdSetting;
  /** A boolean setting; `invalid` holds a value etcd refuses to start with. */
  bool(name: EtcdSettingName): { value: boolean; setting: EtcdSetting; invalid?: string };
  /** A string setting; undefined when unset or empty. */
  string(name: EtcdSettingName): { value: string; setting: EtcdSetting } | undefined;
}

/** `ETCD_CLIENT_CERT_AUTH` for `client-cert-auth` (etcd's flags.FlagToEnv). */
export function etcdEnvName(flag: string): string {
  return `ETCD_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Resolves etcd's settings the way etcd does: with `--config-file` (or `ETCD_CONFIG_FILE`) set,
 * only the file counts and every other flag and variable is ignored; otherwise a flag wins over
 * its `ETCD_*` variable. `findConfig` returns the config file's object for a path, if loaded.
 */
export function etcdView(inst: ComponentInstance, findConfig: (containerPath: string) => KubeObject | undefined): EtcdView {
  const flagConfig = inst.flags.string('config-file');
  const envConfig = inst.env.get('ETCD_CONFIG_FILE');
  const configPath = flagConfig?.value ?? (envConfig?.value !== undefined && envConfig.value !== '' ? envConfig.value : undefined);
  const configObj = configPath !== undefined ? findConfig(configPath) : undefined;
  const unavailable = configPath !== undefined && !configObj
    ? `etcd reads its settings from --config-file ${configPath}, which is not in the input (scan the node with --node to read it)`
    : undefined;

  const get = (name: EtcdSettingName): EtcdSetting => {
    if (configObj) {
      const p = CONFIG_FILE_PATHS[name];
      const value = getAt(configObj.raw, p);
      const set = value !== undefined && value !== null && value !== '';
      return { value: set ? value : DEFAULTS[name], source: set ? 'config-file' : 'default', obj: configObj, path: p, where: p.join('.') };
    }
    const flag = inst.flags.last(name);
    if (flag) return { value: flag.value ?? 'true', source: 'flag', obj: inst.obj, path: flag.path, where: `--${name}` };
    const env = inst.env.get(etcdEnvName(name));
    if (env && env.value !== undefined && env.value !== '') {
      return { value: env.value, source: 'env', obj: inst.obj, path: env.path, where: etcdEnvName(name) };
    }
    return { value: DEFAULTS[name], source: 'default', obj: inst.obj, path: inst.commandPath, where: `--${name}` };
  };

  return {
    inst,
    configFile: configPath !== undefined ? { path: configPath, obj: configObj } : undefined,
    unavailable,
    get,
    bool(name) {
      const setting = get(name);
      const v = setting.value;
      if (v === undefined) return { value: false, setting };
      if (typeof v === 'boolean') return { value: v, setting };
      const parsed = typeof v === 'string' ? parseGoBool(v) : undefined;
      return parsed === undefined ? { value: false, setting, invalid: String(v) } : { value: parsed, setting };
    },
    string(name) {
      const setting = get(name);
      return typeof setting.value === 'string' && setting.value !== '' ? { value: setting.value, setting } : undefined;
    },
  };
}

/** The URLs of a comma-separated URL list setting (etcd's UniqueURLs), trimmed. */
export function urlList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Whether a URL's host is a loopback address or `localhost` (only local processes can reach it). */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return false;
  }
  if (host === 'localhost' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
