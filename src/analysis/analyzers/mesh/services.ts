import { isRecord, stringMap, type KubeObject, type ObjectSet } from '../../../model/index.js';
import { isProtocol, type Protocol } from '../reachability/ports.js';
import type { DeclaredPort } from './common.js';

/** One port of a Service. */
export interface ServicePort {
  name?: string;
  port: number;
  /** `targetPort` as written (number or container port name), defaulting to `port`. */
  targetPort: number | string;
  protocol: Protocol;
}

export interface Service {
  object: KubeObject;
  namespace: string;
  name: string;
  selector: Record<string, string>;
  ports: ServicePort[];
}

/** Services that select pods (a selector, and not ExternalName): the ones with endpoints to reach. */
export function parseServices(set: ObjectSet): Service[] {
  return parseServiceObjects(set.ofKind('Service'));
}

/** {@link parseServices} over the Service objects of a set. */
export function parseServiceObjects(objects: readonly KubeObject[]): Service[] {
  const out: Service[] = [];
  for (const obj of objects) {
    if (obj.apiVersion !== 'v1') continue;
    const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
    if (spec.type === 'ExternalName') continue;
    const selector = stringMap(spec.selector);
    if (Object.keys(selector).length === 0) continue;
    const ports: ServicePort[] = [];
    if (Array.isArray(spec.ports)) {
      for (const p of spec.ports) {
        if (!isRecord(p) || typeof p.port !== 'number') continue;
        const protocol = p.protocol === undefined ? 'TCP' : p.protocol;
        if (!isProtocol(protocol)) continue;
        const target = typeof p.targetPort === 'number' || (typeof p.targetPort === 'string' && p.targetPort !== '') ? p.targetPort : p.port;
        const sp: ServicePort = { port: p.port, targetPort: typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : target, protocol };
        if (typeof p.name === 'string' && p.name !== '') sp.name = p.name;
        ports.push(sp);
      }
    }
    out.push({ object: obj, namespace: obj.namespace ?? 'default', name: obj.name, selector, ports });
  }
  return out;
}

/** The container port a Service port sends to on a pod, if the pod has it. */
export function resolveTargetPort(sp: ServicePort, declared: readonly DeclaredPort[]): number | undefined {
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  return declared.find((d) => d.name === sp.targetPort && d.protocol === sp.protocol)?.port;
}

/** Services by namespace, in input order: a Service only selects pods of its own namespace. */
export function servicesByNamespace(services: readonly Service[]): Map<string, Service[]> {
  const out = new Map<string, Service[]>();
  for (const s of services) {
    const list = out.get(s.namespace);
    if (list) list.push(s);
    else out.set(s.namespace, [s]);
  }
  return out;
}

export function selects(service: Service, namespace: string, labels: Record<string, string>): boolean {
  if (service.namespace !== namespace) return false;
  for (const k of Object.keys(service.selector)) if (labels[k] !== service.selector[k]) return false;
  return true;
}
