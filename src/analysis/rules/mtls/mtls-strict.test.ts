import { testRule } from '../../../../test/rule-tester.js';
import rule from './mtls-strict.js';

/** A 6-line Namespace with one label or annotation. */
const ns = (block: 'labels' | 'annotations', entry: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  ${block}:
    ${entry}
`;
const INJECTED = ns('labels', 'istio-injection: enabled');

/**
 * A Deployment `web`; its labels key is line 12 of it, the ports (when given) start at line 18:
 * `ports:` then one `- containerPort` line each.
 */
const deploy = (ports: string[] = [], extraLabel = '') => `apiVersion: apps/v1
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
        app: web${extraLabel}
    spec:
      containers:
        - name: web
          image: nginx:1.27
${ports.length > 0 ? `          ports:\n${ports.map((p) => `            - ${p}\n`).join('')}` : ''}`;

/** An 8-line namespace-wide PeerAuthentication. */
const nsPolicy = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: ${mode}
`;

testRule(rule, {
  valid: [
    { name: 'STRICT namespace policy', yaml: `${INJECTED}---\n${nsPolicy('STRICT')}---\n${deploy(['containerPort: 8080'])}` },
    { name: 'a workload outside the mesh is not judged here', yaml: `${ns('labels', 'team: a')}---\n${deploy(['containerPort: 8080'])}` },
    { name: 'exempt namespace', yaml: `${INJECTED}---\n${deploy(['containerPort: 8080'])}`, options: { exempt: ['shop'] } },
    { name: 'gateways are left out', yaml: `${INJECTED}---\n${deploy(['containerPort: 8080'], '\n        istio: ingressgateway')}` },
    { name: 'UDP ports are not carried by the mesh at all (no-plaintext-hops covers them)', yaml: `${INJECTED}---\n${deploy(['containerPort: 53\n              protocol: UDP'])}` },
    {
      name: 'Linkerd with all-authenticated',
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  annotations:
    linkerd.io/inject: enabled
    config.linkerd.io/default-inbound-policy: all-authenticated
---
${deploy(['containerPort: 8080'])}`,
    },
  ],
  invalid: [
    {
      name: 'injected namespace without any policy: PERMISSIVE by default, at the port',
      yaml: `${INJECTED}---\n${deploy(['containerPort: 8080'])}`,
      findings: [{
        messageId: 'weak', line: 26,
        data: { workload: 'Deployment shop/web', ports: '8080/TCP', mode: 'PERMISSIVE', reason: 'no PeerAuthentication applies: Istio defaults to PERMISSIVE' },
      }],
    },
    {
      name: 'two ports with the same mode and reason: one finding at the labels',
      yaml: `${INJECTED}---\n${deploy(['containerPort: 8080', 'containerPort: 9090'])}`,
      findings: [{
        messageId: 'weak', line: 19,
        data: { workload: 'Deployment shop/web', ports: '8080/TCP, 9090/TCP', mode: 'PERMISSIVE', reason: 'no PeerAuthentication applies: Istio defaults to PERMISSIVE' },
      }],
    },
    {
      name: 'a port-level DISABLE under a STRICT workload policy',
      yaml: `${INJECTED}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  mtls:
    mode: STRICT
  portLevelMtls:
    9090:
      mode: DISABLE
---
${deploy(['containerPort: 8080', 'containerPort: 9090'])}`,
      findings: [{
        messageId: 'weak', line: 42,
        data: { workload: 'Deployment shop/web', ports: '9090/TCP', mode: 'DISABLE', reason: 'portLevelMtls 9090 of PeerAuthentication shop/web sets DISABLE' },
      }],
    },
    {
      name: 'a workload without declared ports is judged on every port',
      yaml: `${INJECTED}---\n${nsPolicy('PERMISSIVE')}---\n${deploy()}`,
      findings: [{
        messageId: 'weak', line: 28,
        data: { workload: 'Deployment shop/web', ports: 'every port', mode: 'PERMISSIVE', reason: 'namespace-wide PeerAuthentication shop/default sets PERMISSIVE' },
      }],
    },
    {
      name: 'ambient reads DISABLE as PERMISSIVE',
      yaml: `${ns('labels', 'istio.io/dataplane-mode: ambient')}---\n${nsPolicy('DISABLE')}---\n${deploy(['containerPort: 8080'])}`,
      findings: [{
        messageId: 'weak', line: 35,
        data: {
          workload: 'Deployment shop/web', ports: '8080/TCP', mode: 'PERMISSIVE',
          reason: 'namespace-wide PeerAuthentication shop/default sets DISABLE; ambient mode ignores DISABLE: ztunnel keeps using mTLS with mesh peers and accepts plaintext',
        },
      }],
    },
    {
      name: 'Linkerd with the default inbound policy',
      yaml: `${ns('annotations', 'linkerd.io/inject: enabled')}---\n${deploy(['containerPort: 8080'])}`,
      findings: [{
        messageId: 'weak', line: 26,
        data: {
          workload: 'Deployment shop/web', ports: '8080/TCP', mode: 'PERMISSIVE',
          reason: 'no Server selects this port; default inbound policy all-unauthenticated from the cluster default (proxy.defaultInboundPolicy) admits plaintext clients',
        },
      }],
    },
  ],
});
