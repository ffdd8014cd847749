import { testRule } from '../../../../test/rule-tester.js';
import rule from './namespace-default-deny.js';

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
`;

const deployment = (name: string, ns = 'shop') => `apiVersion: apps/v1
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
    spec:
      containers:
        - name: main
          image: registry.example/${name}:1
`;

testRule(rule, {
  valid: [
    {
      name: 'one policy denies both directions',
      yaml: `${NAMESPACE}---
${deployment('web')}---
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
    {
      name: 'two policies, one per direction, and other rules do not matter',
      yaml: `${deployment('web')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-ingress
  namespace: shop
spec:
  podSelector: {}
  ingress:
    - from:
        - podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: dns-only
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Egress"]
  egress:
    - ports:
        - port: 53
          protocol: UDP
`,
    },
    {
      name: 'kube-system is exempt by default',
      yaml: deployment('coredns', 'kube-system'),
    },
    {
      name: 'the exempt option replaces the default list',
      yaml: deployment('web'),
      options: { exempt: ['shop'] },
    },
    {
      name: 'directions: only ingress is required',
      yaml: `${deployment('web')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
`,
      options: { directions: ['ingress'] },
    },
    {
      name: 'a baseline admin network policy that denies every namespace counts',
      yaml: `${deployment('web')}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: default
spec:
  subject:
    namespaces: {}
  ingress:
    - name: deny-all
      action: Deny
      from:
        - namespaces: {}
  egress:
    - name: deny-all
      action: Deny
      to:
        - namespaces: {}
`,
    },
    {
      name: 'a namespace only a ConfigMap names runs nothing',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
`,
    },
  ],
  invalid: [
    {
      name: 'no policy: reported on the Namespace object',
      yaml: `${NAMESPACE}---
${deployment('web')}`,
      findings: [{ messageId: 'both', line: 1, data: { namespace: 'shop' } }],
    },
    {
      name: 'no Namespace object: reported on the first workload by name',
      yaml: `${deployment('web')}---
${deployment('api')}`,
      findings: [{ messageId: 'both', line: 19, path: '' }],
    },
    {
      name: 'a namespace-wide policy for ingress only leaves egress open',
      yaml: `${NAMESPACE}---
${deployment('web')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
`,
      findings: [{ messageId: 'egress', line: 1, data: { namespace: 'shop' } }],
    },
    {
      name: 'a policy that selects some pods is not a default deny',
      yaml: `${NAMESPACE}---
${deployment('web')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: ["Ingress", "Egress"]
`,
      findings: [{ messageId: 'both', line: 1 }],
    },
    {
      name: 'an empty-selector policy whose rule allows everything is reported on that rule',
      yaml: `${NAMESPACE}---
${deployment('web')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Ingress", "Egress"]
  ingress:
    - {}
  egress:
    - to:
        - namespaceSelector: {}
`,
      findings: [
        { messageId: 'allowAll', line: 33, path: 'spec.ingress[0]', data: { policy: 'allow-all', namespace: 'shop', direction: 'ingress', rule: 0 } },
      ],
    },
    {
      name: 'manifests without a namespace are in default',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
`,
      findings: [{ messageId: 'both', line: 1, data: { namespace: 'default' } }],
    },
    {
      name: 'the baseline policy must cover the namespace',
      yaml: `${deployment('web')}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: default
spec:
  subject:
    namespaces:
      matchLabels:
        kubernetes.io/metadata.name: other
  ingress:
    - name: deny-all
      action: Deny
      from:
        - namespaces: {}
`,
      findings: [{ messageId: 'both', line: 1 }],
    },
  ],
});
