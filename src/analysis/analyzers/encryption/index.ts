import { isRecord, type KubeObject, type ObjectSet, type Path } from '../../../model/index.js';
import { defineAnalyzer } from '../../analyzer.js';

/**
 * EncryptionConfiguration (`--encryption-provider-config`) judged the way kube-apiserver reads it
 * (k8s.io/apiserver `pkg/server/options/encryptionconfig` and its validation):
 *
 * - Each `resources[]` entry is a configuration of its own: its `providers` apply to its `resources`.
 * - A resource's providers are those of the entries naming it exactly (`secrets`, `deployments.apps`),
 *   else of `*.<group>` (`*.` is the core group), else of `*.*`; else it is stored unencrypted.
 *   An exact or group entry after a wildcard that covers it is refused at start-up ("masked by earlier rule").
 * - The first provider of that list encrypts every write; the others only decrypt what is already
 *   stored. `identity` first means plaintext writes, whatever follows.
 */

export const ENCRYPTION_CONFIG_KINDS: readonly string[] = ['EncryptionConfiguration', 'EncryptionConfig'];

export type ProviderType = 'identity' | 'aescbc' | 'aesgcm' | 'secretbox' | 'kms';
const PROVIDER_TYPES: readonly ProviderType[] = ['identity', 'aescbc', 'aesgcm', 'secretbox', 'kms'];

/** One key of an aescbc, aesgcm or secretbox provider. Holds the decoded length, never the key. */
export interface KeyInfo {
  name: string;
  path: Path;
  /** Bytes after base64 decoding; undefined when the secret is missing or not valid base64. */
  length: number | undefined;
}

export interface ProviderInfo {
  type: ProviderType;
  /** Path of the provider's key (`resources[0].providers[1].aescbc`). */
  path: Path;
  keys: KeyInfo[];
  /** For kms: the plugin name and API version (`v1` when not given, as the API server defaults it). */
  kms?: { name: string; apiVersion: string };
  /** Index of the entry this provider belongs to. */
  entry: number;
}

export interface GroupResource {
  group: string;
  resource: string;
}

export interface ResourceEntry {
  index: number;
  path: Path;
  resources: (GroupResource & { text: string; path: Path })[];
  providers: ProviderInfo[];
}

/** Something that makes kube-apiserver refuse the file (and so refuse to start). */
export interface ConfigProblem {
  message: string;
  path: Path;
}

/** How one resource is stored. */
export interface ResourceStorage {
  /** Providers in the order the API server tries them; empty when nothing covers the resource. */
  providers: ProviderInfo[];
  /** How it was matched: an exact entry, `*.<group>`, `*.*`, or none (stored as is). */
  matchedBy: 'exact' | 'group' | 'all' | 'none';
  /** The entry that matched (its resources line is where a finding about it points). */
  entry: ResourceEntry | undefined;
  /** The provider that encrypts writes; undefined or `identity` means plaintext. */
  writer: ProviderInfo | undefined;
}

export interface EncryptionConfigAnalysis {
  obj: KubeObject;
  entries: ResourceEntry[];
  problems: ConfigProblem[];
  storageOf(gr: GroupResource): ResourceStorage;
}

/** kube-apiserver's schema.ParseGroupResource: `secrets` -> core group, `deployments.apps`, `*.`, `*.*`. */
export function parseGroupResource(text: string): GroupResource {
  const dot = text.indexOf('.');
  return dot < 0 ? { group: '', resource: text } : { group: text.slice(dot + 1), resource: text.slice(0, dot) };
}

const AES_KEY_LENGTHS = [16, 24, 32];
const SECRETBOX_KEY_LENGTHS = [32];

/** Decoded length of a base64 key as Go's base64.StdEncoding reads it (padding required, newlines skipped). */
export function decodedKeyLength(secret: string): number | undefined {
  const s = secret.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  return Buffer.from(s, 'base64').length;
}

const keyText = (gr: GroupResource) => `${gr.resource}${gr.group === '' ? '' : `.${gr.group}`}`;

/** Analyses one EncryptionConfiguration object. */
export function analyzeEncryptionConfig(obj: KubeObject): EncryptionConfigAnalysis {
  const entries: ResourceEntry[] = [];
  const problems: ConfigProblem[] = [];
  const list = obj.raw.resources;
  if (!Array.isArray(list) || list.length === 0) problems.push({ message: 'resources is empty: at least one entry is required', path: ['resources'] });
  const kmsNames = new Set<string>();

  (Array.isArray(list) ? list : []).forEach((raw, i) => {
    const path: Path = ['resources', i];
    const entry: ResourceEntry = { index: i, path, resources: [], providers: [] };
    entries.push(entry);
    if (!isRecord(raw)) {
      problems.push({ message: `resources[${i}] is not a mapping`, path });
      return;
    }
    const names = Array.isArray(raw.resources) ? raw.resources : [];
    if (names.length === 0) problems.push({ message: `resources[${i}].resources is empty`, path: [...path, 'resources'] });
    names.forEach((n, j) => {
      const text = String(n);
      const gr = parseGroupResource(text);
      const rpath: Path = [...path, 'resources', j];
      entry.resources.push({ ...gr, text, path: rpath });
      if (text.toLowerCase() !== text) problems.push({ message: `resource "${text}" has capital letters`, path: rpath });
      else if (text === '*') problems.push({ message: 'resource "*" is not allowed: use "*." for the core group or "*.*" for everything', path: rpath });
      else if (['apiserveripinfo', 'serviceipallocations', 'servicenodeportallocations'].includes(text)) problems.push({ message: `resource "${text}" has no REST API and cannot be encrypted`, path: rpath });
      else if (gr.group === 'events.k8s.io') problems.push({ message: `"${text}": events.k8s.io objects are stored as "events"; name that instead`, path: rpath });
      else if (gr.group === 'extensions') problems.push({ message: `"${text}": the extensions group is gone and cannot be encrypted`, path: rpath });
      else if (gr.group === '*' && gr.resource !== '*') problems.push({ message: `"${text}": the same resource across groups cannot be encrypted`, path: rpath });
    });
    checkOverlap(entry, problems);

    const providers = Array.isArray(raw.providers) ? raw.providers : [];
    if (providers.length === 0) problems.push({ message: `resources[${i}].providers is empty`, path: [...path, 'providers'] });
    providers.forEach((p, j) => {
      const ppath: Path = [...path, 'providers', j];
      const types = isRecord(p) ? PROVIDER_TYPES.filter((t) => p[t] !== undefined && p[t] !== null) : [];
      if (types.length !== 1) {
        problems.push({
          message: types.length === 0 ? `providers[${j}] names no provider (identity, aescbc, aesgcm, secretbox or kms)` : `providers[${j}] names ${types.join(' and ')}: one provider per list item`,
          path: ppath,
        });
        if (types.length === 0) return;
      }
      const type = types[0]!;
      const body = (p as Record<string, unknown>)[type];
      const info: ProviderInfo = { type, path: [...ppath, type], keys: [], entry: i };
      if (type === 'aescbc' || type === 'aesgcm' || type === 'secretbox') readKeys(info, body, type === 'secretbox' ? SECRETBOX_KEY_LENGTHS : AES_KEY_LENGTHS, problems);
      if (type === 'kms') info.kms = readKms(info, body, kmsNames, problems);
      entry.providers.push(info);
    });
  });

  // Exact resources append their providers; a later entry hidden by an earlier wildcard is an error.
  const byResource = new Map<string, { providers: ProviderInfo[]; entry: ResourceEntry }>();
  for (const entry of entries) {
    for (const r of entry.resources) {
      const group = keyText({ group: r.group, resource: '*' });
      if (byResource.has(group)) {
        problems.push({ message: `resource "${r.text}" is masked by the earlier "${group === '*' ? '*.' : group}" entry: kube-apiserver refuses to start`, path: r.path });
        continue;
      }
      if (byResource.has('*.*')) {
        problems.push({ message: `resource "${r.text}" is masked by the earlier "*.*" entry: kube-apiserver refuses to start`, path: r.path });
        continue;
      }
      const key = keyText(r);
      const known = byResource.get(key);
      if (known) known.providers.push(...entry.providers);
      else byResource.set(key, { providers: [...entry.providers], entry });
    }
  }

  return {
    obj,
    entries,
    problems,
    storageOf(gr) {
      const lookups: Array<[string, ResourceStorage['matchedBy']]> = [[keyText(gr), 'exact'], [keyText({ group: gr.group, resource: '*' }), 'group'], ['*.*', 'all']];
      for (const [key, matchedBy] of lookups) {
        const hit = byResource.get(key);
        if (hit) return { providers: hit.providers, matchedBy, entry: hit.entry, writer: hit.providers[0] };
      }
      return { providers: [], matchedBy: 'none', entry: undefined, writer: undefined };
    },
  };
}

function checkOverlap(entry: ResourceEntry, problems: ConfigProblem[]): void {
  const rs = entry.resources;
  let duplicate = false;
  let overlap = false;
  for (let a = 0; a < rs.length; a++) {
    for (let b = 0; b < rs.length; b++) {
      if (a === b) continue;
      const r1 = rs[a]!;
      const r2 = rs[b]!;
      if (r1.group === r2.group && r1.resource === r2.resource) duplicate = true;
      else if (r1.group === '*' && r1.resource === '*') overlap = true;
      else if (r1.group === r2.group && (r1.resource === '*' || r2.resource === '*')) overlap = true;
    }
  }
  if (duplicate) problems.push({ message: 'the same resource is named twice in one resources list', path: [...entry.path, 'resources'] });
  if (overlap) problems.push({ message: 'a resource and a wildcard that covers it are in the same resources list', path: [...entry.path, 'resources'] });
}

function readKeys(info: ProviderInfo, body: unknown, lengths: number[], problems: ConfigProblem[]): void {
  const keys = isRecord(body) && Array.isArray(body.keys) ? body.keys : [];
  if (keys.length === 0) problems.push({ message: `${info.type} has no keys`, path: info.path });
  keys.forEach((k, i) => {
    const path: Path = [...info.path, 'keys', i];
    const name = isRecord(k) && typeof k.name === 'string' ? k.name : '';
    const secret = isRecord(k) && typeof k.secret === 'string' ? k.secret : '';
    if (name === '') problems.push({ message: `${info.type} key ${i + 1} has no name`, path });
    const length = secret === '' ? undefined : decodedKeyLength(secret);
    info.keys.push({ name, path, length });
    // Messages say what is wrong with a key, never what it is.
    if (secret === '') problems.push({ message: `${info.type} key "${name}" has no secret`, path });
    else if (length === undefined) problems.push({ message: `${info.type} key "${name}" is not valid base64`, path: [...path, 'secret'] });
    else if (!lengths.includes(length)) {
      problems.push({ message: `${info.type} key "${name}" is ${length} bytes; ${info.type} takes ${lengths.join(', ')} bytes`, path: [...path, 'secret'] });
    }
  });
}

function readKms(info: ProviderInfo, body: unknown, names: Set<string>, problems: ConfigProblem[]): { name: string; apiVersion: string } {
  const kms = isRecord(body) ? body : {};
  const name = typeof kms.name === 'string' ? kms.name : '';
  const apiVersion = typeof kms.apiVersion === 'string' && kms.apiVersion !== '' ? kms.apiVersion : 'v1';
  if (name === '') problems.push({ message: 'kms provider has no name', path: info.path });
  if (apiVersion !== 'v1' && apiVersion !== 'v2') problems.push({ message: `kms apiVersion "${apiVersion}" is not v1 or v2`, path: [...info.path, 'apiVersion'] });
  if (apiVersion === 'v2' && name.includes(':')) problems.push({ message: `kms v2 name "${name}" must not contain ":"`, path: [...info.path, 'name'] });
  if (apiVersion === 'v2' && names.has(name)) problems.push({ message: `kms name "${name}" is used twice; KMS v2 names must be unique`, path: [...info.path, 'name'] });
  const endpoint = typeof kms.endpoint === 'string' ? kms.endpoint : '';
  if (!endpoint.startsWith('unix://')) problems.push({ message: `kms endpoint "${endpoint}" is not a unix:// socket`, path: [...info.path, 'endpoint'] });
  names.add(name);
  return { name, apiVersion };
}

/** Every EncryptionConfiguration in the input, analysed. */
export const encryptionConfigs = defineAnalyzer<EncryptionConfigAnalysis[]>({
  id: 'encryption-configs',
  description: 'Reads every EncryptionConfiguration as kube-apiserver would: which provider writes each resource, and what it would refuse.',
  compute(set: ObjectSet) {
    return ENCRYPTION_CONFIG_KINDS.flatMap((kind) => set.ofKind(kind)).map(analyzeEncryptionConfig);
  },
});

/** The core-group Secrets resource. */
export const SECRETS: GroupResource = { group: '', resource: 'secrets' };
export const CONFIGMAPS: GroupResource = { group: '', resource: 'configmaps' };
