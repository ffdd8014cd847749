import { isRecord, labelsOf, objectLabel, objectRef, type KubeObject, type ObjectSet } from '../../../model/index.js';

export type ManagedProvider = 'EKS' | 'GKE' | 'AKS';

/** A cluster whose control plane the cloud provider runs: its flags and files are not visible. */
export interface ManagedCluster {
  provider: ManagedProvider;
  /** What gave it away, e.g. `Node/ip-10-0-1-5 has label eks.amazonaws.com/nodegroup`. */
  evidence: string;
}

// Labels only the managed offerings put on their nodes (self-managed clusters on the same clouds
// carry the generic topology and instance-type labels, never these).
const LABEL_PREFIXES: ReadonlyArray<readonly [string, ManagedProvider]> = [
  ['eks.amazonaws.com/', 'EKS'],
  ['cloud.google.com/gke-', 'GKE'],
  ['kubernetes.azure.com/', 'AKS'],
];

// Provider IDs: GKE names its instances gke-<cluster>-<pool>-..., AKS puts nodes in the MC_
// resource group as aks-<pool> scale sets, EKS Fargate pods run on fargate-... nodes. A plain
// aws:// or gce:// ID alone is also what kops or kubeadm on those clouds give, so it is not enough.
const PROVIDER_IDS: ReadonlyArray<readonly [RegExp, ManagedProvider]> = [
  [/^gce:\/\/[^/]+\/[^/]+\/gke-/, 'GKE'],
  [/^azure:\/\/\/subscriptions\/[^/]+\/resourceGroups\/MC_/i, 'AKS'],
  [/^azure:\/\/.*\/virtualMachineScaleSets\/aks-/i, 'AKS'],
  [/^aws:\/\/\/[^/]+\/.*fargate-/, 'EKS'],
];

// API server endpoints of the managed offerings.
const SERVER_HOSTS: ReadonlyArray<readonly [RegExp, ManagedProvider]> = [
  [/\.eks\.amazonaws\.com(\.cn)?$/i, 'EKS'],
  [/\.azmk8s\.io$/i, 'AKS'],
  [/\.gke\.goog$/i, 'GKE'],
];

function providerOfServer(server: string): ManagedProvider | undefined {
  let host: string;
  try {
    host = new URL(server).hostname;
  } catch {
    return undefined;
  }
  return SERVER_HOSTS.find(([re]) => re.test(host))?.[1];
}

function serversIn(text: string): string[] {
  return [...text.matchAll(/server:\s*["']?(https?:\/\/[^\s"']+)/g)].map((m) => m[1]!);
}

/** Kubeconfig servers of an object: a `kind: Config` kubeconfig, or kubeconfigs embedded in a ConfigMap. */
function kubeconfigServers(obj: KubeObject): string[] {
  if (obj.kind === 'Config' && Array.isArray(obj.raw.clusters)) {
    return obj.raw.clusters.flatMap((c) => (isRecord(c) && isRecord(c.cluster) && typeof c.cluster.server === 'string' ? [c.cluster.server] : []));
  }
  if (obj.kind === 'ConfigMap' && isRecord(obj.raw.data) && (obj.namespace === 'kube-system' || obj.namespace === 'kube-public')) {
    return Object.values(obj.raw.data).flatMap((v) => (typeof v === 'string' ? serversIn(v) : []));
  }
  return [];
}

/** Recognises EKS, GKE and AKS from node labels, provider IDs and API server URLs. */
export function detectManagedCluster(set: ObjectSet): ManagedCluster | undefined {
  for (const node of set.ofKind('Node')) {
    const label = objectLabel(objectRef(node));
    for (const key of Object.keys(labelsOf(node))) {
      const hit = LABEL_PREFIXES.find(([prefix]) => key.startsWith(prefix));
      if (hit) return { provider: hit[1], evidence: `${label} has label ${key}` };
    }
    const providerID = isRecord(node.raw.spec) && typeof node.raw.spec.providerID === 'string' ? node.raw.spec.providerID : undefined;
    if (providerID) {
      const hit = PROVIDER_IDS.find(([re]) => re.test(providerID));
      if (hit) return { provider: hit[1], evidence: `${label} has providerID ${providerID}` };
    }
  }
  for (const kind of ['Config', 'ConfigMap']) {
    for (const obj of set.ofKind(kind)) {
      for (const server of kubeconfigServers(obj)) {
        const provider = providerOfServer(server);
        if (provider) return { provider, evidence: `${objectLabel(objectRef(obj))} names the API server ${server}` };
      }
    }
  }
  const awsAuth = set.get('ConfigMap', 'kube-system', 'aws-auth');
  if (awsAuth) return { provider: 'EKS', evidence: 'ConfigMap/kube-system/aws-auth maps IAM identities to Kubernetes users' };
  return undefined;
}
