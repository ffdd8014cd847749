import { ObjectSet, podTemplateOf, toKubeObject, type KubeObject, type Path } from '../../../model/index.js';
import { defineAnalyzer } from '../../analyzer.js';
import { analyzeReachability, reachability, type DirectionIsolation, type WorkloadPeer } from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';

/** The labels kube-dns and CoreDNS pods carry in kubeadm, EKS, GKE, AKS, k3s and most charts. */
const DNS_NAMESPACE = 'kube-system';
const DNS_LABELS = { 'k8s-app': 'kube-dns' };
const PROBE_NAME = 'kubeward-cluster-dns-probe';
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
 * A cluster DNS pod as policies see it, added to the set: the manifests under review rarely hold
 * kube-system, and policies can only tell pods apart by namespace, labels and named ports, so a
 * stand-in with CoreDNS's labels and port names answers for the real one.
 */
function probe(): KubeObject {
  const obj = toKubeObject({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: PROBE_NAME, namespace: DNS_NAMESPACE, labels: DNS_LABELS },
    spec: {
      containers: [{
        name: 'coredns', image: 'coredns',
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
        ],
      }],
    },
  }, { type: 'reference', ref: 'kubeward:cluster-dns-probe' });
  return obj!;
}

/** Workloads with restricted egress that cannot resolve names through the cluster DNS. */
export const clusterDnsEgress = defineAnalyzer<DnsBlocked[]>({
  id: 'network-cluster-dns-egress',
  description: 'Workloads whose egress policies block DNS (port 53, UDP and TCP) to the cluster DNS pods and to NodeLocal DNSCache.',
  compute(set) {
    const analysis = analyzeReachability(new ObjectSet([...set.objects, probe()]));
    const to = { namespace: DNS_NAMESPACE, name: PROBE_NAME, kind: 'Pod' };
    const out: DnsBlocked[] = [];
    for (const w of analysis.isolation().workloads) {
      const peer = w.workload;
      if (w.hostNetwork || !restricted(w.egress) || (peer.namespace === DNS_NAMESPACE && peer.name === PROBE_NAME)) continue;
      const from = { namespace: peer.namespace, name: peer.name, kind: peer.kind };
      let deniedBy: DnsBlocked['deniedBy'] = 'ingress';
      const allows = (protocol: 'UDP' | 'TCP') => {
        const e = analysis.explain(from, to, { port: 53, protocol });
        if (e.allowed || analysis.explain(from, { cidr: NODE_LOCAL_DNS }, { port: 53, protocol }).allowed) return true;
        if (e.egress.decision === 'deny') deniedBy = 'egress';
        return false;
      };
      const udp = allows('UDP');
      const tcp = allows('TCP');
      if (!udp || !tcp) out.push({ workload: peer, udp, tcp, deniedBy });
    }
    return out;
  },
});

export default defineRule({
  id: 'dns-egress-allowed',
  area: 'network',
  severity: 'medium',
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
    // The DNS check builds a model of its own; most inputs restrict no egress and need none.
    if (!result.isolation.workloads.some((w) => !w.hostNetwork && restricted(w.egress))) return;
    const blocked = ctx.use(clusterDnsEgress);
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
