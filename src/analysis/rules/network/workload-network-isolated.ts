import { podTemplateOf, type Path } from '../../../model/index.js';
import { reachability, type Direction, type DirectionIsolation } from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';

const DEFAULT_EXEMPT = ['kube-system', 'kube-public', 'kube-node-lease'];
const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

function governed(d: DirectionIsolation): boolean {
  return d.policies.length > 0 || d.adminPolicies.length > 0 || d.baseline;
}

export default defineRule({
  id: 'workload-network-isolated',
  area: 'network',
  severity: 'low',
  uses: [reachability],
  title: 'Workloads that no network policy selects',
  description:
    'Reports each workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, bare Pod...) whose pods no ' +
    'NetworkPolicy selects for ingress or for egress, and that no AdminNetworkPolicy or ' +
    'BaselineAdminNetworkPolicy with rules for that direction applies to: in that direction its traffic is ' +
    'not filtered at all. hostNetwork workloads are left out (NetworkPolicy cannot govern them; ' +
    '`no-host-network` reports them). Options: `exempt` (namespaces to skip, default kube-system, kube-public, ' +
    'kube-node-lease) and `directions` (default `[ingress, egress]`). Findings point at the pod labels the ' +
    'policies would select on.',
  rationale:
    'An unselected pod accepts connections from every pod in the cluster and from outside, and can connect ' +
    'anywhere: one compromised workload can then reach every unprotected service, and exfiltrate freely.',
  remediation:
    'Add a default-deny NetworkPolicy to the namespace (`podSelector: {}`, `policyTypes: [Ingress, Egress]`), ' +
    'then a policy selecting this workload that allows exactly the flows it needs.',
  references: [
    { framework: 'cis-k8s', control: '5.3.2' },
    { framework: 'nsa-cisa', control: 'Network separation and hardening: network policies' },
  ],
  messages: {
    both: '{workload} is selected by no network policy: its ingress and egress are unrestricted.',
    ingress: '{workload} is selected by no network policy for ingress: any pod or address can connect to it.',
    egress: '{workload} is selected by no network policy for egress: it can connect anywhere.',
  },
  examples: {
    bad: `apiVersion: apps/v1
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
    good: `apiVersion: apps/v1
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
  checkSet(_set, ctx) {
    const exempt = new Set(Array.isArray(ctx.options.exempt) ? ctx.options.exempt.map(String) : DEFAULT_EXEMPT);
    const directions = Array.isArray(ctx.options.directions)
      ? DIRECTIONS.filter((d) => (ctx.options.directions as unknown[]).includes(d))
      : DIRECTIONS;
    const result = ctx.use(reachability);
    result.workloads.forEach((w, i) => {
      const iso = result.isolation.workloads[i]!;
      if (w.hostNetwork || exempt.has(w.namespace)) return;
      const open = directions.filter((d) => !governed(iso[d]));
      if (open.length === 0) return;
      const obj = w.sourceObject;
      const tpl = podTemplateOf(obj);
      const labels: Path = tpl ? [...tpl.metadataPath, 'labels'] : ['metadata', 'labels'];
      const data = { workload: `${w.kind} ${w.namespace}/${w.name}` };
      ctx.reportOn(obj, open.length === 2 ? 'both' : open[0]!, data, labels);
    });
  },
});
