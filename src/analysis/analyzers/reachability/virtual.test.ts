/**
 * Virtual pods (option `virtualPods`): destinations evaluated against the policies of the input
 * without being part of it. Expected values worked out by hand from the policies.
 */
import { describe, expect, it } from 'vitest';
import { syntheticCluster } from '../../../../bench/reachability-synthetic.js';
import { deploy, namespace, netpol, setOf } from '../../../../test/fixtures/network/build.js';
import { ALL, ports } from '../../../../test/fixtures/network/expect.js';
import { setOfDirs } from '../../../../test/fixtures/network/load.js';
import type { ObjectSet } from '../../../model/index.js';
import {
  CLUSTER_DNS_POD, computeReachability, externalPeerHolds, reachability, type PortSetJson, type VirtualPod,
} from './index.js';

const NOTHING: PortSetJson = { all: false, protocols: {} };

const dnsEgress = netpol('prod', 'dns', {
  podSelector: {},
  policyTypes: ['Egress'],
  egress: [{
    to: [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    }],
    // dns-tcp resolves on the destination: TCP 53 on the DNS pod.
    ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 'dns-tcp' }],
  }],
});
const base = [
  namespace('prod', { env: 'prod' }), namespace('dev', { env: 'dev' }),
  deploy('prod', 'api', { app: 'api' }), dnsEgress,
  deploy('dev', 'tool', { app: 'tool' }),
  deploy('dev', 'host', { app: 'host' }, { hostNetwork: true }),
];
/** The DNS pods admit prod only, on every port. */
const dnsIngress = netpol('kube-system', 'dns-in', {
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }] }],
});

function access(set: ObjectSet, pod: VirtualPod = CLUSTER_DNS_POD): Record<string, { allowed: PortSetJson; egress: PortSetJson }> {
  const r = computeReachability(set, { virtualPods: [pod] });
  const v = r.virtualPods!.find((a) => a.name === pod.name)!;
  return Object.fromEntries(r.workloads.map((w, i) => [`${w.namespace}/${w.name}`, { allowed: v.allowed[i]!, egress: v.egress[i]! }]));
}

describe('virtual pods', () => {
  it('are selected in a namespace the input does not have, and their named ports resolve', () => {
    expect(access(setOf(...base))).toEqual({
      'dev/host': { allowed: ALL, egress: ALL },
      'dev/tool': { allowed: ALL, egress: ALL },
      'prod/api': { allowed: ports({ TCP: [53], UDP: [53] }), egress: ports({ TCP: [53], UDP: [53] }) },
    });
  });

  it('get the ingress policies that select them: egress alone is reported apart', () => {
    expect(access(setOf(...base, dnsIngress))).toEqual({
      // hostNetwork pods match no namespaceSelector.
      'dev/host': { allowed: NOTHING, egress: ALL },
      'dev/tool': { allowed: NOTHING, egress: ALL },
      'prod/api': { allowed: ports({ TCP: [53], UDP: [53] }), egress: ports({ TCP: [53], UDP: [53] }) },
    });
  });

  it('without the named port the policy names, the named rule allows nothing on them', () => {
    const plain: VirtualPod = { ...CLUSTER_DNS_POD, name: 'plain', namedPorts: [] };
    expect(access(setOf(...base), plain)['prod/api']).toEqual({ allowed: ports({ UDP: [53] }), egress: ports({ UDP: [53] }) });
  });

  it('add nothing else to the result: no connection, workload, isolation entry or namespace', () => {
    const sets = [
      setOf(...base), setOf(...base, dnsIngress),
      setOf(...base, deploy('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, { ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] })),
      syntheticCluster({ namespaces: 10, deploymentsPerNamespace: 3, replicas: 2, policiesPerNamespace: 5, adminPolicies: true, seed: 9 }),
      setOfDirs('examples/shop/hardened'), setOfDirs('examples/shop/insecure'),
    ];
    for (const set of sets) {
      const { virtualPods, ...rest } = computeReachability(set, { virtualPods: [CLUSTER_DNS_POD] });
      expect(virtualPods).toHaveLength(1);
      expect(rest).toEqual(computeReachability(set));
    }
    expect(computeReachability(setOf(...base), { virtualPods: [CLUSTER_DNS_POD] }).isolation.namespaces.map((n) => n.namespace)).toEqual(['dev', 'prod']);
  });

  it('the reachability analyzer evaluates the cluster DNS; plain computeReachability none', () => {
    expect(reachability.compute(setOf(...base)).virtualPods?.map((v) => v.name)).toEqual(['cluster-dns']);
    expect(computeReachability(setOf(...base)).virtualPods).toBeUndefined();
  });
});

describe('externalPeerHolds', () => {
  it('tests an address against every range of the peer, by family', () => {
    expect(externalPeerHolds({ type: 'external', cidrs: ['169.254.0.0/16'] }, '169.254.20.10')).toBe(true);
    expect(externalPeerHolds({ type: 'external', cidrs: ['169.254.20.11/32', '169.254.20.8/31'] }, '169.254.20.10')).toBe(false);
    expect(externalPeerHolds({ type: 'external', cidrs: ['10.0.0.0/8', '::/0'] }, '169.254.20.10')).toBe(false);
    expect(externalPeerHolds({ type: 'external', cidrs: ['10.0.0.0/8', '::/0'] }, 'fd00::1')).toBe(true);
    expect(externalPeerHolds({ type: 'external', cidrs: ['0.0.0.0/0'] }, 'not-an-ip')).toBe(false);
  });
});
