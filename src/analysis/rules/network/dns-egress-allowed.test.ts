import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { namespaceDocuments } from '../../../../bench/generate.js';
import { prng } from '../../../../bench/prng.js';
import { syntheticCluster } from '../../../../bench/reachability-synthetic.js';
import { anp, banp, deploy, namespace, netpol, pod, setOf } from '../../../../test/fixtures/network/build.js';
import { objectsOf, setOfDirs } from '../../../../test/fixtures/network/load.js';
import { testRule } from '../../../../test/rule-tester.js';
import { ObjectSet, toKubeObject } from '../../../model/index.js';
import { analyzeReachability, reachability, type DirectionIsolation } from '../../analyzers/reachability/index.js';
import rule, { clusterDnsBlocked, type DnsBlocked } from './dns-egress-allowed.js';

/** The pod labels are on line 12. */
const API = `apiVersion: apps/v1
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
`;

const DENY_EGRESS = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Egress"]
`;

const allow = (to: string, ports: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Egress"]
  egress:
    - ${to}ports:
${ports}`;

const KUBE_DNS = `to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      `;
const UDP_TCP = `        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`;

testRule(rule, {
  valid: [
    { name: 'UDP and TCP 53 to kube-dns in kube-system', yaml: API + DENY_EGRESS + allow(KUBE_DNS, UDP_TCP) },
    { name: 'egress not restricted', yaml: API + DENY_EGRESS.replace('["Egress"]', '["Ingress"]') },
    { name: 'port 53 to any destination', yaml: API + DENY_EGRESS + allow('', UDP_TCP) },
    {
      name: 'CoreDNS port names resolve on the DNS pods',
      yaml: API + DENY_EGRESS + allow(KUBE_DNS, `        - protocol: UDP
          port: dns
        - protocol: TCP
          port: dns-tcp
`),
    },
    {
      name: 'NodeLocal DNSCache',
      yaml: API + DENY_EGRESS + allow(`to:
        - ipBlock:
            cidr: 169.254.20.10/32
      `, UDP_TCP),
    },
    {
      name: 'kube-system labels from the input apply',
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
  labels:
    role: system
---
${API}${DENY_EGRESS}${allow(`to:
        - namespaceSelector:
            matchLabels:
              role: system
      `, UDP_TCP)}`,
    },
    { name: 'hostNetwork workloads are left out', yaml: API.replace('    spec:\n', '    spec:\n      hostNetwork: true\n') + DENY_EGRESS },
  ],
  invalid: [
    {
      name: 'default deny egress and nothing else',
      yaml: API + DENY_EGRESS,
      findings: [{ messageId: 'both', line: 12, path: 'spec.template.metadata.labels', data: { workload: 'Deployment shop/api', cause: 'its egress policies do not allow it' } }],
    },
    {
      name: 'UDP only',
      yaml: API + DENY_EGRESS + allow(KUBE_DNS, '        - protocol: UDP\n          port: 53\n'),
      findings: [{ messageId: 'tcp', line: 12, data: { workload: 'Deployment shop/api', cause: 'its egress policies do not allow it' } }],
    },
    {
      name: 'TCP only (protocol defaults to TCP)',
      yaml: API + DENY_EGRESS + allow(KUBE_DNS, '        - port: 53\n'),
      findings: [{ messageId: 'udp', line: 12 }],
    },
    {
      name: 'the DNS pods are looked for in the wrong namespace',
      yaml: API + DENY_EGRESS + allow(KUBE_DNS.replace('name: kube-system', 'name: dns'), UDP_TCP),
      findings: [{ messageId: 'both', line: 12 }],
    },
    {
      name: 'the DNS pods\' own ingress policy refuses the namespace',
      yaml: `${API + DENY_EGRESS + allow(KUBE_DNS, UDP_TCP)}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: dns-from-monitoring-only
  namespace: kube-system
spec:
  podSelector:
    matchLabels:
      k8s-app: kube-dns
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
`,
      findings: [{ messageId: 'both', line: 12, data: { workload: 'Deployment shop/api', cause: 'the ingress policies of the DNS pods refuse it' } }],
    },
    {
      name: 'an AdminNetworkPolicy Deny comes before the NetworkPolicy allow',
      yaml: `${API + DENY_EGRESS + allow(KUBE_DNS, UDP_TCP)}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: no-kube-system
spec:
  priority: 1
  subject:
    namespaces: {}
  egress:
    - action: Deny
      to:
        - namespaces:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
`,
      findings: [{ messageId: 'both', line: 12 }],
    },
  ],
});

/*
 * The analyzer this rule used before: a second reachability model of the input plus a stand-in DNS
 * pod, asked through explain. Kept as the reference the cheaper computation must agree with.
 */
const REF_PROBE = 'kubeward-cluster-dns-probe';
const restrictedRef = (d: DirectionIsolation) => d.isolated || d.policies.length > 0 || d.adminPolicies.length > 0 || d.baseline;

function referenceDnsBlocked(set: ObjectSet): DnsBlocked[] {
  const probe = toKubeObject({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: REF_PROBE, namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
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
  }, { type: 'reference', ref: 'kubeward:cluster-dns-probe' })!;
  const analysis = analyzeReachability(new ObjectSet([...set.objects, probe]));
  const to = { namespace: 'kube-system', name: REF_PROBE, kind: 'Pod' };
  const out: DnsBlocked[] = [];
  for (const w of analysis.isolation().workloads) {
    const peer = w.workload;
    if (w.hostNetwork || !restrictedRef(w.egress) || (peer.namespace === 'kube-system' && peer.name === REF_PROBE)) continue;
    const from = { namespace: peer.namespace, name: peer.name, kind: peer.kind };
    let deniedBy: DnsBlocked['deniedBy'] = 'ingress';
    const allows = (protocol: 'UDP' | 'TCP') => {
      const e = analysis.explain(from, to, { port: 53, protocol });
      if (e.allowed || analysis.explain(from, { cidr: '169.254.20.10' }, { port: 53, protocol }).allowed) return true;
      if (e.egress.decision === 'deny') deniedBy = 'egress';
      return false;
    };
    const udp = allows('UDP');
    const tcp = allows('TCP');
    if (!udp || !tcp) out.push({ workload: peer, udp, tcp, deniedBy });
  }
  return out;
}

function current(set: ObjectSet): DnsBlocked[] {
  return clusterDnsBlocked(reachability.compute(set));
}

type Obj = Record<string, unknown>;

/**
 * A small random cluster built to make DNS fail in every way: default-deny egress, DNS allows with
 * and without ports, named ports, ipBlocks around NodeLocal DNSCache, ANP and BANP egress and
 * ingress rules, hostNetwork pods, workloads whose pods differ, kube-system present or not, with a
 * real CoreDNS or not, and ingress policies on the DNS pods.
 */
function randomCluster(seed: number): ObjectSet {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const objs: Obj[] = [];
  const namespaces = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, i) => `ns${i}`);
  const envs = ['prod', 'dev'];
  for (const ns of namespaces) if (chance(0.8)) objs.push(namespace(ns, { env: pick(envs) }));
  const ksMode = pick(['absent', 'namespace', 'labelled', 'pods-only'] as const);
  if (ksMode === 'namespace') objs.push(namespace('kube-system'));
  if (ksMode === 'labelled') objs.push(namespace('kube-system', { role: 'system', env: pick(envs) }));

  const portPool: { name?: string; containerPort: number; protocol?: string }[][] = [
    [], [{ name: 'http', containerPort: 8080 }],
    [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }],
    [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 5353 }],
    [{ name: 'dns', containerPort: 53 }],
  ];
  const appLabels = ['a', 'b', 'c'];
  for (const ns of namespaces) {
    const n = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < n; k++) {
      const name = `w${k}`;
      const labels: Record<string, string> = { app: pick(appLabels) };
      if (chance(0.3)) labels.tier = pick(['web', 'db']);
      const opts = { ports: pick(portPool), hostNetwork: chance(0.1) };
      const shape = pick(['deploy', 'deploy', 'pod', 'pods-differ'] as const);
      if (shape === 'pod') objs.push(pod(ns, name, labels, opts));
      else {
        objs.push(deploy(ns, name, labels, opts));
        if (shape === 'pods-differ') {
          // Pods present stand for the template; two that differ make two pod classes.
          objs.push(pod(ns, `${name}-5d8f7-x1`, { ...labels, extra: 'one' }, { ...opts, owner: { kind: 'ReplicaSet', name: `${name}-5d8f7` } }));
          objs.push(pod(ns, `${name}-5d8f7-x2`, { app: pick(appLabels) }, { ports: pick(portPool), hostNetwork: chance(0.2), owner: { kind: 'ReplicaSet', name: `${name}-5d8f7` } }));
        }
      }
    }
  }
  if (ksMode !== 'absent') {
    if (chance(0.6)) {
      const real = pick([
        [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' }],
        [{ name: 'dns', containerPort: 1053, protocol: 'UDP' }],
        [],
      ]);
      objs.push(deploy('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, { ports: real, hostNetwork: chance(0.15) }));
    }
    if (chance(0.5)) objs.push(deploy('kube-system', 'metrics-server', { 'k8s-app': 'metrics-server' }));
  }

  const dnsSelectors: Obj[] = [
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
    { namespaceSelector: { matchLabels: { role: 'system' } } },
    { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns', 'coredns'] }] } },
    { podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
    { ipBlock: { cidr: '169.254.20.10/32' } },
    { ipBlock: { cidr: '169.254.0.0/16', except: ['169.254.20.0/24'] } },
    { ipBlock: { cidr: '0.0.0.0/0' } },
  ];
  const dnsPorts: (Obj[] | undefined)[] = [
    [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    [{ protocol: 'UDP', port: 53 }],
    [{ port: 53 }],
    [{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns-tcp' }],
    [{ port: 'dns' }],
    [{ protocol: 'UDP', port: 50, endPort: 60 }],
    undefined,
  ];
  const podSelectors: Obj[] = [{}, { matchLabels: { app: 'a' } }, { matchLabels: { app: 'b' } }];
  for (const ns of namespaces) {
    if (chance(0.7)) objs.push(netpol(ns, 'deny', { podSelector: pick(podSelectors), policyTypes: pick([['Egress'], ['Ingress', 'Egress'], ['Ingress']]) }));
    const allows = Math.floor(rand() * 3);
    for (let k = 0; k < allows; k++) {
      const rule: Obj = {};
      if (chance(0.85)) rule.to = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => pick(dnsSelectors));
      const ports = pick(dnsPorts);
      if (ports) rule.ports = ports;
      objs.push(netpol(ns, `dns-${k}`, { podSelector: pick(podSelectors), policyTypes: ['Egress'], egress: [rule] }));
    }
  }
  if (ksMode !== 'absent' && chance(0.6)) {
    const from: Obj[] = [pick([
      { namespaceSelector: {} },
      { namespaceSelector: { matchLabels: { env: 'prod' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': pick(namespaces) } }, podSelector: { matchLabels: { app: 'a' } } },
      { ipBlock: { cidr: '0.0.0.0/0' } },
    ])];
    const rule: Obj = chance(0.8) ? { from } : {};
    const ports = pick(dnsPorts);
    if (ports) rule.ports = ports;
    objs.push(netpol('kube-system', 'dns-ingress', {
      podSelector: pick([{}, { matchLabels: { 'k8s-app': 'kube-dns' } }]), policyTypes: ['Ingress'], ingress: chance(0.85) ? [rule] : [],
    }));
  }

  const adminPeers: Obj[] = [
    { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
    { pods: { namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } },
    { networks: ['169.254.20.10/32'] },
    { networks: ['0.0.0.0/0'] },
    { nodes: {} },
    { namespaces: {} },
  ];
  const adminPorts: (Obj[] | undefined)[] = [
    [{ portNumber: { protocol: 'UDP', port: 53 } }],
    [{ portNumber: { protocol: 'TCP', port: 53 } }, { portNumber: { protocol: 'UDP', port: 53 } }],
    [{ namedPort: 'dns' }],
    [{ portRange: { protocol: 'UDP', start: 1, end: 100 } }],
    undefined,
  ];
  const adminRule = (direction: 'egress' | 'ingress'): Obj => {
    const rule: Obj = { action: pick(['Allow', 'Deny', 'Pass']) };
    if (direction === 'egress') rule.to = [pick(adminPeers)];
    else rule.from = [pick([{ namespaces: {} }, { namespaces: { matchLabels: { env: 'dev' } } }])];
    const ports = pick(adminPorts);
    if (ports) rule.ports = ports;
    return rule;
  };
  const subjects: Obj[] = [
    { namespaces: {} }, { namespaces: { matchLabels: { env: 'prod' } } },
    { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'a' } } } },
    { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
  ];
  const anps = Math.floor(rand() * 3);
  for (let k = 0; k < anps; k++) {
    const spec: Obj = { priority: Math.floor(rand() * 5), subject: pick(subjects) };
    if (chance(0.8)) spec.egress = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => adminRule('egress'));
    if (chance(0.4)) spec.ingress = [adminRule('ingress')];
    objs.push(anp(`anp-${k}`, spec));
  }
  if (chance(0.35)) {
    const egress = [adminRule('egress')].map((r) => ({ ...r, action: r.action === 'Pass' ? 'Deny' : r.action }));
    const spec: Obj = { subject: pick(subjects), egress };
    if (chance(0.4)) spec.ingress = [{ ...adminRule('ingress'), action: 'Deny' }];
    objs.push(banp(spec));
  }
  return setOf(...objs);
}

describe('the DNS answer from the reachability model equals the second model it replaces', () => {
  it('on random clusters, finding for finding', () => {
    const seen = { clusters: 0, blocked: 0, both: 0, udp: 0, tcp: 0, egress: 0, ingress: 0 };
    for (let seed = 1; seed <= 400; seed++) {
      const set = randomCluster(seed);
      const want = referenceDnsBlocked(set);
      expect(current(set), `seed ${seed}`).toEqual(want);
      seen.clusters++;
      seen.blocked += want.length;
      for (const b of want) {
        seen[!b.udp && !b.tcp ? 'both' : !b.udp ? 'udp' : 'tcp']++;
        seen[b.deniedBy]++;
      }
    }
    // The generator must exercise every outcome, or the comparison proves little.
    for (const [k, v] of Object.entries(seen)) expect(v, k).toBeGreaterThan(20);
  });

  it('on the examples and the benchmark generators', () => {
    const sets = [
      ...readdirSync('examples/shop').map((d) => path.join('examples/shop', d)).filter((d) => statSync(d).isDirectory()).map((d) => setOfDirs(d)),
      syntheticCluster({ namespaces: 12, deploymentsPerNamespace: 4, replicas: 2, policiesPerNamespace: 6, adminPolicies: true, seed: 3 }),
      syntheticCluster({ namespaces: 8, deploymentsPerNamespace: 3, replicas: 1, policiesPerNamespace: 1, seed: 5 }),
      new ObjectSet(namespaceDocuments(20240611, 0).docs.concat(namespaceDocuments(20240611, 1).docs).flatMap((d, i) => objectsOf(d.text, `gen${i}`))),
    ];
    for (const set of sets) expect(current(set)).toEqual(referenceDnsBlocked(set));
    expect(referenceDnsBlocked(sets[2]!).length).toBeGreaterThan(0);
  });
});
