/**
 * A synthetic cluster for timing the reachability engine: namespaces of Deployments whose Pods are
 * present (owned through `<deployment>-<hash>` ReplicaSets), with a realistic policy mix per
 * namespace (default deny, DNS, same-namespace and cross-namespace allows, named ports, ipBlocks)
 * and a few admin network policies. Deterministic for a given seed.
 */
import { ObjectSet, toKubeObject, type KubeObject } from '../src/model/index.js';
import { prng } from './prng.js';

export interface SyntheticOptions {
  namespaces: number;
  deploymentsPerNamespace: number;
  replicas: number;
  /** NetworkPolicies per namespace: default deny and DNS first, then app policies; 0 for none. */
  policiesPerNamespace: number;
  adminPolicies?: boolean;
  /** Default deny for ingress only, so egress stays open (every pair must then be looked at). */
  openEgress?: boolean;
  seed?: number;
}

/** Builds the synthetic cluster as an ObjectSet. */
export function syntheticCluster(o: SyntheticOptions): ObjectSet {
  const rand = prng(o.seed ?? 1);
  const pick = (n: number) => Math.floor(rand() * n);
  const objs: KubeObject[] = [];
  const push = (raw: Record<string, unknown>) => {
    const obj = toKubeObject(raw, { type: 'reference', ref: `synthetic:${objs.length}` });
    if (obj) objs.push(obj);
  };
  const tiers = ['web', 'api', 'worker', 'data'];
  for (let n = 0; n < o.namespaces; n++) {
    const ns = `team-${n}`;
    push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: `t${n % 20}`, env: n % 3 === 0 ? 'prod' : 'dev' } } });
    for (let d = 0; d < o.deploymentsPerNamespace; d++) {
      const app = `app-${d}`;
      const labels = { app, tier: tiers[d % tiers.length]! };
      const hash = (n * 7919 + d * 104729).toString(36).slice(-6).padStart(6, 'x');
      const ports = [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }];
      push({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app, namespace: ns },
        spec: { replicas: o.replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x', ports }] } } },
      });
      for (let r = 0; r < o.replicas; r++) {
        push({
          apiVersion: 'v1', kind: 'Pod',
          metadata: {
            name: `${app}-${hash}-${r}`, namespace: ns, labels: { ...labels, 'pod-template-hash': hash },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, controller: true }],
          },
          spec: { containers: [{ name: 'c', image: 'x', ports }] },
        });
      }
    }
    if (o.policiesPerNamespace > 0) push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: ns }, spec: { podSelector: {}, policyTypes: o.openEgress ? ['Ingress'] : ['Ingress', 'Egress'] } });
    if (o.policiesPerNamespace > 1) push({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'dns', namespace: ns },
      spec: {
        podSelector: {}, policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
      },
    });
    for (let p = 2; p < o.policiesPerNamespace; p++) {
      const target = `app-${pick(o.deploymentsPerNamespace)}`;
      const kind = pick(4);
      const spec: Record<string, unknown> = { podSelector: { matchLabels: { app: target } } };
      if (kind === 0) {
        spec.ingress = [{ from: [{ podSelector: { matchLabels: { app: `app-${pick(o.deploymentsPerNamespace)}` } } }], ports: [{ port: 'http' }] }];
      } else if (kind === 1) {
        spec.ingress = [{ from: [{ namespaceSelector: { matchLabels: { team: `t${pick(20)}` } }, podSelector: { matchLabels: { tier: 'web' } } }], ports: [{ port: 8080 }, { port: 9000, endPort: 9100 }] }];
      } else if (kind === 2) {
        spec.policyTypes = ['Egress'];
        spec.egress = [
          { to: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'data'] }] } }], ports: [{ port: 'http' }] },
          { to: [{ ipBlock: ((b) => ({ cidr: `10.${b}.0.0/16`, except: [`10.${b}.${pick(256)}.0/24`] }))(pick(256)) }], ports: [{ port: 443 }] },
        ];
      } else {
        spec.ingress = [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 'metrics' }] }];
      }
      push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${p}`, namespace: ns }, spec });
    }
  }
  push({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: 'kube-system' },
    spec: { template: { metadata: { labels: { 'k8s-app': 'kube-dns' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  });
  push({
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'node-exporter', namespace: 'monitoring' },
    spec: { template: { metadata: { labels: { app: 'node-exporter' } }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'x' }] } } },
  });
  if (o.adminPolicies) {
    push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'protect-prod' },
      spec: {
        priority: 10, subject: { namespaces: { matchLabels: { env: 'prod' } } },
        ingress: [
          { name: 'monitoring', action: 'Allow', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] },
          { name: 'dev', action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'dev' } } }] },
        ],
        egress: [{ name: 'metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
      },
    });
    push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' },
      spec: { subject: { namespaces: {} }, ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: {} }] }] },
    });
  }
  return new ObjectSet(objs);
}
