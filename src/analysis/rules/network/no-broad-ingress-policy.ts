import {
  isRecord, labelsOf, parseLabelSelector, stringMap,
  type KubeObject, type LabelSelector, type ObjectSet, type Path,
} from '../../../model/index.js';
import { reachability, type Workload } from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';

/** Label that marks a workload as meant to be reached from anywhere. */
const EDGE_LABEL = 'kubeward.io/edge';

/** Names ingress controllers and gateways are deployed under by their official charts and manifests. */
const EDGE_NAMES = new Set([
  'ingress-nginx', 'ingress-nginx-controller', 'nginx-ingress', 'nginx-ingress-controller', 'rke2-ingress-nginx',
  'traefik', 'haproxy-ingress', 'kubernetes-ingress', 'contour', 'envoy', 'emissary-ingress', 'ambassador', 'kong',
  'istio-ingressgateway', 'skipper-ingress', 'nginx-gateway', 'nginx-gateway-fabric',
]);
const EDGE_NAME_KEYS = ['app.kubernetes.io/name', 'app', 'k8s-app'];

/**
 * A workload meant to take traffic from outside: labelled `kubeward.io/edge: "true"` (on the
 * object or its pod template), run under a known ingress controller or gateway name, or selected by
 * a Service that exposes it outside the cluster (LoadBalancer, NodePort, or externalIPs).
 */
function edgeTest(set: ObjectSet): (w: Workload) => boolean {
  const exposing: { namespace: string; selector: Record<string, string> }[] = [];
  for (const svc of set.ofKind('Service')) {
    const spec = isRecord(svc.raw.spec) ? svc.raw.spec : {};
    const exposed = spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
    const selector = stringMap(spec.selector);
    // A Service without a selector selects no pods (its endpoints are managed by hand).
    if (exposed && Object.keys(selector).length > 0) exposing.push({ namespace: svc.namespace ?? 'default', selector });
  }
  return (w) => {
    if (w.labels[EDGE_LABEL] === 'true' || labelsOf(w.sourceObject)[EDGE_LABEL] === 'true') return true;
    if (w.labels.istio === 'ingressgateway') return true;
    if (EDGE_NAME_KEYS.some((k) => w.labels[k] !== undefined && EDGE_NAMES.has(w.labels[k]!))) return true;
    return exposing.some((s) => s.namespace === w.namespace && Object.entries(s.selector).every(([k, v]) => w.labels[k] === v));
  };
}

/** Every namespace: `{}`, or an Exists on the label every namespace carries. */
function selectsAllNamespaces(sel: LabelSelector): boolean {
  if (Object.keys(sel.matchLabels).length > 0) return false;
  return sel.matchExpressions.every((e) => e.key === 'kubernetes.io/metadata.name' && e.operator === 'Exists');
}

function isEmpty(value: unknown): boolean {
  const sel = parseLabelSelector(value);
  return typeof sel !== 'string' && Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0;
}

/** What a rule's ports allow, for the message. */
function describePorts(ports: unknown): string {
  if (!Array.isArray(ports) || ports.length === 0) return 'every port';
  const parts = ports.map((p) => {
    const rec = isRecord(p) ? p : {};
    const protocol = typeof rec.protocol === 'string' ? rec.protocol : 'TCP';
    if (rec.port === undefined || rec.port === null) return `${protocol} (all ports)`;
    const end = typeof rec.endPort === 'number' ? `-${rec.endPort}` : '';
    return `${protocol} ${String(rec.port)}${end}`;
  });
  return parts.join(', ');
}

interface BroadPeer {
  source: string;
  path: Path;
}

/** The over-broad sources of one ingress rule. */
function broadSources(rule: unknown, rulePath: Path): BroadPeer[] {
  const rec = isRecord(rule) ? rule : {};
  const from = rec.from;
  if (!Array.isArray(from) || from.length === 0) {
    return [{ source: 'any source, in the cluster or outside (the rule has no from)', path: rulePath }];
  }
  const out: BroadPeer[] = [];
  from.forEach((peer, j) => {
    if (!isRecord(peer)) return;
    const at = [...rulePath, 'from', j];
    if (peer.namespaceSelector !== undefined && peer.namespaceSelector !== null && peer.ipBlock === undefined) {
      const ns = parseLabelSelector(peer.namespaceSelector);
      const podsAll = peer.podSelector === undefined || peer.podSelector === null || isEmpty(peer.podSelector);
      if (typeof ns !== 'string' && selectsAllNamespaces(ns) && podsAll) {
        out.push({ source: 'every pod in every namespace', path: [...at, 'namespaceSelector'] });
      }
    }
    if (isRecord(peer.ipBlock) && typeof peer.ipBlock.cidr === 'string' && /\/0$/.test(peer.ipBlock.cidr.trim())) {
      const except = Array.isArray(peer.ipBlock.except) && peer.ipBlock.except.length > 0 ? ' (with exceptions)' : '';
      out.push({ source: `any address, ${peer.ipBlock.cidr}${except}`, path: [...at, 'ipBlock', 'cidr'] });
    }
  });
  return out;
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

export default defineRule({
  id: 'no-broad-ingress-policy',
  area: 'network',
  severity: 'medium',
  uses: [reachability],
  title: 'Network policies that admit the whole cluster or the internet to internal workloads',
  description:
    'Reports NetworkPolicy ingress rules that allow every source (a rule without `from`), every pod of every ' +
    'namespace (`namespaceSelector: {}` with no or an empty podSelector) or every address (an ipBlock of ' +
    '`0.0.0.0/0` or `::/0`, exceptions or not) to workloads that are not edge workloads. An edge workload is ' +
    'one selected by a Service of type LoadBalancer or NodePort or with externalIPs, one labelled ' +
    '`kubeward.io/edge: "true"` (on the object or its pod template), or an ingress controller or gateway ' +
    'recognised by its `app.kubernetes.io/name`, `app` or `k8s-app` label (ingress-nginx, traefik, ' +
    'haproxy-ingress, contour, envoy, emissary-ingress, kong, istio-ingressgateway...) or `istio: ' +
    'ingressgateway`. Findings point at the rule or the peer that is too broad.',
  rationale:
    'Internal services (APIs, queues, databases, admin endpoints) should be reachable only from the workloads ' +
    'that call them. A rule that admits the whole cluster or the internet undoes the isolation the policy was ' +
    'written for: any compromised pod, or anyone who reaches a node, gets a direct path to the service.',
  remediation:
    'Name the callers: a `podSelector` for the workloads of the same namespace, a `namespaceSelector` on ' +
    '`kubernetes.io/metadata.name` plus a `podSelector` for callers elsewhere, the ingress controller\'s ' +
    'namespace for web traffic. If the workload really is an edge service, label it `kubeward.io/edge: "true"`.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: network policies' },
  ],
  messages: {
    broad: 'NetworkPolicy "{policy}" ingress rule {rule} allows {source} on {ports} to {targets}, not edge workloads.',
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
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  ingress:
    - from:
        - namespaceSelector: {}
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
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: web
`,
  },
  checkSet(set, ctx) {
    const result = ctx.use(reachability);
    const isEdge = edgeTest(set);
    const byId = new Map(result.workloads.map((w) => [w.id, w]));
    for (const p of result.isolation.policies) {
      if (p.policy.kind !== 'NetworkPolicy' || !p.directions.includes('ingress')) continue;
      const targets = p.selects
        .map((s) => byId.get(`${s.kind}/${s.namespace}/${s.name}`))
        .filter((w): w is Workload => w !== undefined && !isEdge(w));
      if (targets.length === 0) continue;
      const obj: KubeObject | undefined = set.get('NetworkPolicy', p.policy.namespace, p.policy.name);
      const spec = obj && isRecord(obj.raw.spec) ? obj.raw.spec : undefined;
      if (!obj || !spec || !Array.isArray(spec.ingress)) continue;
      const names = targets.map((w) => `${w.namespace}/${w.name}`);
      spec.ingress.forEach((rule, i) => {
        for (const b of broadSources(rule, ['spec', 'ingress', i])) {
          ctx.reportOn(obj, 'broad', {
            policy: p.policy.name, rule: i, source: b.source, ports: describePorts(isRecord(rule) ? rule.ports : undefined),
            targets: listNames(names),
          }, b.path);
        }
      });
    }
  },
});
