import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-mtls-conflicts.js';

/** A 6-line Namespace with one label. */
const ns = (name: string, label: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    ${label}
`;
const INJECTED = ns('shop', 'istio-injection: enabled');

/** A 20-line Deployment declaring port 8080 (named http) in the list item at its line 19. */
const deploy = (name: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
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
          ports:
            - name: http
              containerPort: 8080
`;

/** A 12-line Service on port 80 -> http. */
const svc = (name: string, namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: http
      name: http
`;

/** 8 lines. */
const STRICT = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRICT
`;

/** A 10-line DestinationRule for `host`, tls.mode on its last line. */
const dr = (host: string, mode: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: api
  namespace: shop
spec:
  host: ${host}
  trafficPolicy:
    tls:
      mode: ${mode}
`;

/** An 11-line workload PeerAuthentication for app=api, mode on its last line. */
const apiPolicy = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  mtls:
    mode: ${mode}
`;

const ingressTo = (ports: number[]) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: ["Ingress"]
  ingress:
    - ports:
${ports.map((p) => `        - port: ${p}\n`).join('')}`;

const STRICT_REASON = 'namespace-wide PeerAuthentication shop/default sets STRICT';

testRule(rule, {
  valid: [
    { name: 'ISTIO_MUTUAL to a STRICT server', yaml: `${INJECTED}---\n${STRICT}---\n${dr('api', 'ISTIO_MUTUAL')}---\n${deploy('api')}---\n${svc('api')}` },
    {
      name: 'DISABLE towards pods without a proxy is right',
      yaml: `${INJECTED}---\n${ns('legacy', 'team: a')}---\n${dr('api.legacy.svc.cluster.local', 'DISABLE')}---\n${deploy('web')}---\n${deploy('api', 'legacy')}---\n${svc('api', 'legacy')}`,
    },
    {
      name: 'a workload DISABLE paired with a DestinationRule DISABLE',
      yaml: `${INJECTED}---\n${STRICT}---\n${apiPolicy('DISABLE')}---\n${dr('api', 'DISABLE')}---\n${deploy('web')}---\n${deploy('api')}---\n${svc('api')}`,
    },
    {
      name: 'ambient with HBONE allowed',
      yaml: `${ns('shop', 'istio.io/dataplane-mode: ambient')}---\n${deploy('web')}---\n${deploy('api')}---\n${ingressTo([8080, 15008])}`,
    },
    { name: 'no mesh at all', yaml: `${ns('shop', 'team: a')}---\n${deploy('web')}---\n${deploy('api')}` },
  ],
  invalid: [
    {
      name: 'DISABLE to a STRICT server breaks connections',
      // Namespace 1-6, STRICT 8-15, DestinationRule 17-26 (mode at 26).
      yaml: `${INJECTED}---\n${STRICT}---\n${dr('api', 'DISABLE')}---\n${deploy('api')}---\n${svc('api')}`,
      findings: [{
        messageId: 'breaks', line: 26, path: 'spec.trafficPolicy.tls.mode',
        data: {
          rule: 'DestinationRule shop/api', mode: 'DISABLE', service: 'shop/api:80', server: 'Deployment shop/api',
          reason: `clients send plaintext, but the server accepts only mTLS on 8080/TCP (${STRICT_REASON})`,
        },
      }],
    },
    {
      name: 'DISABLE to a PERMISSIVE server downgrades them',
      // Namespace 1-6, DestinationRule 8-17 (mode at 17).
      yaml: `${INJECTED}---\n${dr('api', 'DISABLE')}---\n${deploy('api')}---\n${svc('api')}`,
      findings: [{
        messageId: 'downgrades', line: 17,
        data: {
          rule: 'DestinationRule shop/api', mode: 'DISABLE', service: 'shop/api:80', server: 'Deployment shop/api',
          reason: 'clients send plaintext where auto mTLS would use mTLS, and the server accepts it on 8080/TCP (no PeerAuthentication applies: Istio defaults to PERMISSIVE)',
        },
      }],
    },
    {
      name: 'a port-level SIMPLE to a STRICT server',
      // Namespace 1-6, STRICT 8-15, DestinationRule 17-29 (mode at 29).
      yaml: `${INJECTED}---\n${STRICT}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: api
  namespace: shop
spec:
  host: api.shop.svc.cluster.local
  trafficPolicy:
    portLevelSettings:
      - port:
          number: 80
        tls:
          mode: SIMPLE
---
${deploy('api')}---\n${svc('api')}`,
      findings: [{
        messageId: 'breaks', line: 29, path: 'spec.trafficPolicy.portLevelSettings[0].tls.mode',
        data: {
          rule: 'DestinationRule shop/api', mode: 'SIMPLE', service: 'shop/api:80', server: 'Deployment shop/api',
          reason: `clients originate TLS with certificates outside the mesh, but the server accepts only mesh mTLS on 8080/TCP (${STRICT_REASON})`,
        },
      }],
    },
    {
      name: 'a workload DISABLE that auto mTLS cannot see',
      // Namespace 1-6, STRICT 8-15, api policy 17-27 (mode at 27).
      yaml: `${INJECTED}---\n${STRICT}---\n${apiPolicy('DISABLE')}---\n${deploy('web')}---\n${deploy('api')}---\n${svc('api')}`,
      findings: [{
        messageId: 'autoMtls', line: 27,
        data: { server: 'Deployment shop/api', port: '8080/TCP', policy: 'PeerAuthentication shop/api', sources: 'Deployment shop/api, Deployment shop/web' },
      }],
    },
    {
      name: 'ambient HBONE blocked by NetworkPolicy',
      // Namespace 1-6, web 8-27, api 29-48 (port item at 47).
      yaml: `${ns('shop', 'istio.io/dataplane-mode: ambient')}---\n${deploy('web')}---\n${deploy('api')}---\n${ingressTo([8080])}`,
      findings: [{
        messageId: 'hbone', line: 47,
        data: { server: 'Deployment shop/api', port: '8080/TCP', sources: 'Deployment shop/api, Deployment shop/web' },
      }],
    },
  ],
});
