/**
 * Reads a network intents file (docs/intents.md): `kind: NetworkIntents` documents whose
 * `intents` list says which connections must be allowed or denied. Read with the manifest loader,
 * so every intent and every mistake carries its line.
 */
import { readFileSync } from 'node:fs';
import { isFileLocation, isRecord, locate, parseLabelSelector, type KubeObject, type Path, type ScanError } from '../model/index.js';
import type { IntentLabelSelector, IntentPeer, NetpolProtocol, NetworkIntent } from '../model/netpol.js';
import { decodeManifest } from './files.js';
import { parseManifests } from './yaml-documents.js';

export const INTENTS_API_VERSION = 'kubeward.io/v1alpha1';
export const INTENTS_KIND = 'NetworkIntents';

const INTENT_KEYS = ['name', 'from', 'to', 'port', 'expect'];
const PEER_KEYS = ['workload', 'kind', 'cidr', 'namespace', 'namespaceSelector', 'podSelector'];

/** The intents of a file, and every mistake found in it (an intent with a mistake is left out). */
export interface LoadedIntents {
  intents: NetworkIntent[];
  errors: ScanError[];
}

/** Reads and validates an intents file; never throws. */
export function loadIntentsFile(file: string, displayName = file): LoadedIntents {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : code ?? 'cannot be read';
    return { intents: [], errors: [{ file: displayName, message: `cannot read the intents file: ${why}` }] };
  }
  const errors: ScanError[] = [];
  const text = decodeManifest(bytes, displayName, errors);
  if (text === undefined) return { intents: [], errors };
  return parseIntents(text, displayName);
}

/** Validates intents text; see {@link loadIntentsFile}. */
export function parseIntents(text: string, displayName: string): LoadedIntents {
  const parsed = parseManifests(text, displayName);
  const out: LoadedIntents = { intents: [], errors: [...parsed.errors] };
  for (const n of parsed.notes) {
    // The loader skips documents that are not Kubernetes-shaped; here they are mistakes.
    if (/without apiVersion and kind|not a mapping/.test(n.message)) {
      out.errors.push({ ...n, message: `${n.message}; an intents file holds apiVersion: ${INTENTS_API_VERSION}, kind: ${INTENTS_KIND} and a list of intents` });
    } else out.errors.push(n);
  }
  for (const obj of parsed.objects) {
    const at = where(obj, []);
    if (obj.kind !== INTENTS_KIND || obj.apiVersion !== INTENTS_API_VERSION) {
      out.errors.push({ ...at, message: `expected apiVersion: ${INTENTS_API_VERSION} and kind: ${INTENTS_KIND}, not ${obj.apiVersion} ${obj.kind}` });
      continue;
    }
    const list = obj.raw.intents;
    if (!Array.isArray(list)) {
      out.errors.push({ ...where(obj, ['intents']), message: 'intents must be a list' });
      continue;
    }
    list.forEach((raw, i) => {
      const intent = readIntent(obj, raw, i, out.errors);
      if (intent) out.intents.push(intent);
    });
  }
  if (out.intents.length === 0 && out.errors.length === 0) out.errors.push({ file: displayName, message: 'the file declares no intents' });
  return out;
}

function where(obj: KubeObject, path: Path): { file?: string; line?: number; column?: number } {
  const loc = locate(obj.source, path);
  return isFileLocation(loc) ? { file: loc.file, line: loc.line, column: loc.column } : {};
}

function readIntent(obj: KubeObject, raw: unknown, i: number, errors: ScanError[]): NetworkIntent | undefined {
  const base: Path = ['intents', i];
  const fail = (path: Path, message: string): undefined => {
    errors.push({ ...where(obj, path), message: `intent ${i + 1}: ${message}` });
    return undefined;
  };
  if (!isRecord(raw)) return fail(base, 'must be a mapping with from, to, expect and optionally port and name');
  for (const key of Object.keys(raw)) {
    if (!INTENT_KEYS.includes(key)) return fail([...base, key], `unknown key "${key}"; the keys are ${INTENT_KEYS.join(', ')}`);
  }
  if (raw.name !== undefined && typeof raw.name !== 'string') return fail([...base, 'name'], 'name must be a string');
  if (raw.expect !== 'allow' && raw.expect !== 'deny') {
    return fail([...base, 'expect'], `expect must be allow or deny${raw.expect === undefined ? '' : `, not ${JSON.stringify(raw.expect)}`}`);
  }
  const from = readPeer(raw.from, 'from');
  if (typeof from === 'string') return fail([...base, 'from'], from);
  const to = readPeer(raw.to, 'to');
  if (typeof to === 'string') return fail([...base, 'to'], to);
  if (from.peer.type === 'cidr' && to.peer.type === 'cidr') return fail(base, 'at least one side must be in the cluster (a workload, namespace or selector)');
  const port = readPort(raw.port);
  if (typeof port === 'string') return fail([...base, 'port'], port);
  const portText = port ? `${port.port}/${port.protocol}` : 'any port';
  const loc = where(obj, base);
  return {
    name: typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name : `${from.text} -> ${to.text} on ${portText}: ${raw.expect}`,
    file: loc.file ?? '',
    line: loc.line ?? 0,
    from: from.peer,
    to: to.peer,
    ...(port ? { port } : {}),
    expect: raw.expect,
    text: { from: from.text, to: to.text, port: portText },
  };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/;

function looksLikeAddress(s: string): boolean {
  return IPV4.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(s));
}

function readWorkload(s: string, kind?: string): IntentPeer | string {
  const parts = s.split('/');
  if (parts.length === 2 && parts[0] && parts[1]) return { type: 'workload', namespace: parts[0], name: parts[1], ...(kind ? { kind } : {}) };
  if (parts.length === 3 && parts[0] && parts[1] && parts[2] && !kind) return { type: 'workload', kind: parts[0], namespace: parts[1], name: parts[2] };
  return `"${s}" is not a workload (namespace/name or Kind/namespace/name) nor an address range`;
}

function selectorText(sel: IntentLabelSelector): string {
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) parts.push(`${e.key} ${e.operator}${e.values && e.values.length > 0 ? ` (${e.values.join(', ')})` : ''}`);
  return parts.length > 0 ? `{${parts.join(', ')}}` : '{}';
}

function readSelector(value: unknown, field: string): IntentLabelSelector | string {
  const parsed = parseLabelSelector(value);
  if (typeof parsed === 'string') return `${field}: ${parsed}`;
  const sel: IntentLabelSelector = {};
  if (Object.keys(parsed.matchLabels).length > 0) sel.matchLabels = parsed.matchLabels;
  if (parsed.matchExpressions.length > 0) sel.matchExpressions = parsed.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, values: e.values }));
  return sel;
}

function readPeer(value: unknown, field: string): { peer: IntentPeer; text: string } | string {
  if (value === undefined || value === null) return `${field} is required`;
  if (typeof value === 'string') {
    const s = value.trim();
    if (looksLikeAddress(s)) return { peer: { type: 'cidr', cidr: s }, text: s };
    const w = readWorkload(s);
    return typeof w === 'string' ? `${field}: ${w}` : { peer: w, text: s };
  }
  if (!isRecord(value)) return `${field} must be a workload (namespace/name), an address range, or a mapping`;
  for (const key of Object.keys(value)) {
    if (!PEER_KEYS.includes(key)) return `${field}: unknown key "${key}"; the keys are ${PEER_KEYS.join(', ')}`;
  }
  const has = (k: string) => value[k] !== undefined && value[k] !== null;
  const groups = [has('workload'), has('cidr'), has('namespace') || has('namespaceSelector') || has('podSelector')].filter(Boolean).length;
  if (groups !== 1) return `${field} must name exactly one of: workload, cidr, or namespace / namespaceSelector / podSelector`;
  if (has('kind') && !has('workload')) return `${field}: kind goes with workload`;
  if (has('workload')) {
    if (typeof value.workload !== 'string') return `${field}: workload must be namespace/name`;
    if (has('kind') && typeof value.kind !== 'string') return `${field}: kind must be a string`;
    const w = readWorkload(value.workload.trim(), has('kind') ? String(value.kind) : undefined);
    return typeof w === 'string' ? `${field}: ${w}` : { peer: w, text: has('kind') ? `${String(value.kind)}/${value.workload}` : value.workload };
  }
  if (has('cidr')) {
    if (typeof value.cidr !== 'string' || !looksLikeAddress(value.cidr.trim())) return `${field}: cidr must be an IP address or CIDR`;
    return { peer: { type: 'cidr', cidr: value.cidr.trim() }, text: value.cidr.trim() };
  }
  if (has('namespace') && has('namespaceSelector')) return `${field}: give namespace or namespaceSelector, not both`;
  if (has('podSelector') && !has('namespace') && !has('namespaceSelector')) {
    return `${field}: podSelector needs namespace or namespaceSelector (namespaceSelector: {} for every namespace)`;
  }
  const peer: IntentPeer = { type: 'selector' };
  const text: string[] = [];
  if (has('namespace')) {
    if (typeof value.namespace !== 'string' || value.namespace === '') return `${field}: namespace must be a name`;
    peer.namespace = value.namespace;
    text.push(`namespace ${value.namespace}`);
  }
  if (has('namespaceSelector')) {
    const sel = readSelector(value.namespaceSelector, `${field}.namespaceSelector`);
    if (typeof sel === 'string') return sel;
    peer.namespaceSelector = sel;
    text.push(`namespaces ${selectorText(sel)}`);
  }
  if (has('podSelector')) {
    const sel = readSelector(value.podSelector, `${field}.podSelector`);
    if (typeof sel === 'string') return sel;
    peer.podSelector = sel;
    text.push(`pods ${selectorText(sel)}`);
  }
  return { peer, text: text.join(', ') };
}

function readPort(value: unknown): { port: number; protocol: NetpolProtocol } | undefined | string {
  if (value === undefined || value === null || value === 'any') return undefined;
  let port: number;
  let protocol: string = 'TCP';
  if (typeof value === 'number') port = value;
  else if (typeof value === 'string') {
    const m = /^(\d+)(?:\/([A-Za-z]+))?$/.exec(value.trim());
    if (!m) return `port must be a number, number/PROTOCOL (e.g. 53/UDP) or any, not "${value}"`;
    port = Number(m[1]);
    if (m[2]) protocol = m[2].toUpperCase();
  } else return 'port must be a number, number/PROTOCOL (e.g. 53/UDP) or any';
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `port must be from 1 to 65535, not ${String(value)}`;
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return `protocol must be TCP, UDP or SCTP, not ${protocol}`;
  return { port, protocol };
}
