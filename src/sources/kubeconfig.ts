/**
 * Reading kubeconfig files for the credential audit: the files kubectl would read, their objects
 * (with exact locations, through the manifest loader), their permission bits, and the files their
 * users reference. Of referenced files only client certificates are read (they are public);
 * keys and token files are only stat'ed.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isRecord, type KubeObject, type ScanError, type ScanNote } from '../model/index.js';
import { displayPath } from './files.js';
import { parseManifests, StringPool } from './yaml-documents.js';

/** Kubeconfigs are small; anything bigger is not one. */
const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;
const MAX_CERTIFICATE_BYTES = 1024 * 1024;

/** A file a kubeconfig user refers to. */
export interface ReferencedFileFacts {
  mode?: number;
  /** Text of a referenced client certificate. */
  certificate?: string;
  error?: string;
}

export interface KubeconfigLoad {
  /** The `kind: Config` objects, one per kubeconfig document. */
  objects: KubeObject[];
  errors: ScanError[];
  notes: ScanNote[];
  /** Files read, as findings name them. */
  files: string[];
  /** Permission bits (`mode & 0o777`) by file name as findings carry it; absent on Windows. */
  modes: Record<string, number>;
  /** Referenced files by `<kubeconfig file name>\u0000<path as written>`. */
  referenced: Record<string, ReferencedFileFacts>;
}

/**
 * The kubeconfig files kubectl reads: every entry of `$KUBECONFIG` (separated by `:`, `;` on
 * Windows; empty entries skipped, duplicates once), else `~/.kube/config`.
 */
export function defaultKubeconfigPaths(env: NodeJS.ProcessEnv, home: string | undefined, delimiter: string = path.delimiter): string[] {
  const list = env.KUBECONFIG;
  if (list !== undefined && list.trim() !== '') {
    return [...new Set(list.split(delimiter).filter((p) => p !== ''))];
  }
  return home ? [path.join(home, '.kube', 'config')] : [];
}

function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (e as Error)?.message ?? String(e);
}

export interface KubeconfigLoadOptions {
  cwd?: string;
  platform?: NodeJS.Platform;
  /**
   * The inputs come from `$KUBECONFIG` or the default path: like kubectl, skip files that do not
   * exist (with a note) instead of failing.
   */
  skipMissing?: boolean;
}

/** Loads kubeconfig files; problems become errors, never exceptions. */
export function loadKubeconfigs(inputs: readonly string[], options: KubeconfigLoadOptions = {}): KubeconfigLoad {
  const cwd = options.cwd ?? process.cwd();
  const withModes = (options.platform ?? process.platform) !== 'win32';
  const out: KubeconfigLoad = { objects: [], errors: [], notes: [], files: [], modes: {}, referenced: {} };
  const pool = new StringPool();
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const name = displayPath(abs, cwd);
    let text: string;
    let mode: number;
    try {
      const stats = statSync(abs);
      if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      if (stats.size > MAX_KUBECONFIG_BYTES) {
        out.errors.push({ file: name, message: `file is larger than ${MAX_KUBECONFIG_BYTES / 1024 / 1024} MB: not a kubeconfig; skipped` });
        continue;
      }
      mode = stats.mode & 0o777;
      text = readFileSync(abs, 'utf8');
    } catch (e) {
      if (options.skipMissing && (e as NodeJS.ErrnoException)?.code === 'ENOENT') out.notes.push({ file: name, message: 'no such file; skipped, as kubectl does' });
      else out.errors.push({ file: name, message: `cannot read kubeconfig: ${fsReason(e)}` });
      continue;
    }
    out.files.push(name);
    if (withModes) out.modes[name] = mode;
    const parsed = parseManifests(text, name, pool);
    out.errors.push(...parsed.errors);
    out.notes.push(...parsed.notes);
    const configs = parsed.objects.filter((o) => o.kind === 'Config' && o.apiVersion === 'v1');
    if (configs.length === 0 && parsed.errors.length === 0) {
      out.errors.push({ file: name, message: 'not a kubeconfig: no document with apiVersion: v1 and kind: Config' });
      continue;
    }
    for (const obj of configs) {
      // A kubeconfig has no name or namespace of its own: findings name it by its file.
      obj.namespace = undefined;
      obj.name = name;
      out.objects.push(obj);
      readReferences(obj, name, path.dirname(abs), withModes, out.referenced);
    }
  }
  return out;
}

/** Stats (and for certificates reads) the files the users of one kubeconfig name. */
function readReferences(obj: KubeObject, file: string, dir: string, withModes: boolean, into: Record<string, ReferencedFileFacts>): void {
  const users = Array.isArray(obj.raw.users) ? obj.raw.users : [];
  for (const entry of users) {
    const user = isRecord(entry) && isRecord(entry.user) ? entry.user : undefined;
    if (!user) continue;
    for (const field of ['client-certificate', 'client-key', 'tokenFile']) {
      const written = user[field];
      if (typeof written !== 'string' || written === '') continue;
      const key = `${file}\u0000${written}`;
      if (into[key]) continue;
      // kubectl resolves relative paths against the kubeconfig's own folder.
      const abs = path.resolve(dir, written);
      const facts: ReferencedFileFacts = {};
      try {
        const stats = statSync(abs);
        if (withModes) facts.mode = stats.mode & 0o777;
        if (field === 'client-certificate') {
          if (stats.size > MAX_CERTIFICATE_BYTES) facts.error = 'file too large for a certificate';
          else facts.certificate = readFileSync(abs, 'utf8');
        }
      } catch (e) {
        facts.error = fsReason(e);
      }
      into[key] = facts;
    }
  }
}
