import { testRule } from '../../../../test/rule-tester.js';
import rule from './dns-egress-allowed.js';

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
