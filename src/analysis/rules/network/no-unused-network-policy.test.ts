import { describe, expect, it } from 'vitest';
import { emptyConfig, ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { runRules } from '../../engine.js';
import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-unused-network-policy.js';

const WEB = `apiVersion: apps/v1
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
        tier: front
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const policy = (selector: string, ns = 'shop') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
  namespace: ${ns}
spec:
  podSelector:
${selector}
`;

testRule(rule, {
  valid: [
    { name: 'matchLabels that match', yaml: `${WEB}---\n${policy('    matchLabels:\n      app: web')}` },
    { name: 'an empty podSelector selects every pod', yaml: `${WEB}---\n${policy('    matchLabels: {}')}` },
    {
      name: 'matchExpressions that match',
      yaml: `${WEB}---\n${policy('    matchExpressions:\n      - key: tier\n        operator: In\n        values: [front, back]')}`,
    },
    { name: 'a namespace without workloads in the input is not judged', yaml: `${WEB}---\n${policy('    matchLabels:\n      app: nope', 'other')}` },
  ],
  invalid: [
    {
      name: 'a typo in the label value',
      yaml: `${WEB}---\n${policy('    matchLabels:\n      app: website')}`,
      findings: [{ messageId: 'networkPolicy', line: 26, path: 'spec.podSelector', data: { policy: 'p', namespace: 'shop', count: 1 } }],
    },
    {
      name: 'expressions no pod satisfies',
      yaml: `${WEB}---\n${policy('    matchLabels:\n      app: web\n    matchExpressions:\n      - key: tier\n        operator: DoesNotExist')}`,
      findings: [{ messageId: 'networkPolicy', line: 26 }],
    },
    {
      name: 'pods in another namespace do not count',
      yaml: `${WEB}---\n${WEB.replace('namespace: shop', 'namespace: other')}---\n${policy('    matchLabels:\n      app: nope', 'other')}`,
      findings: [{ messageId: 'networkPolicy', line: 45, data: { policy: 'p', namespace: 'other', count: 1 } }],
    },
    {
      name: 'hostNetwork pods are never selected',
      yaml: `${WEB.replace('    spec:\n', '    spec:\n      hostNetwork: true\n')}---\n${policy('    matchLabels:\n      app: web')}`,
      findings: [{ messageId: 'networkPolicy', line: 27 }],
    },
    {
      name: 'an AdminNetworkPolicy whose subject matches nothing',
      yaml: `${WEB}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: lock-db
spec:
  priority: 5
  subject:
    pods:
      namespaceSelector: {}
      podSelector:
        matchLabels:
          app: db
  ingress:
    - action: Deny
      from:
        - namespaces: {}
`,
      findings: [{ messageId: 'adminPolicy', line: 26, path: 'spec.subject', data: { kind: 'AdminNetworkPolicy', policy: 'lock-db', count: 1 } }],
    },
  ],
});

describe('no-unused-network-policy, not assessed', () => {
  it('names the namespaces whose workloads are not in the input', () => {
    const parsed = parseManifests(`${policy('    matchLabels:\n      app: x', 'b')}---\n${policy('    matchLabels:\n      app: y', 'a')}`, 't.yaml');
    const result = runRules(new ObjectSet(parsed.objects), [rule], emptyConfig());
    expect(result.findings).toEqual([]);
    expect(result.notAssessed).toEqual([{
      area: 'network', ruleId: 'no-unused-network-policy',
      reason: 'NetworkPolicies in namespaces with no workload in the input (a, b): whether they select pods cannot be told.',
    }]);
  });
});
