/**
 * The API group and scope of well-known resources, so that a caller may ask about `deployments`
 * without naming `apps`. Deliberately small: built-in resources of the core, apps, batch, rbac and
 * a few other groups that security questions are usually about. Custom resources come from the
 * CustomResourceDefinitions of the scanned set; anything else needs its group spelled out.
 */
export interface ResourceInfo {
  group: string;
  /** True for cluster-scoped resources: requests on them carry no namespace. */
  clusterScoped: boolean;
}

const NS = false;
const CLUSTER = true;

const TABLE: Record<string, Record<string, boolean>> = {
  '': {
    pods: NS, services: NS, secrets: NS, configmaps: NS, serviceaccounts: NS, endpoints: NS,
    events: NS, persistentvolumeclaims: NS, replicationcontrollers: NS, podtemplates: NS,
    limitranges: NS, resourcequotas: NS, bindings: NS,
    namespaces: CLUSTER, nodes: CLUSTER, persistentvolumes: CLUSTER, componentstatuses: CLUSTER,
  },
  apps: { deployments: NS, statefulsets: NS, daemonsets: NS, replicasets: NS, controllerrevisions: NS },
  batch: { jobs: NS, cronjobs: NS },
  'rbac.authorization.k8s.io': { roles: NS, rolebindings: NS, clusterroles: CLUSTER, clusterrolebindings: CLUSTER },
  'networking.k8s.io': { networkpolicies: NS, ingresses: NS, ingressclasses: CLUSTER },
  policy: { poddisruptionbudgets: NS },
  autoscaling: { horizontalpodautoscalers: NS },
  'coordination.k8s.io': { leases: NS },
  'discovery.k8s.io': { endpointslices: NS },
  'storage.k8s.io': { storageclasses: CLUSTER, csidrivers: CLUSTER, csinodes: CLUSTER, volumeattachments: CLUSTER },
  'scheduling.k8s.io': { priorityclasses: CLUSTER },
  'node.k8s.io': { runtimeclasses: CLUSTER },
  'certificates.k8s.io': { certificatesigningrequests: CLUSTER },
  'admissionregistration.k8s.io': {
    mutatingwebhookconfigurations: CLUSTER, validatingwebhookconfigurations: CLUSTER,
    validatingadmissionpolicies: CLUSTER, validatingadmissionpolicybindings: CLUSTER,
  },
  'apiextensions.k8s.io': { customresourcedefinitions: CLUSTER },
  'apiregistration.k8s.io': { apiservices: CLUSTER },
  'authentication.k8s.io': { tokenreviews: CLUSTER },
  'authorization.k8s.io': {
    subjectaccessreviews: CLUSTER, selfsubjectaccessreviews: CLUSTER, selfsubjectrulesreviews: CLUSTER,
    localsubjectaccessreviews: NS,
  },
};

/** Resource name (plural, lower case) to its group and scope, for the built-ins above. */
export const WELL_KNOWN_RESOURCES: ReadonlyMap<string, ResourceInfo> = (() => {
  const m = new Map<string, ResourceInfo>();
  for (const [group, resources] of Object.entries(TABLE)) {
    for (const [resource, clusterScoped] of Object.entries(resources)) {
      // First group wins: `events` resolves to the core group, not events.k8s.io.
      if (!m.has(resource)) m.set(resource, { group, clusterScoped });
    }
  }
  return m;
})();

/** Scope of a built-in `group`/`resource` pair, undefined when not in the table. */
export function wellKnownScope(group: string, resource: string): boolean | undefined {
  return TABLE[group]?.[resource];
}
