/**
 * Credential audit of kubeconfig files (`apiVersion: v1`, `kind: Config`), pure over the parsed
 * object plus facts only the file system knows (permission bits, referenced certificate files),
 * which `kubeward kubeconfig` gathers. Nothing here returns or formats a credential: certificates
 * are reduced to subject and validity, tokens to their claims.
 */
import { isRecord, type KubeObject, type Path } from '../../../model/index.js';
import { decodeBase64Field, readCertificate, type CertificateInfo } from './certificates.js';

export { decodeBase64Field, readCertificate, type CertificateInfo } from './certificates.js';
export { readToken, type TokenInfo } from './tokens.js';

/** A file a kubeconfig refers to, as the loader found it. */
export interface ReferencedFile {
  /** Permission bits (`mode & 0o777`). */
  mode?: number;
  /** The text of a referenced client certificate (public: never a key or token). */
  certificate?: string;
  /** Why it could not be read. */
  error?: string;
}

/** What the file system adds to a kubeconfig object. */
export interface KubeconfigFacts {
  /** Permission bits of kubeconfig files, by the file name findings carry. */
  modes: Record<string, number>;
  /** Files kubeconfigs reference, by {@link referenceKey}. */
  referenced: Record<string, ReferencedFile>;
  /** The time to judge expiry at. */
  now: Date;
}

/** Key of a referenced file: the kubeconfig's file name and the path as written in it. */
export function referenceKey(kubeconfigFile: string, written: string): string {
  return `${kubeconfigFile}\u0000${written}`;
}

/** Rule option under which `kubeward kubeconfig` passes {@link KubeconfigFacts} (JSON-safe form). */
export const FACTS_OPTION = 'kubeconfigFacts';

/** Reads the facts from rule options; missing parts are empty, `now` defaults to the clock. */
export function factsFromOptions(options: Readonly<Record<string, unknown>>): KubeconfigFacts {
  const raw = isRecord(options[FACTS_OPTION]) ? options[FACTS_OPTION] : {};
  const modes: Record<string, number> = {};
  if (isRecord(raw.modes)) for (const [k, v] of Object.entries(raw.modes)) if (typeof v === 'number') modes[k] = v;
  const referenced: Record<string, ReferencedFile> = {};
  if (isRecord(raw.referenced)) {
    for (const [k, v] of Object.entries(raw.referenced)) {
      if (!isRecord(v)) continue;
      referenced[k] = {
        ...(typeof v.mode === 'number' ? { mode: v.mode } : {}),
        ...(typeof v.certificate === 'string' ? { certificate: v.certificate } : {}),
        ...(typeof v.error === 'string' ? { error: v.error } : {}),
      };
    }
  }
  const nowText = typeof options.now === 'string' ? options.now : typeof raw.now === 'string' ? raw.now : undefined;
  const now = nowText !== undefined && !Number.isNaN(Date.parse(nowText)) ? new Date(nowText) : new Date();
  return { modes, referenced, now };
}

/** Whether an object is a kubeconfig. */
export function isKubeconfig(obj: KubeObject): boolean {
  return obj.kind === 'Config' && obj.apiVersion === 'v1';
}

/** The file an object was read from, when it was. */
export function fileOf(obj: KubeObject): string | undefined {
  return obj.source.type === 'file' ? obj.source.file : undefined;
}

/** One named entry of `users` or `clusters`, with the path of its inner object. */
export interface NamedEntry {
  index: number;
  name: string;
  value: Record<string, unknown>;
  /** `['users', i, 'user']` or `['clusters', i, 'cluster']`. */
  path: Path;
}

function entries(obj: KubeObject, list: 'users' | 'clusters', inner: 'user' | 'cluster'): NamedEntry[] {
  const raw = obj.raw[list];
  if (!Array.isArray(raw)) return [];
  const out: NamedEntry[] = [];
  raw.forEach((e, index) => {
    if (!isRecord(e) || !isRecord(e[inner])) return;
    out.push({ index, name: typeof e.name === 'string' ? e.name : `#${index}`, value: e[inner], path: [list, index, inner] });
  });
  return out;
}

export function usersOf(obj: KubeObject): NamedEntry[] {
  return isKubeconfig(obj) ? entries(obj, 'users', 'user') : [];
}

export function clustersOf(obj: KubeObject): NamedEntry[] {
  return isKubeconfig(obj) ? entries(obj, 'clusters', 'cluster') : [];
}

/** A user's client certificate, embedded or referenced, read; or why it could not be. */
export interface UserCertificate {
  /** Path of the field it comes from. */
  path: Path;
  /** `client-certificate-data` or the referenced file's path as written. */
  from: string;
  info: CertificateInfo | undefined;
  error?: string;
}

export function userCertificate(obj: KubeObject, user: NamedEntry, facts: KubeconfigFacts): UserCertificate | undefined {
  const data = user.value['client-certificate-data'];
  if (typeof data === 'string' && data.trim() !== '') {
    const path = [...user.path, 'client-certificate-data'];
    const bytes = decodeBase64Field(data);
    if (!bytes) return { path, from: 'client-certificate-data', info: undefined, error: 'client-certificate-data is not base64' };
    const info = readCertificate(bytes);
    return typeof info === 'string' ? { path, from: 'client-certificate-data', info: undefined, error: `client-certificate-data: ${info}` } : { path, from: 'client-certificate-data', info };
  }
  const file = user.value['client-certificate'];
  const kubeconfig = fileOf(obj);
  if (typeof file === 'string' && file !== '' && kubeconfig !== undefined) {
    const path = [...user.path, 'client-certificate'];
    const ref = facts.referenced[referenceKey(kubeconfig, file)];
    if (!ref) return undefined;
    if (ref.certificate === undefined) return { path, from: file, info: undefined, error: `${file}: ${ref.error ?? 'not read'}` };
    const info = readCertificate(ref.certificate);
    return typeof info === 'string' ? { path, from: file, info: undefined, error: `${file}: ${info}` } : { path, from: file, info };
  }
  return undefined;
}

/** `3.5 days`, `12 hours`, `2 years`: a duration people read. */
export function formatHours(hours: number): string {
  if (hours >= 2 * 365 * 24) return `${Math.floor(hours / (365 * 24))} years`;
  if (hours >= 48) return `${Math.floor(hours / 24)} days`;
  if (hours >= 1) return `${Math.round(hours)} hours`;
  return `${Math.max(0, Math.round(hours * 60))} minutes`;
}

/** `2027-11-27 07:00 UTC`. */
export function formatDate(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Permission bits as `0644`. */
export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}
