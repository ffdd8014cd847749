import {
  isEmptySelector, isRecord, matchesSelector, parseLabelSelector,
  type KubeObject, type ObjectSet,
} from '../../../model/index.js';
import { reachability, type Direction, type NamespaceIsolation } from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';

const DEFAULT_EXEMPT = ['kube-system', 'kube-public', 'kube-node-lease'];
const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** The namespaces (and their workloads) the option `exempt` leaves out. */
function exemptOf(options: Readonly<Record<string, unknown>>): Set<string> {
  return new Set(Array.isArray(options.exempt) ? options.exempt.map(String) : DEFAULT_EXEMPT);
}

function directionsOf(options: Readonly<Record<string, unknown>>): Direction[] {
  if (!Array.isArray(options.directions)) return [...DIRECTIONS];
  return DIRECTIONS.filter((d) => (options.directions as unknown[]).includes(d));
}

/** The index of a rule that matches every peer on every port, if the list has one. */
function allowAllRule(rules: unknown, peersField: 'from' | 'to'): number {
  if (!Array.isArray(rules)) return -1;
  return rules.findIndex((r) => {
    const rec = isRecord(r) ? r : {};
    const peers = rec[peersField];
    const ports = rec.ports;
    return (!Array.isArray(peers) || peers.length === 0) && (!Array.isArray(ports) || ports.length === 0);
  });
}

/**
 * Whether the BaselineAdminNetworkPolicy denies, by default, every in-cluster peer of this
 * namespace's pods in a direction: its subject holds the whole namespace and one of its rules is a
 * Deny with a `namespaces: {}` peer and no ports.
 */
function baselineDenies(set: ObjectSet, ns: NamespaceIsolation, direction: Direction): boolean {
  const banp = set.get('BaselineAdminNetworkPolicy', undefined, 'default');
  if (!banp || !isRecord(banp.raw.spec)) return false;
  const spec = banp.raw.spec;
  const subject = isRecord(spec.subject) ? spec.subject : {};
  let covers = false;
  if (subject.namespaces !== undefined) {
    const sel = parseLabelSelector(subject.namespaces);
    covers = typeof sel !== 'string' && matchesSelector(sel, ns.labels);
  } else if (isRecord(subject.pods)) {
    const nsSel = parseLabelSelector(subject.pods.namespaceSelector);
    const podSel = parseLabelSelector(subject.pods.podSelector);
    covers = typeof nsSel !== 'string' && typeof podSel !== 'string' && isEmptySelector(podSel) && matchesSelector(nsSel, ns.labels);
  }
  if (!covers) return false;
  const rules = spec[direction];
  const field = direction === 'ingress' ? 'from' : 'to';
  return Array.isArray(rules) && rules.some((r) => {
    if (!isRecord(r) || r.action !== 'Deny' || r.ports !== undefined) return false;
    const peers = r[field];
    return Array.isArray(peers) && peers.some((p) => {
      if (!isRecord(p) || !isRecord(p.namespaces)) return false;
      const sel = parseLabelSelector(p.namespaces);
      return typeof sel !== 'string' && isEmptySelector(sel);
    });
  });
}

export default defineRule({
  id: 'namespace-default-deny',
  area: 'network',
  severity: 'medium',
  uses: [reachability],
  title: 'Namespaces without a default-deny NetworkPolicy',
  description:
    'Every namespace that runs workloads (or is declared by a Namespace object) should have a NetworkPolicy ' +
    'with an empty `podSelector` that isolates all its pods for ingress and for egress, so that each allowed ' +
    'flow has to be opened by a further policy. A policy with an empty podSelector counts whatever else it ' +
    'allows, unless one of its rules allows every peer on every port (then it is reported itself). A ' +
    'BaselineAdminNetworkPolicy whose subject holds the namespace and that has a port-less Deny rule for ' +
    '`namespaces: {}` counts too. Options: `exempt` (namespaces to skip, default kube-system, kube-public, ' +
    'kube-node-lease) and `directions` (default `[ingress, egress]`). Findings point at the Namespace object ' +
    'when the input has it, else at the first workload of the namespace.',
  rationale:
    'Kubernetes allows all pod-to-pod traffic until a policy selects a pod. Without a namespace-wide default ' +
    'deny, every workload that nobody wrote a policy for (and every one deployed later) accepts connections ' +
    'from any pod in the cluster and can open connections anywhere, which is what lateral movement after a ' +
    'compromise needs.',
  remediation:
    'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` and no rules to the ' +
    'namespace, then allow the flows each workload needs (DNS to kube-dns included) with further policies.',
  references: [
    { framework: 'cis-k8s', control: '5.3.2' },
    { framework: 'nsa-cisa', control: 'Network separation and hardening: network policies' },
  ],
  messages: {
    both: 'Namespace "{namespace}" has no default-deny NetworkPolicy for ingress or egress: pods no other policy selects accept and open any connection.',
    ingress: 'Namespace "{namespace}" has no default-deny ingress NetworkPolicy: pods no other policy selects accept connections from anywhere.',
    egress: 'Namespace "{namespace}" has no default-deny egress NetworkPolicy: pods no other policy selects can connect anywhere.',
    allowAll: 'NetworkPolicy "{policy}" selects every pod of namespace "{namespace}" for {direction}, but its {direction} rule {rule} allows all traffic: it is not a default deny.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
    good: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
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
  },
  checkSet(set, ctx) {
    const exempt = exemptOf(ctx.options);
    const directions = directionsOf(ctx.options);
    if (directions.length === 0) return;
    const result = ctx.use(reachability);
    const firstWorkload = new Map<string, KubeObject>();
    // Workloads come sorted by namespace, then name.
    for (const w of result.workloads) if (!firstWorkload.has(w.namespace)) firstWorkload.set(w.namespace, w.sourceObject);
    for (const ns of result.isolation.namespaces) {
      if (exempt.has(ns.namespace)) continue;
      // A namespace known only from, say, a ConfigMap runs nothing a policy could protect.
      const anchor = set.get('Namespace', undefined, ns.namespace) ?? firstWorkload.get(ns.namespace);
      if (!anchor) continue;
      const missing: Direction[] = [];
      for (const direction of directions) {
        let denied = false;
        const allowAll: { policy: KubeObject; rule: number }[] = [];
        for (const ref of ns.defaultDeny[direction]) {
          const policy = set.get('NetworkPolicy', ns.namespace, ref.name);
          const spec = policy && isRecord(policy.raw.spec) ? policy.raw.spec : {};
          const rule = allowAllRule(spec[direction], direction === 'ingress' ? 'from' : 'to');
          if (rule < 0) denied = true;
          else if (policy) allowAll.push({ policy, rule });
        }
        if (denied || baselineDenies(set, ns, direction)) continue;
        if (allowAll.length > 0) {
          for (const { policy, rule } of allowAll) {
            ctx.reportOn(policy, 'allowAll', { policy: policy.name, namespace: ns.namespace, direction, rule }, ['spec', direction, rule]);
          }
        } else missing.push(direction);
      }
      if (missing.length === 2) ctx.reportOn(anchor, 'both', { namespace: ns.namespace });
      else if (missing.length === 1) ctx.reportOn(anchor, missing[0]!, { namespace: ns.namespace });
    }
  },
});
