/**
 * Turns a caller's question ("who can get secrets in prod") into the request attributes the
 * API server would authorize, the way its request-info parser fills them in.
 */
import { isRecord, type ObjectSet } from '../../../model/index.js';
import type { RequestAttributes } from './policy-rule.js';
import { WELL_KNOWN_RESOURCES, wellKnownScope } from './resources.js';

/**
 * A question about one kind of request. Give either `resource` or `nonResourceURL`.
 *
 * - `resource` is the plural resource name. `pods/exec` is read as resource `pods` and subresource
 *   `exec`; `deployments.apps` (kubectl's form) as resource `deployments` in group `apps`.
 * - Without `apiGroup`, the group comes from a small table of built-in resources (core, apps,
 *   batch, rbac.authorization.k8s.io, networking.k8s.io, policy, storage.k8s.io and a few more)
 *   or from the CustomResourceDefinitions of the scanned set; an unknown resource is an error.
 *   `apiGroup: ''` is the core group.
 * - `namespace` undefined means a cluster-scoped or all-namespaces request: only
 *   ClusterRoleBindings apply to it.
 */
export interface AccessQuery {
  verb: string;
  resource?: string;
  subresource?: string;
  apiGroup?: string;
  namespace?: string;
  name?: string;
  nonResourceURL?: string;
}

/** A question that cannot be turned into a request (missing verb, unknown resource...). */
export class RbacQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RbacQueryError';
  }
}

export interface ResolvedRequest {
  request: RequestAttributes;
  /** What was adjusted to match how the API server sees such a request. */
  notes: string[];
}

interface CrdInfo {
  group: string;
  clusterScoped: boolean;
}

/** Custom resources declared by the set's CustomResourceDefinitions, by plural name. */
export function customResourcesOf(set: ObjectSet): Map<string, CrdInfo[]> {
  const out = new Map<string, CrdInfo[]>();
  for (const crd of set.ofKind('CustomResourceDefinition')) {
    const spec = isRecord(crd.raw.spec) ? crd.raw.spec : {};
    const names = isRecord(spec.names) ? spec.names : {};
    if (typeof spec.group !== 'string' || typeof names.plural !== 'string') continue;
    let list = out.get(names.plural);
    if (!list) out.set(names.plural, (list = []));
    list.push({ group: spec.group, clusterScoped: spec.scope === 'Cluster' });
  }
  return out;
}

/** Resolves a query to request attributes; throws {@link RbacQueryError} on an unusable one. */
export function resolveRequest(query: AccessQuery, crds: ReadonlyMap<string, CrdInfo[]> = new Map()): ResolvedRequest {
  const notes: string[] = [];
  const verb = typeof query.verb === 'string' ? query.verb.trim() : '';
  if (verb === '') throw new RbacQueryError('a verb is required (get, list, create, ...)');
  const namespace = query.namespace ?? '';

  if (query.nonResourceURL !== undefined) {
    if (query.resource !== undefined) throw new RbacQueryError('give either a resource or a non-resource URL, not both');
    if (!query.nonResourceURL.startsWith('/')) throw new RbacQueryError(`non-resource URL "${query.nonResourceURL}" must start with "/"`);
    if (namespace !== '') notes.push('non-resource requests carry no namespace: RoleBindings never grant them');
    return { request: { verb, path: query.nonResourceURL, namespace: '' }, notes };
  }

  let resource = query.resource?.trim() ?? '';
  if (resource === '') throw new RbacQueryError('a resource (e.g. pods, secrets, deployments.apps) or a non-resource URL is required');
  let subresource = query.subresource ?? '';
  const slash = resource.indexOf('/');
  if (slash >= 0) {
    const sub = resource.slice(slash + 1);
    resource = resource.slice(0, slash);
    if (sub.includes('/') || sub === '' || resource === '') throw new RbacQueryError(`"${query.resource}" is not of the form resource or resource/subresource`);
    if (subresource !== '' && subresource !== sub) throw new RbacQueryError(`subresource given twice: "${sub}" and "${subresource}"`);
    subresource = sub;
  }

  let apiGroup = query.apiGroup;
  if (apiGroup === undefined) {
    const dot = resource.indexOf('.');
    const known = WELL_KNOWN_RESOURCES.get(resource);
    const custom = crds.get(resource);
    if (dot > 0) {
      apiGroup = resource.slice(dot + 1);
      resource = resource.slice(0, dot);
    } else if (known) {
      apiGroup = known.group;
    } else if (custom && custom.length === 1) {
      apiGroup = custom[0]!.group;
    } else if (custom) {
      throw new RbacQueryError(`resource "${resource}" exists in several API groups (${custom.map((c) => c.group).join(', ')}): give the group`);
    } else {
      throw new RbacQueryError(`unknown resource "${resource}": give its API group (e.g. ${resource}.example.com, or an empty group for the core API)`);
    }
  }
  const clusterScoped = wellKnownScope(apiGroup, resource) ?? crds.get(resource)?.find((c) => c.group === apiGroup)?.clusterScoped;

  let name = query.name ?? '';
  if (name !== '' && ((verb === 'create' && subresource === '') || verb === 'deletecollection')) {
    // The API server authorizes these on the collection: the request carries no name.
    notes.push(`${verb} requests carry no resource name: rules limited by resourceNames never grant them`);
    name = '';
  }

  let ns = namespace;
  if (apiGroup === '' && resource === 'namespaces') {
    // A request on /api/v1/namespaces/<name> is parsed with that name as its namespace too, so a
    // RoleBinding in a namespace can grant access to the Namespace object itself.
    ns = name;
    if (namespace !== '' && namespace !== name) notes.push('a request on a namespace object carries the namespace\'s own name as its namespace');
  } else if (clusterScoped === true) {
    ns = '';
    if (namespace !== '') notes.push(`${resource} is cluster-scoped: requests carry no namespace, so RoleBindings never grant them`);
  }

  return { request: { verb, apiGroup, resource, subresource, name, namespace: ns }, notes };
}
