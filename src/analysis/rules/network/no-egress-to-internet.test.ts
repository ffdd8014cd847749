import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-egress-to-internet.js';

/** Rules start at line 10. */
const policy = (egress: string, types = '["Egress"]') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: out
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ${types}
  egress:
${egress}`;

const WEB = `---
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
`;

testRule(rule, {
  valid: [
    {
      name: 'named ranges and ports',
      yaml: policy(`    - to:
        - ipBlock:
            cidr: 203.0.113.0/24
      ports:
        - port: 443
`),
    },
    {
      name: 'DNS to any address is left out',
      yaml: policy(`    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
`),
    },
    {
      name: 'in-cluster peers only',
      yaml: policy(`    - to:
        - namespaceSelector: {}
`),
    },
    {
      name: 'egress rules of a policy that does not govern egress have no effect',
      yaml: policy(`    - {}
`, '["Ingress"]'),
    },
  ],
  invalid: [
    {
      name: 'an ipBlock of 0.0.0.0/0, reported at its cidr',
      yaml: `${policy(`    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: ["10.0.0.0/8"]
`)}${WEB}`,
      findings: [{
        messageId: 'anyAddress', line: 12, column: 13, path: 'spec.egress[0].to[0].ipBlock.cidr',
        data: { policy: 'out', rule: 0, workloads: 'shop/web', destination: 'any address, 0.0.0.0/0 (with exceptions)', ports: 'every port' },
      }],
    },
    {
      name: 'a rule without to, with ports other than DNS',
      yaml: policy(`    - ports:
        - port: 53
          protocol: UDP
        - port: 443
`),
      findings: [{
        messageId: 'anyAddress', line: 10, path: 'spec.egress[0]',
        data: { policy: 'out', rule: 0, workloads: 'the pods it selects', destination: 'every destination, in the cluster or outside (the rule has no to)', ports: 'UDP 53, TCP 443' },
      }],
    },
    {
      name: 'egress defaulted on by egress rules, IPv6 in a second rule',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: out
  namespace: shop
spec:
  podSelector: {}
  egress:
    - to:
        - podSelector: {}
    - to:
        - ipBlock:
            cidr: "::/0"
      ports:
        - port: 443
`,
      findings: [{ messageId: 'anyAddress', line: 13, data: { policy: 'out', rule: 1, workloads: 'the pods it selects', destination: 'any address, ::/0', ports: 'TCP 443' } }],
    },
  ],
});
