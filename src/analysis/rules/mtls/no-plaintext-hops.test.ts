import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-plaintext-hops.js';

/** A 6-line Namespace with one label. */
const ns = (name: string, label: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    ${label}
`;
const INJECTED = ns('shop', 'istio-injection: enabled');

/**
 * A 20-line Deployment `name` with `extra` pod labels (one line each), declaring container port
 * 8080 named http in the list item at its line 19 (+1 per extra label).
 */
const deploy = (name: string, namespace = 'shop', extra: string[] = []) => `apiVersion: apps/v1
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
${extra.map((l) => `        ${l}\n`).join('')}    spec:
      containers:
        - name: main
          image: registry.example/${name}:1
          ports:
            - name: http
              containerPort: 8080
`;

/** A 12-line Service `name` -> port http. */
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

const STRICT = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRICT
`;

/** Only web -> api on 8080 within shop: keeps the cases to one connection each. */
const ONLY_WEB_TO_API = `apiVersion: networking.k8s.io/v1
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
    - from:
        - podSelector:
            matchLabels:
              app: web
      ports:
        - port: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Ingress"]
`;

const WIREGUARD = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  enable-wireguard: "true"
`;

const PERMISSIVE_REASON = 'the server accepts plaintext (PERMISSIVE: no PeerAuthentication applies: Istio defaults to PERMISSIVE)';

testRule(rule, {
  valid: [
    { name: 'both sides meshed and STRICT', yaml: `${INJECTED}---\n${STRICT}---\n${deploy('web')}---\n${deploy('api')}---\n${svc('api')}---\n${ONLY_WEB_TO_API}` },
    { name: 'no mesh at all: left to mesh-present', yaml: `${ns('shop', 'team: a')}---\n${deploy('web')}---\n${deploy('api')}` },
    {
      name: 'a STRICT server refuses the plaintext client: not a plaintext hop',
      yaml: `${INJECTED}---\n${STRICT}---\n${deploy('web', 'shop', ['sidecar.istio.io/inject: "false"'])}---\n${deploy('api')}---\n${svc('api')}---\n${ONLY_WEB_TO_API}`,
    },
    {
      name: 'connections touching kube-system are exempt by default',
      yaml: `${INJECTED}---\n${STRICT}---\n${deploy('web')}---\n${deploy('dns', 'kube-system')}`,
    },
    {
      name: 'node-to-node encryption counts unless mutual TLS is required',
      yaml: `${ns('shop', 'team: a')}---\n${WIREGUARD}---\n${deploy('web')}---\n${deploy('api')}---\n${ONLY_WEB_TO_API}`,
    },
  ],
  invalid: [
    {
      name: 'an opted-out client to a PERMISSIVE server, at the server port',
      // Namespace 1-6, web 8-28 (one extra label), api 30-49 (port item at 48), then the Service and policies.
      yaml: `${INJECTED}---\n${deploy('web', 'shop', ['sidecar.istio.io/inject: "false"'])}---\n${deploy('api')}---\n${svc('api')}---\n${ONLY_WEB_TO_API}`,
      findings: [{
        messageId: 'plaintext', line: 48,
        data: {
          destination: 'Deployment shop/api', port: '8080/TCP', sources: 'Deployment shop/web',
          reason: `the client has no mesh proxy; ${PERMISSIVE_REASON}`,
        },
      }],
    },
    {
      name: 'a DestinationRule DISABLE between meshed workloads',
      // Namespace 1-6, DestinationRule 8-16, web 18-37, api 39-58 (port item at 57).
      yaml: `${INJECTED}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: api
  namespace: shop
spec:
  host: api
  trafficPolicy:
    tls: { mode: DISABLE }
---
${deploy('web')}---\n${deploy('api')}---\n${svc('api')}---\n${ONLY_WEB_TO_API}`,
      findings: [{
        messageId: 'plaintext', line: 57,
        data: {
          destination: 'Deployment shop/api', port: '8080/TCP', sources: 'Deployment shop/web',
          reason: `DestinationRule shop/api sets tls.mode DISABLE; ${PERMISSIVE_REASON}`,
        },
      }],
    },
    {
      name: 'requireMutualTls reports connections only encrypted between nodes',
      // Namespace 1-6, ConfigMap 8-14, web 16-35, api 37-56 (port item at 55).
      yaml: `${ns('shop', 'team: a')}---\n${WIREGUARD}---\n${deploy('web')}---\n${deploy('api')}---\n${ONLY_WEB_TO_API}`,
      options: { requireMutualTls: true },
      findings: [{
        messageId: 'encrypted', line: 55,
        data: {
          destination: 'Deployment shop/api', port: '8080/TCP', sources: 'Deployment shop/web',
          reason: 'the client has no mesh proxy; the server has no mesh proxy; Cilium WireGuard encrypts it between nodes (no workload identity)',
        },
      }],
    },
    {
      name: 'sources with different reasons: the first is named',
      // Namespace 1-6, STRICT policy 8-15, legacy Namespace 17-22, web 24-43, old 45-64, api 66-86 (one extra label:
      // port item at 85).
      // api is PERMISSIVE through its own policy below; old (no proxy), api itself and web (meshed, but no
      // Service covers the port, so its sidecar passes the connection through in plaintext) reach it.
      yaml: `${INJECTED}---\n${STRICT}---\n${ns('legacy', 'team: a')}---\n${deploy('web')}---\n${deploy('old', 'legacy')}---\n${deploy('api', 'shop', ['mtls: permissive'])}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  mtls:
    mode: PERMISSIVE
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Ingress"]
  ingress:
    - from:
        - namespaceSelector: {}
      ports:
        - port: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: legacy
spec:
  podSelector: {}
  policyTypes: ["Ingress"]
`,
      findings: [{
        messageId: 'plaintext', line: 85,
        data: {
          destination: 'Deployment shop/api', port: '8080/TCP', sources: 'Deployment legacy/old, Deployment shop/api, Deployment shop/web',
          reason: 'from Deployment legacy/old, the client has no mesh proxy; the server accepts plaintext (PERMISSIVE: workload PeerAuthentication shop/api sets PERMISSIVE)',
        },
      }],
    },
  ],
});
