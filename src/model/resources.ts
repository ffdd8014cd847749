import { isRecord } from './object.js';
import type { ObjectSet } from './object-set.js';
import type { ContainerRef, PodTemplate } from './workloads.js';

/** The compute resources the resource rules judge. */
export type ComputeResource = 'cpu' | 'memory';

/**
 * Where a container's request or limit for one resource comes from once the API server has
 * admitted the pod: the container itself, its own limit (a missing request defaults to the
 * limit), the pod-level `spec.resources`, or a LimitRange default in the namespace.
 */
export type ResourceSource = 'container' | 'containerLimit' | 'pod' | 'limitRange';

/** The CPU and memory defaults that the namespace's LimitRanges give containers. */
export interface LimitRangeDefaults {
  requests: ReadonlySet<ComputeResource>;
  limits: ReadonlySet<ComputeResource>;
}

const RESOURCES: readonly ComputeResource[] = ['cpu', 'memory'];

function has(list: unknown, resource: ComputeResource): boolean {
  return isRecord(list) && list[resource] !== undefined && list[resource] !== null;
}

function resourcesOf(node: unknown): { requests: unknown; limits: unknown } {
  return isRecord(node) && isRecord(node.resources)
    ? { requests: node.resources.requests, limits: node.resources.limits }
    : { requests: undefined, limits: undefined };
}

const NO_DEFAULTS: LimitRangeDefaults = { requests: new Set(), limits: new Set() };

/** Defaults by namespace, built once per object set: workloads outnumber LimitRanges by far. */
const indexes = new WeakMap<ObjectSet, Map<string | undefined, LimitRangeDefaults>>();

function indexLimitRanges(set: ObjectSet): Map<string | undefined, LimitRangeDefaults> {
  const byNamespace = new Map<string | undefined, { requests: Set<ComputeResource>; limits: Set<ComputeResource> }>();
  for (const lr of set.ofKind('LimitRange')) {
    const items = isRecord(lr.raw.spec) ? lr.raw.spec.limits : undefined;
    if (!Array.isArray(items)) continue;
    let defaults = byNamespace.get(lr.namespace);
    if (!defaults) byNamespace.set(lr.namespace, (defaults = { requests: new Set(), limits: new Set() }));
    for (const item of items) {
      if (!isRecord(item) || item.type !== 'Container') continue;
      for (const r of RESOURCES) {
        const limit = has(item.default, r) || has(item.max, r);
        if (limit) defaults.limits.add(r);
        if (has(item.defaultRequest, r) || limit || has(item.min, r)) defaults.requests.add(r);
      }
    }
  }
  return byNamespace;
}

/**
 * The defaults that LimitRanges of type Container in a namespace give containers, with the API's
 * own defaulting of LimitRange items applied (items in manifests are not yet defaulted): a missing
 * `default` takes `max`, and a missing `defaultRequest` takes that `default`, then `min`.
 */
export function limitRangeDefaults(set: ObjectSet, namespace: string | undefined): LimitRangeDefaults {
  let index = indexes.get(set);
  if (!index) indexes.set(set, (index = indexLimitRanges(set)));
  return index.get(namespace) ?? NO_DEFAULTS;
}

/** Where a container's request for a resource comes from; undefined when it has none. */
export function containerRequestSource(
  tpl: PodTemplate, c: ContainerRef, resource: ComputeResource, defaults: LimitRangeDefaults,
): ResourceSource | undefined {
  const own = resourcesOf(c.container);
  if (has(own.requests, resource)) return 'container';
  if (has(own.limits, resource)) return 'containerLimit';
  // Pod-level requests default to the pod-level limits (PodLevelResources).
  const pod = resourcesOf(tpl.spec);
  if (has(pod.requests, resource) || has(pod.limits, resource)) return 'pod';
  if (defaults.requests.has(resource)) return 'limitRange';
  return undefined;
}

/** Where a container's limit for a resource comes from; undefined when it has none. */
export function containerLimitSource(
  tpl: PodTemplate, c: ContainerRef, resource: ComputeResource, defaults: LimitRangeDefaults,
): ResourceSource | undefined {
  if (has(resourcesOf(c.container).limits, resource)) return 'container';
  // A pod-level limit caps the pod's cgroup, and with it every container that sets none.
  if (has(resourcesOf(tpl.spec).limits, resource)) return 'pod';
  if (defaults.limits.has(resource)) return 'limitRange';
  return undefined;
}

