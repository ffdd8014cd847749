import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-broad-ingress-policy.js';

/** 16 lines; `extraLabels` go under the pod template labels (each line indented by 8). */
const deployment = (name: string, extraLabels = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}${extraLabels}
    spec:
      containers:
        - name: main
          image: registry.example/${name}:1
`;

/** The policy starts 2 lines after the deployment's 17: `---` then the policy at line 19. */
const policyFor = (app: string, ingress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: ${app}
  ingress:
${ingress}`;

const fromAllNamespaces = `    - from:
        - namespaceSelector: {}
`;

testRule(rule, {
  valid: [
    {
      name: 'named callers only',
      yaml: `${deployment('api')}---\n${policyFor('api', `    - from:
        - podSelector:
            matchLabels:
              app: web
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
          podSelector:
            matchLabels:
              app: prometheus
`)}`,
    },
    {
      name: 'all namespaces but a pod label: the Prometheus pattern',
      yaml: `${deployment('api')}---\n${policyFor('api', `    - from:
        - namespaceSelector: {}
          podSelector:
            matchLabels:
              app: prometheus
`)}`,
    },
    {
      name: 'an edge workload selected by a LoadBalancer Service may take traffic from anywhere',
      yaml: `${deployment('web')}---\n${policyFor('web', `    - from:
        - ipBlock:
            cidr: 0.0.0.0/0
`)}---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
    - port: 443
`,
    },
    {
      name: 'an ingress controller, recognised by its name label',
      yaml: `${deployment('edge', '\n        app.kubernetes.io/name: ingress-nginx')}---\n${policyFor('edge', '    - {}\n')}`,
    },
    {
      name: 'a workload labelled kubeward.io/edge',
      yaml: `${deployment('edge', '\n        kubeward.io/edge: "true"')}---\n${policyFor('edge', fromAllNamespaces)}`,
    },
    {
      name: 'ingress rules of a policy that only governs egress have no effect',
      yaml: `${deployment('api')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Egress"]
  ingress:
    - {}
`,
    },
    {
      name: 'a ClusterIP Service does not make a workload an edge; a policy selecting nothing is another rule',
      yaml: `${deployment('api')}---\n${policyFor('nothing', fromAllNamespaces)}`,
    },
  ],
  invalid: [
    {
      name: 'from every namespace, reported at the namespaceSelector',
      yaml: `${deployment('api')}---\n${policyFor('api', fromAllNamespaces)}`,
      findings: [{
        messageId: 'broad', line: 30, column: 11, path: 'spec.ingress[0].from[0].namespaceSelector',
        data: { policy: 'api', rule: 0, source: 'every pod in every namespace', ports: 'every port', targets: 'shop/api' },
      }],
    },
    {
      name: 'a rule without from, with ports, reported at the rule',
      yaml: `${deployment('api')}---\n${policyFor('api', `    - ports:
        - port: 8080
        - port: 9000
          endPort: 9100
          protocol: UDP
`)}`,
      findings: [{
        messageId: 'broad', line: 29, path: 'spec.ingress[0]',
        data: { policy: 'api', rule: 0, source: 'any source, in the cluster or outside (the rule has no from)', ports: 'TCP 8080, UDP 9000-9100', targets: 'shop/api' },
      }],
    },
    {
      name: 'from 0.0.0.0/0 with exceptions, and from ::/0, in a second rule',
      yaml: `${deployment('api')}---\n${policyFor('api', `    - from:
        - podSelector: {}
    - from:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: ["10.0.0.0/8"]
        - ipBlock:
            cidr: "::/0"
      ports:
        - port: http
`)}`,
      findings: [
        { messageId: 'broad', line: 33, path: 'spec.ingress[1].from[0].ipBlock.cidr', data: { policy: 'api', rule: 1, source: 'any address, 0.0.0.0/0 (with exceptions)', ports: 'TCP http', targets: 'shop/api' } },
        { messageId: 'broad', line: 36, path: 'spec.ingress[1].from[1].ipBlock.cidr' },
      ],
    },
    {
      name: 'an Exists on kubernetes.io/metadata.name is every namespace too',
      yaml: `${deployment('api')}---\n${policyFor('api', `    - from:
        - namespaceSelector:
            matchExpressions:
              - key: kubernetes.io/metadata.name
                operator: Exists
          podSelector: {}
`)}`,
      findings: [{ messageId: 'broad', line: 30 }],
    },
    {
      name: 'a namespace-wide policy names only the non-edge workloads',
      yaml: `${deployment('api')}---
${deployment('web')}---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: all
  namespace: shop
spec:
  podSelector: {}
  ingress:
    - {}
`,
      findings: [{ messageId: 'broad', line: 57, data: { policy: 'all', rule: 0, source: 'any source, in the cluster or outside (the rule has no from)', ports: 'every port', targets: 'shop/api' } }],
    },
  ],
});
