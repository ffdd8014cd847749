import { testRule } from '../../../../test/rule-tester.js';
import rule from './mesh-present.js';

// 4 lines
const NS = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
`;

const namespace = (labels: string, annotations = '') => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
${labels}${annotations}`;

// 17 lines
const DEPLOY = `apiVersion: apps/v1
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

// 8 lines
const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRICT
`;

testRule(rule, {
  valid: [
    { name: 'an Istio-injected namespace', yaml: `${namespace('    istio-injection: enabled\n')}---\n${DEPLOY}` },
    { name: 'an ambient namespace', yaml: `${namespace('    istio.io/dataplane-mode: ambient\n')}---\n${DEPLOY}` },
    {
      name: 'a Linkerd-injected namespace',
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  annotations:
    linkerd.io/inject: enabled
---
${DEPLOY}`,
    },
    {
      name: 'Cilium WireGuard encryption',
      yaml: `${NS}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  enable-wireguard: "true"
---
${DEPLOY}`,
    },
    { name: 'no workload: nothing to protect', yaml: NS },
    { name: 'mesh configuration and a namespace not in the input: cannot tell', yaml: `${PA}---\n${DEPLOY}` },
  ],
  invalid: [
    {
      name: 'no mesh at all: one finding on the namespace',
      yaml: `${NS}---\n${DEPLOY}`,
      findings: [{ messageId: 'none', line: 1, data: { count: 1 } }],
    },
    {
      name: 'no mesh and no Namespace object: on the first workload',
      yaml: DEPLOY,
      findings: [{ messageId: 'none', line: 1, data: { count: 1 } }],
    },
    {
      name: 'a STRICT PeerAuthentication in a namespace without injection',
      yaml: `${NS}---\n${PA}---\n${DEPLOY}`,
      findings: [{ messageId: 'notEnrolled', line: 6, data: { config: 'PeerAuthentication shop/default', count: 1 } }],
    },
    {
      name: 'a workload that opts out of an injected namespace leaves nothing meshed',
      yaml: `${namespace('    istio-injection: enabled\n')}---
${DEPLOY.replace('        app: web\n    spec:', '        app: web\n        sidecar.istio.io/inject: "false"\n    spec:')}`,
      findings: [{ messageId: 'notEnrolled', line: 6, data: { config: 'Namespace shop', count: 1 } }],
    },
  ],
});
