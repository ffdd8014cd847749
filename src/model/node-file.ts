import { isRecord, type KubeObject } from './object.js';

/**
 * A file or folder on a control-plane node, as `kubeward scan --node` saw it: an ordinary object
 * (`apiVersion: kubeward.io/v1`, `kind: NodeFile`, named by its absolute path on the node) so that
 * file rules are ordinary rules. Its location is the file itself, line 1.
 */
export const NODE_FILE_API_VERSION = 'kubeward.io/v1';
export const NODE_FILE_KIND = 'NodeFile';

/**
 * An etcd `--config-file` (plain YAML without apiVersion and kind) loaded as an object of this kind,
 * named by its path on the node, with the file's own keys and lines.
 */
export const ETCD_CONFIG_KIND = 'EtcdConfiguration';

/** One certificate of a PEM file: what expiry and CA checks need, never key material. */
export interface NodeFileCertificate {
  subject: string;
  issuer: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER encoding, `AB:CD:...`, to tell whether two files hold the same certificate. */
  fingerprint256: string;
  isCA: boolean;
}

export type NodeFileType = 'file' | 'directory' | 'other' | 'missing';

/** The `spec` of a NodeFile. */
export interface NodeFileSpec {
  /** Absolute path on the node (`/etc/kubernetes/admin.conf`), whatever `--root` was. */
  path: string;
  type: NodeFileType;
  /** Permission bits as four octal digits, e.g. `0600`. */
  mode?: string;
  uid?: number;
  gid?: number;
  /** User and group names from the node's own /etc/passwd and /etc/group, when they name the ids. */
  owner?: string;
  group?: string;
  /** Certificates found in a PEM file, in file order. */
  certificates?: NodeFileCertificate[];
  /** The file holds a PEM private key (only the fact is kept). */
  privateKey?: boolean;
}

export function isNodeFile(obj: KubeObject): boolean {
  return obj.kind === NODE_FILE_KIND && obj.apiVersion === NODE_FILE_API_VERSION;
}

/** The spec of a NodeFile object; undefined for any other object or a malformed one. */
export function nodeFileSpec(obj: KubeObject): NodeFileSpec | undefined {
  if (!isNodeFile(obj) || !isRecord(obj.raw.spec)) return undefined;
  const spec = obj.raw.spec as unknown as NodeFileSpec;
  return typeof spec.path === 'string' && typeof spec.type === 'string' ? spec : undefined;
}

/** Permission bits of a mode string (`0640` -> 0o640); undefined when absent or malformed. */
export function modeBits(mode: string | undefined): number | undefined {
  return mode !== undefined && /^[0-7]{3,4}$/.test(mode) ? parseInt(mode, 8) : undefined;
}

/**
 * Where a path a container reads lives on the host: through the container's `volumeMounts` of
 * `hostPath` volumes (the deepest mount wins, as nested mounts shadow their parents; `subPath`
 * honoured). Undefined when the path is not on a hostPath mount (it is in the image or another
 * volume). Relative paths are taken from `/`.
 */
export function hostPathOfContainerPath(container: Record<string, unknown>, podSpec: Record<string, unknown>, containerPath: string): string | undefined {
  const abs = posixResolve(containerPath);
  const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  let best: { host: string; length: number } | undefined;
  for (const m of mounts) {
    if (!isRecord(m) || typeof m.mountPath !== 'string' || typeof m.name !== 'string') continue;
    const mountPath = posixResolve(m.mountPath);
    const under = mountPath === '/' ? abs : abs === mountPath || abs.startsWith(`${mountPath}/`) ? abs.slice(mountPath.length) : undefined;
    if (under === undefined || (best && mountPath.length <= best.length)) continue;
    const vol = volumes.find((v) => isRecord(v) && v.name === m.name);
    const hostPath = isRecord(vol) && isRecord(vol.hostPath) && typeof vol.hostPath.path === 'string' ? vol.hostPath.path : undefined;
    // A deeper mount of another volume type hides any hostPath mount above it.
    const sub = typeof m.subPath === 'string' && m.subPath !== '' ? `/${m.subPath}` : '';
    best = { host: hostPath === undefined ? '' : posixResolve(`${hostPath}${sub}/${under}`), length: mountPath.length };
  }
  return best && best.host !== '' ? best.host : undefined;
}

/** POSIX path resolution from `/` without node:path (the model imports nothing). */
function posixResolve(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}
