import { testRule } from '../../../../test/rule-tester.js';
import rule from './workload-network-isolated.js';

const deployment = (name: string, ns = 'shop', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:${extra}
      containers:
        - name: main
          image: registry.example/${name}:1
`;

const policy = (name: string, selector: string, types: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
  podSelector: ${selector}
  policyTypes: ${types}
`;

testRule(rule, {
  valid: [
    {
      name: 'a namespace-wide policy for both directions',
      yaml: `${deployment('web')}---
${policy('default-deny', '{}', '["Ingress", "Egress"]')}`,
    },
    {
      name: 'hostNetwork workloads are left out',
      yaml: deployment('agent', 'shop', '\n      hostNetwork: true'),
    },
    {
      name: 'kube-system is exempt by default',
      yaml: deployment('coredns', 'kube-system'),
    },
    {
      name: 'an admin network policy with rules for both directions governs the workload',
      yaml: `${deployment('web')}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: shop
spec:
  priority: 10
  subject:
    namespaces:
      matchLabels:
        kubernetes.io/metadata.name: shop
  ingress:
    - action: Pass
      from:
        - namespaces: {}
  egress:
    - action: Pass
      to:
        - namespaces: {}
`,
    },
    {
      name: 'directions: only ingress is required',
      yaml: `${deployment('web')}---
${policy('in', '{}', '["Ingress"]')}`,
      options: { directions: ['ingress'] },
    },
  ],
  invalid: [
    {
      name: 'no policy at all: reported at the pod labels',
      yaml: deployment('web'),
      findings: [{ messageId: 'both', line: 12, path: 'spec.template.metadata.labels', data: { workload: 'Deployment shop/web' } }],
    },
    {
      name: 'a policy for ingress only leaves egress open',
      yaml: `${deployment('web')}---
${policy('web', '{matchLabels: {app: web}}', '["Ingress"]')}`,
      findings: [{ messageId: 'egress', line: 12, data: { workload: 'Deployment shop/web' } }],
    },
    {
      name: 'a policy for another workload leaves this one open',
      yaml: `${deployment('web')}---
${deployment('api')}---
${policy('web', '{matchLabels: {app: web}}', '["Ingress", "Egress"]')}`,
      findings: [{ messageId: 'both', line: 30, data: { workload: 'Deployment shop/api' } }],
    },
    {
      name: 'egress-only policy: ingress open',
      yaml: `${deployment('web')}---
${policy('out', '{}', '["Egress"]')}`,
      findings: [{ messageId: 'ingress', line: 12 }],
    },
    {
      name: 'a bare Pod: reported at metadata.labels',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: shop
  labels:
    run: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
`,
      findings: [{ messageId: 'both', line: 6, path: 'metadata.labels', data: { workload: 'Pod shop/debug' } }],
    },
  ],
});
