/**
 * Which workloads exist and what their pods look like to network policy: namespace, labels, named
 * container ports and hostNetwork.
 *
 * A workload is named by its controller. Pods and ReplicaSets/Jobs are followed up their
 * controller ownerReferences; a ReplicaSet that is referenced but not present collapses into the
 * Deployment `<name minus last -segment>` when that Deployment is present (the pod-template-hash
 * suffix), and a Job likewise into its CronJob. A Pod whose controller is some other kind (an
 * operator's resource) is named by that owner.
 */
import {
  containersOfSpec, isRecord, labelsOf, metadataOf, podTemplateOf, stringMap,
  type KubeObject, type ObjectSet,
} from '../../../model/index.js';
import { isProtocol, type Protocol } from './ports.js';

/** Kinds that own pods, in the order workloads of one name are preferred. */
export const CONTROLLER_KINDS: readonly string[] = [
  'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'ReplicaSet', 'ReplicationController',
];
const CONTROLLER_KIND_SET = new Set(CONTROLLER_KINDS);

export interface NamedPort {
  name: string;
  port: number;
  protocol: Protocol;
}

/** One way a workload's pods look (a workload has several when its Pods differ). */
export interface PodShape {
  workload: number;
  namespace: string;
  labels: Record<string, string>;
  namedPorts: NamedPort[];
  hostNetwork: boolean;
}

export interface DiscoveredWorkload {
  kind: string;
  namespace: string;
  name: string;
  /** Pod labels (of the template, or of the first Pod). */
  labels: Record<string, string>;
  hostNetwork: boolean;
  /** The controller object when present, else the first Pod. */
  sourceObject: KubeObject;
}

export interface Discovery {
  workloads: DiscoveredWorkload[];
  shapes: PodShape[];
}

interface OwnerRef {
  kind: string;
  name: string;
}

function controllerRef(obj: KubeObject): OwnerRef | undefined {
  const refs = metadataOf(obj).ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    if (isRecord(r) && r.controller === true && typeof r.kind === 'string' && typeof r.name === 'string') {
      return { kind: r.kind, name: r.name };
    }
  }
  return undefined;
}

/** `web-5d8f7c9b6` -> `web`; undefined when there is no `-`. */
function withoutLastSegment(name: string): string | undefined {
  const i = name.lastIndexOf('-');
  return i > 0 ? name.slice(0, i) : undefined;
}

/** The workload an object belongs to, and the present objects on the way up. */
function resolveWorkload(set: ObjectSet, obj: KubeObject): { kind: string; name: string; top: KubeObject | undefined } {
  const ns = obj.namespace ?? 'default';
  let cur = obj;
  const seen = new Set<KubeObject>([obj]);
  for (;;) {
    const ref = controllerRef(cur);
    // A controller owned by something other than a workload kind (an operator resource) stays
    // the workload; only a Pod is named after an arbitrary owner.
    if (!ref || (cur.kind !== 'Pod' && !CONTROLLER_KIND_SET.has(ref.kind))) break;
    let owner = set.get(ref.kind, ns, ref.name);
    if (!owner && (ref.kind === 'ReplicaSet' || ref.kind === 'Job')) {
      const base = withoutLastSegment(ref.name);
      const parentKind = ref.kind === 'ReplicaSet' ? 'Deployment' : 'CronJob';
      if (base !== undefined) owner = set.get(parentKind, ns, base);
    }
    if (!owner) return { kind: ref.kind, name: ref.name, top: cur === obj && cur.kind === 'Pod' ? undefined : cur };
    if (seen.has(owner)) break;
    seen.add(owner);
    cur = owner;
  }
  return { kind: cur.kind, name: cur.name, top: cur };
}

function namedPortsOf(spec: Record<string, unknown>): NamedPort[] {
  const out: NamedPort[] = [];
  for (const c of containersOfSpec(spec, [])) {
    if (c.field === 'ephemeralContainers') continue;
    // Plain init containers have finished before the pod serves; only restartable ones (sidecars) listen.
    if (c.field === 'initContainers' && c.container.restartPolicy !== 'Always') continue;
    const ports = c.container.ports;
    if (!Array.isArray(ports)) continue;
    for (const p of ports) {
      if (!isRecord(p) || typeof p.name !== 'string' || p.name === '') continue;
      const port = typeof p.containerPort === 'number' ? p.containerPort : Number(p.containerPort);
      if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
      const protocol = p.protocol === undefined ? 'TCP' : p.protocol;
      if (!isProtocol(protocol)) continue;
      out.push({ name: p.name, port, protocol });
    }
  }
  return out.sort(compareNamedPorts);
}

/** The order named ports are kept in: by name, then protocol, then port. */
export function compareNamedPorts(a: NamedPort, b: NamedPort): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : a.port - b.port;
}

function shapeOf(obj: KubeObject): { labels: Record<string, string>; namedPorts: NamedPort[]; hostNetwork: boolean } {
  if (obj.kind === 'Pod') {
    const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
    return { labels: labelsOf(obj), namedPorts: namedPortsOf(spec), hostNetwork: spec.hostNetwork === true };
  }
  const tpl = podTemplateOf(obj);
  if (!tpl) return { labels: {}, namedPorts: [], hostNetwork: false };
  return { labels: stringMap(tpl.metadata.labels), namedPorts: namedPortsOf(tpl.spec), hostNetwork: tpl.spec.hostNetwork === true };
}

const NONE = Object.freeze([]) as readonly KubeObject[] as KubeObject[];

/**
 * `list` with `obj` at the end. Most workloads have one object of each kind: a one-element literal
 * then, rather than an array grown by `push`, which keeps room for 16 more.
 */
function append(list: KubeObject[], obj: KubeObject): KubeObject[] {
  if (list === NONE) return [obj];
  list.push(obj);
  return list;
}

/** Finds every workload of the set and the pod shapes policies see. */
export function discoverWorkloads(set: ObjectSet): Discovery {
  interface Acc {
    kind: string;
    namespace: string;
    name: string;
    pods: KubeObject[];
    controllers: KubeObject[];
    top: KubeObject | undefined;
  }
  const byKey = new Map<string, Acc>();
  const add = (obj: KubeObject) => {
    const ns = obj.namespace ?? 'default';
    const { kind, name, top } = resolveWorkload(set, obj);
    const key = `${kind}\u0000${ns}\u0000${name}`;
    let acc = byKey.get(key);
    if (!acc) byKey.set(key, (acc = { kind, namespace: ns, name, pods: NONE, controllers: NONE, top: undefined }));
    if (obj.kind === 'Pod') acc.pods = append(acc.pods, obj);
    else acc.controllers = append(acc.controllers, obj);
    if (top && top.kind === kind && top.name === name) acc.top = top;
  };
  for (const kind of CONTROLLER_KINDS) for (const obj of set.ofKind(kind)) add(obj);
  for (const obj of set.ofKind('Pod')) add(obj);

  const workloads: DiscoveredWorkload[] = [];
  const shapes: PodShape[] = [];
  const accs = [...byKey.values()].sort((a, b) =>
    a.namespace !== b.namespace ? (a.namespace < b.namespace ? -1 : 1)
      : a.name !== b.name ? (a.name < b.name ? -1 : 1)
        : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
  for (const acc of accs) {
    const index = workloads.length;
    // Pods, when present, are what runs; otherwise the controller's own template stands for them.
    const template = acc.top ?? acc.controllers[0];
    const sources = acc.pods.length > 0 ? acc.pods : template ? [template] : [];
    const seen = new Set<string>();
    let first: ReturnType<typeof shapeOf> | undefined;
    for (const src of sources) {
      const s = shapeOf(src);
      first ??= s;
      const key = JSON.stringify([s.labels, s.namedPorts, s.hostNetwork]);
      if (seen.has(key)) continue;
      seen.add(key);
      shapes.push({ workload: index, namespace: acc.namespace, labels: s.labels, namedPorts: s.namedPorts, hostNetwork: s.hostNetwork });
    }
    // Read the template once when it is the only source.
    const shown = template ? (sources[0] === template ? first! : shapeOf(template)) : first!;
    workloads.push({
      kind: acc.kind,
      namespace: acc.namespace,
      name: acc.name,
      labels: shown.labels,
      hostNetwork: shown.hostNetwork,
      sourceObject: template ?? acc.pods[0]!,
    });
  }
  return { workloads, shapes };
}
