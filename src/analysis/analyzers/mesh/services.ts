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
  const out: Service[] = [];
  for (const obj of set.ofKind('Service')) {
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

export function selects(service: Service, namespace: string, labels: Record<string, string>): boolean {
  return service.namespace === namespace && Object.entries(service.selector).every(([k, v]) => labels[k] === v);
}
