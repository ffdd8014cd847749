import { testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-default-namespace.js';

const obj = (kind: string, name: string, namespace: string | undefined, apiVersion = 'v1'): string =>
  `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}
${namespace === undefined ? '' : `  namespace: ${namespace}\n`}`;

const valid: ValidCase[] = [
  { name: 'no namespace in the manifest: it goes where kubectl points', yaml: obj('ConfigMap', 'settings', undefined) },
  { name: 'another namespace', yaml: obj('ConfigMap', 'settings', 'shop') },
  { name: 'a namespace named like default', yaml: obj('ConfigMap', 'settings', 'default-apps') },
  { name: 'the kubernetes Service', yaml: obj('Service', 'kubernetes', 'default') },
  { name: 'the kubernetes Endpoints', yaml: obj('Endpoints', 'kubernetes', 'default') },
  { name: 'the kubernetes EndpointSlice', yaml: obj('EndpointSlice', 'kubernetes', 'default', 'discovery.k8s.io/v1') },
  { name: 'the default ServiceAccount', yaml: obj('ServiceAccount', 'default', 'default') },
  { name: 'the kube-root-ca.crt ConfigMap', yaml: obj('ConfigMap', 'kube-root-ca.crt', 'default') },
  { name: 'Events', yaml: obj('Event', 'web.17f3a', 'default') },
  { name: 'a cluster-scoped object with a stray namespace', yaml: obj('ClusterRole', 'reader', 'default', 'rbac.authorization.k8s.io/v1') },
  {
    name: 'objects a controller created (read from a cluster)',
    yaml: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d9c5b8f4d
  namespace: default
  ownerReferences:
    - { apiVersion: apps/v1, kind: Deployment, name: web, uid: u, controller: true }
`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'a Deployment explicitly in default, reported at the namespace',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
    findings: [{ messageId: 'inDefault', line: 5, column: 3, path: 'metadata.namespace', data: { kind: 'Deployment', name: 'web' } }],
  },
  {
    name: 'any namespaced kind, custom resources included; names other than the system ones',
    yaml: [
      obj('Secret', 'db', 'default'),
      obj('ServiceAccount', 'web', 'default'),
      obj('Service', 'web', 'default'),
      obj('Certificate', 'web-tls', 'default', 'cert-manager.io/v1'),
      obj('ConfigMap', 'settings', undefined),
    ].join('---\n'),
    findings: [
      { messageId: 'inDefault', line: 5, column: 3, data: { kind: 'Secret', name: 'db' } },
      { messageId: 'inDefault', line: 11, column: 3, data: { kind: 'ServiceAccount', name: 'web' } },
      { messageId: 'inDefault', line: 17, column: 3, data: { kind: 'Service', name: 'web' } },
      { messageId: 'inDefault', line: 23, column: 3, data: { kind: 'Certificate', name: 'web-tls' } },
    ],
  },
];

testRule(rule, { valid, invalid });
