import { podTemplateOf, type Path } from '../../../model/index.js';
import {
  CLUSTER_DNS_POD, externalPeerHolds, portSetJsonAllows, reachability,
  type DirectionIsolation, type ExternalPeer, type PortSetJson, type ReachabilityResult, type WorkloadPeer,
} from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';

/** The address NodeLocal DNSCache listens on by default. */
const NODE_LOCAL_DNS = '169.254.20.10';

/** A workload whose egress policies keep it from DNS over UDP, TCP or both. */
export interface DnsBlocked {
  workload: WorkloadPeer;
  udp: boolean;
  tcp: boolean;
  /** Where the connection to the DNS pods is refused: the workload's egress, or the DNS pods' ingress. */
  deniedBy: 'egress' | 'ingress';
}

function restricted(d: DirectionIsolation): boolean {
  return d.isolated || d.policies.length > 0 || d.adminPolicies.length > 0 || d.baseline;
}

/**
 * Workloads with restricted egress that cannot resolve names through the cluster DNS, from a
 * result of the `reachability` analyzer (which evaluates {@link CLUSTER_DNS_POD} for every
 * workload). DNS counts as reachable over a protocol when port 53 is allowed to the DNS pods or,
 * by the workload's egress, to NodeLocal DNSCache.
 */
export function clusterDnsBlocked(result: ReachabilityResult): DnsBlocked[] {
  const dns = result.virtualPods?.find((v) => v.name === CLUSTER_DNS_POD.name);
  if (!dns) throw new Error(`the reachability result has no access to the virtual pod "${CLUSTER_DNS_POD.name}": compute it with the reachability analyzer`);
  const workloads = result.isolation.workloads;
  const wanted = new Set<WorkloadPeer>();
  for (const w of workloads) if (!w.hostNetwork && restricted(w.egress)) wanted.add(w.workload);
  if (wanted.size === 0) return [];

  // Egress to an address goes through no pod's ingress: the workload's connection to the external
  // range holding it says all (ranges with equal ports are one peer, shared by its connections).
  // Looked up only once some workload is refused by the DNS pods, which well-kept inputs never are.
  let nodeLocal: Map<WorkloadPeer, PortSetJson> | undefined;
  const nodeLocalPorts = (peer: WorkloadPeer): PortSetJson | undefined => {
    if (!nodeLocal) {
      nodeLocal = new Map();
      const holds = new Map<ExternalPeer, boolean>();
      for (const c of result.connections) {
        if (c.to.type !== 'external' || c.from.type !== 'workload' || !wanted.has(c.from)) continue;
        let h = holds.get(c.to);
        if (h === undefined) holds.set(c.to, (h = externalPeerHolds(c.to, NODE_LOCAL_DNS)));
        if (h) nodeLocal.set(c.from, c.allowed);
      }
    }
    return nodeLocal.get(peer);
  };

  const out: DnsBlocked[] = [];
  workloads.forEach((w, i) => {
    const peer = w.workload;
    if (!wanted.has(peer)) return;
    let deniedBy: DnsBlocked['deniedBy'] = 'ingress';
    const allows = (protocol: 'UDP' | 'TCP'): boolean => {
      if (portSetJsonAllows(dns.allowed[i]!, protocol, 53)) return true;
      const local = nodeLocalPorts(peer);
      if (local && portSetJsonAllows(local, protocol, 53)) return true;
      if (!portSetJsonAllows(dns.egress[i]!, protocol, 53)) deniedBy = 'egress';
      return false;
    };
    const udp = allows('UDP');
    const tcp = allows('TCP');
    if (!udp || !tcp) out.push({ workload: peer, udp, tcp, deniedBy });
  });
  return out;
}

export default defineRule({
  id: 'dns-egress-allowed',
  area: 'network',
  severity: 'medium',
  uses: [reachability],
  title: 'Workloads whose egress policies block DNS',
  description:
    'Reports workloads whose egress is restricted (a NetworkPolicy selects them for egress, or an admin ' +
    'network policy with egress rules applies) but that may not reach the cluster DNS on port 53 over both ' +
    'UDP and TCP, whether its own egress policies or the ingress policies of the DNS pods refuse it. The cluster DNS is taken to be the pods labelled `k8s-app: kube-dns` in kube-system (as ' +
    'CoreDNS and kube-dns are deployed by kubeadm, the managed services and k3s), with CoreDNS\'s port names ' +
    '`dns` and `dns-tcp`, whether or not they are in the input; egress to NodeLocal DNSCache at ' +
    '169.254.20.10 counts too. hostNetwork workloads are left out. Findings point at the pod labels the ' +
    'policies select on.',
  rationale:
    'A default-deny egress policy without a DNS exception is the most common way network policies break ' +
    'applications: every name lookup times out. UDP alone is not enough either, since answers too large for ' +
    'UDP are retried over TCP. Such breakage tends to be "fixed" by deleting the egress policies altogether.',
  remediation:
    'Allow egress to kube-dns in the namespace: `to: [{namespaceSelector: {matchLabels: ' +
    '{kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]` with ' +
    '`ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: network policies' },
  ],
  messages: {
    both: '{workload} restricts egress but may not reach the cluster DNS on UDP or TCP port 53 ({cause}): name lookups will fail.',
    udp: '{workload} may reach the cluster DNS on TCP port 53 but not UDP ({cause}): most name lookups will fail.',
    tcp: '{workload} may reach the cluster DNS on UDP port 53 but not TCP ({cause}): lookups with answers too large for UDP will fail.',
  },
  examples: {
    bad: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: registry.example/api:1.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Ingress", "Egress"]
`,
    good: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: registry.example/api:1.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Ingress", "Egress"]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Egress"]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`,
  },
  checkSet(_set, ctx) {
    const result = ctx.use(reachability);
    const blocked = clusterDnsBlocked(result);
    if (blocked.length === 0) return;
    const byId = new Map(result.workloads.map((w) => [w.id, w]));
    for (const b of blocked) {
      const w = byId.get(`${b.workload.kind}/${b.workload.namespace}/${b.workload.name}`);
      if (!w) continue;
      const tpl = podTemplateOf(w.sourceObject);
      const path: Path = tpl ? [...tpl.metadataPath, 'labels'] : ['metadata', 'labels'];
      const messageId = !b.udp && !b.tcp ? 'both' : !b.udp ? 'udp' : 'tcp';
      const cause = b.deniedBy === 'egress' ? 'its egress policies do not allow it' : 'the ingress policies of the DNS pods refuse it';
      ctx.reportOn(w.sourceObject, messageId, { workload: `${w.kind} ${w.namespace}/${w.name}`, cause }, path);
    }
  },
});
