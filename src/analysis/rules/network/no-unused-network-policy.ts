import { reachability } from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-unused-network-policy',
  area: 'network',
  severity: 'low',
  uses: [reachability],
  title: 'Network policies that select no pods',
  description:
    'Reports NetworkPolicies whose `podSelector` selects no pod of the workloads in their namespace, and ' +
    'AdminNetworkPolicies or the BaselineAdminNetworkPolicy whose `subject` selects no pod at all. hostNetwork ' +
    'pods do not count: policies never apply to them. A NetworkPolicy in a namespace without any workload in ' +
    'the input is not judged (the workloads may live in other manifests); it is listed as not assessed.',
  rationale:
    'A policy that selects nothing protects nothing, and it usually means a typo or a stale label: the ' +
    'workload it was written for runs unprotected while the manifests suggest otherwise.',
  remediation:
    'Make the selector match the labels of the pod template it is meant for (compare ' +
    '`spec.podSelector` with `spec.template.metadata.labels`), or delete the policy.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: network policies' },
  ],
  messages: {
    networkPolicy: 'NetworkPolicy "{policy}" selects no pod: none of the {count} workloads of namespace "{namespace}" matches its podSelector.',
    adminPolicy: '{kind} "{policy}" selects no pod of the {count} workloads in the input.',
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
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: website
  ingress:
    - ports:
        - port: 8080
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
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - ports:
        - port: 8080
`,
  },
  checkSet(set, ctx) {
    const result = ctx.use(reachability);
    const counts = new Map(result.isolation.namespaces.map((n) => [n.namespace, n.workloads]));
    const emptyNamespaces = new Set<string>();
    for (const p of result.isolation.policies) {
      if (p.selects.length > 0) continue;
      const ref = p.policy;
      if (ref.kind === 'NetworkPolicy') {
        const ns = ref.namespace ?? 'default';
        const count = counts.get(ns) ?? 0;
        if (count === 0) {
          emptyNamespaces.add(ns);
          continue;
        }
        const obj = set.get('NetworkPolicy', ns, ref.name);
        if (obj) ctx.reportOn(obj, 'networkPolicy', { policy: ref.name, namespace: ns, count }, ['spec', 'podSelector']);
      } else if (result.workloads.length > 0) {
        const obj = set.get(ref.kind, undefined, ref.name);
        if (obj) ctx.reportOn(obj, 'adminPolicy', { kind: ref.kind, policy: ref.name, count: result.workloads.length }, ['spec', 'subject']);
      }
    }
    if (emptyNamespaces.size > 0) {
      ctx.notAssessed(`NetworkPolicies in namespaces with no workload in the input (${[...emptyNamespaces].sort().join(', ')}): whether they select pods cannot be told.`);
    }
  },
});
