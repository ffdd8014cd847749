import {
  containersOfSpec, isRecord, metadataOf, podTemplateOf, stringMap,
  type KubeObject, type ObjectSet, type Path,
} from '../../../model/index.js';
import { isProtocol, type Protocol } from '../reachability/ports.js';
import type { ConfigRef, MeshWorkload } from './types.js';

export function configRef(obj: KubeObject, path: Path): ConfigRef {
  return obj.namespace !== undefined
    ? { kind: obj.kind, namespace: obj.namespace, name: obj.name, object: obj, path }
    : { kind: obj.kind, name: obj.name, object: obj, path };
}

/** `Kind namespace/name` or `Kind name`, as messages name configuration. */
export function refLabel(ref: Pick<ConfigRef, 'kind' | 'namespace' | 'name'>): string {
  return ref.namespace !== undefined ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

export function apiGroup(obj: KubeObject): string {
  const i = obj.apiVersion.indexOf('/');
  return i < 0 ? '' : obj.apiVersion.slice(0, i);
}

/** Objects of a kind in one API group (kinds such as AuthorizationPolicy exist in several). */
export function ofKindInGroup(set: ObjectSet, kind: string, group: string): KubeObject[] {
  return set.ofKind(kind).filter((o) => apiGroup(o) === group);
}

function creationTime(obj: KubeObject): number | undefined {
  const t = metadataOf(obj).creationTimestamp;
  if (typeof t !== 'string') return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Istio's order for configuration of one kind (`sortConfigByCreationTime`): creation time, then
 * name, then namespace. Objects without a creationTimestamp (manifests not yet applied) sort as
 * if created at the same instant, before those with one.
 */
export function compareByAge(a: KubeObject, b: KubeObject): number {
  const ta = creationTime(a) ?? -Infinity;
  const tb = creationTime(b) ?? -Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const na = a.namespace ?? '';
  const nb = b.namespace ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * The oldest of several objects that compete at one level, the way Istio picks it; with a note
 * when the order rests on names only because timestamps are missing or equal.
 */
export function pickOldest<T extends { object: KubeObject }>(items: readonly T[]): { winner: T; others: T[]; ambiguous?: string } | undefined {
  if (items.length === 0) return undefined;
  const sorted = [...items].sort((x, y) => compareByAge(x.object, y.object));
  const winner = sorted[0]!;
  const others = sorted.slice(1);
  if (others.length === 0) return { winner, others };
  const t0 = creationTime(winner.object);
  const tied = t0 === undefined || others.some((o) => { const t = creationTime(o.object); return t === undefined || t === t0; });
  const ambiguous = tied
    ? `${others.length + 1} policies match at this level and the oldest wins; without distinct creationTimestamps ` +
      `this takes the first by name (${winner.object.name}), which a cluster may order differently`
    : undefined;
  return ambiguous ? { winner, others, ambiguous } : { winner, others };
}

/** A comma-separated list of ports and `lo-hi` ranges, as proxy annotations write them. */
export function parsePortList(text: string | undefined): [number, number][] {
  if (text === undefined) return [];
  const out: [number, number][] = [];
  for (const part of text.split(',')) {
    const s = part.trim();
    if (s === '') continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    if (lo >= 1 && hi <= 65535 && lo <= hi) out.push([lo, hi]);
  }
  return out;
}

export function inPortList(list: readonly [number, number][], port: number): boolean {
  return list.some(([lo, hi]) => port >= lo && port <= hi);
}

/** A container port a workload declares. */
export interface DeclaredPort {
  port: number;
  protocol: Protocol;
  name?: string;
  path: Path;
}

/** Pod-level metadata of a workload: labels and annotations of the pod template (or the Pod). */
export interface PodMeta {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  metadataPath: Path;
  spec: Record<string, unknown>;
  specPath: Path;
}

/** Pod template paths seen so far: a handful, as they depend on the workload kind only. */
const sharedPaths = new Map<string, Path>();

/**
 * One copy of a path for every workload that has it, as results keep each workload's metadata
 * path. Paths are read-only, so sharing is safe.
 */
function sharedPath(path: Path): Path {
  const key = JSON.stringify(path);
  let kept = sharedPaths.get(key);
  if (!kept) sharedPaths.set(key, (kept = path.slice()));
  return kept;
}

export function podMetaOf(obj: KubeObject): PodMeta {
  const tpl = podTemplateOf(obj);
  if (!tpl) return { labels: {}, annotations: {}, metadataPath: sharedPath(['metadata']), spec: {}, specPath: sharedPath(['spec']) };
  return {
    labels: stringMap(tpl.metadata.labels),
    annotations: stringMap(tpl.metadata.annotations),
    metadataPath: sharedPath(tpl.metadataPath),
    spec: tpl.spec,
    specPath: sharedPath(tpl.specPath),
  };
}

/**
 * The ports a pod listens on: regular containers and restartable (sidecar) init containers. Plain
 * init containers have exited before the pod serves.
 */
export function declaredPorts(meta: PodMeta): DeclaredPort[] {
  const out: DeclaredPort[] = [];
  for (const c of containersOfSpec(meta.spec, meta.specPath)) {
    if (c.field === 'ephemeralContainers') continue;
    if (c.field === 'initContainers' && c.container.restartPolicy !== 'Always') continue;
    const ports = c.container.ports;
    if (!Array.isArray(ports)) continue;
    ports.forEach((p, i) => {
      if (!isRecord(p)) return;
      const port = typeof p.containerPort === 'number' ? p.containerPort : Number(p.containerPort);
      if (!Number.isInteger(port) || port < 1 || port > 65535) return;
      const protocol = p.protocol === undefined ? 'TCP' : p.protocol;
      if (!isProtocol(protocol)) return;
      // The result keeps these paths: concat sizes the array exactly, where spreading leaves it room to grow.
      const path = c.path.concat('ports', i);
      out.push(typeof p.name === 'string' && p.name !== '' ? { port, protocol, path, name: p.name } : { port, protocol, path });
    });
  }
  return out;
}

/** Names of the containers of a pod spec (regular and init), to recognise injected proxies. */
export function containerNames(meta: PodMeta): { name: string; path: Path }[] {
  return containersOfSpec(meta.spec, meta.specPath)
    .filter((c) => c.field !== 'ephemeralContainers')
    .map((c) => ({ name: c.name, path: [...c.path, 'name'] }));
}

export function namespaceIndex(set: ObjectSet): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const ns of set.ofKind('Namespace')) if (!out.has(ns.name)) out.set(ns.name, ns);
  return out;
}

/** The workload label as messages write it: `Deployment shop/web`. */
export function workloadLabel(w: Pick<MeshWorkload, 'kind' | 'namespace' | 'name'>): string {
  return `${w.kind} ${w.namespace}/${w.name}`;
}

export function portLabel(port: number | undefined, protocol: Protocol): string {
  return port === undefined ? `any ${protocol} port` : `${port}/${protocol}`;
}
