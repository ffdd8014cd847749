import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-cross-namespace-database-access.js';

/** 20 lines; the containerPort is on line 20, column 15. */
const DB = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          ports:
            - containerPort: 5432
`;

const client = (name: string, ns: string) => `---
apiVersion: apps/v1
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

/** Ingress to the db from `from` only, on 5432. */
const dbPolicy = (from: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
    - from:
${from}      ports:
        - port: 5432
`;

const BACKEND_ONLY = `        - podSelector:
            matchLabels:
              app: backend
`;

testRule(rule, {
  valid: [
    { name: 'only the backend of its namespace', yaml: DB + client('backend', 'shop') + client('reports', 'analytics') + dbPolicy(BACKEND_ONLY) },
    {
      name: 'a port that is not a database port',
      yaml: DB.replace('containerPort: 5432', 'containerPort: 8080') + client('reports', 'analytics'),
    },
    {
      name: 'UDP on a database port number is something else',
      yaml: DB.replace('containerPort: 5432', 'containerPort: 5432\n              protocol: UDP') + client('reports', 'analytics'),
    },
    {
      name: 'the ports option replaces the list',
      yaml: DB + client('reports', 'analytics'),
      options: { ports: [5433] },
    },
    {
      name: 'other namespaces may reach other ports',
      yaml: `${DB.replace('            - containerPort: 5432', '            - containerPort: 5432\n            - containerPort: 9187')}${client('monitor', 'monitoring')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: backend
      ports:
        - port: 5432
    - from:
        - namespaceSelector: {}
      ports:
        - port: 9187
`,
    },
  ],
  invalid: [
    {
      name: 'no policy: other namespaces and the outside world',
      yaml: DB + client('reports', 'analytics'),
      findings: [
        { messageId: 'external', line: 20, column: 15, path: 'spec.template.spec.containers[0].ports[0].containerPort', data: { database: 'StatefulSet shop/db', engine: 'PostgreSQL', port: 5432, sources: '0.0.0.0/0, ::/0' } },
        { messageId: 'workloads', line: 20, data: { database: 'StatefulSet shop/db', engine: 'PostgreSQL', port: 5432, sources: 'analytics/reports' } },
      ],
    },
    {
      name: 'a policy that admits every namespace',
      yaml: DB + client('backend', 'shop') + client('b', 'ns-b') + client('a', 'ns-a') + client('c', 'ns-c') + client('d', 'ns-d') + dbPolicy(`        - namespaceSelector: {}
`),
      findings: [{ messageId: 'workloads', line: 20, data: { database: 'StatefulSet shop/db', engine: 'PostgreSQL', port: 5432, sources: 'ns-a/a, ns-b/b, ns-c/c and 1 more' } }],
    },
    {
      name: 'an ipBlock lets outside addresses in',
      yaml: DB + dbPolicy(`        - ipBlock:
            cidr: 198.51.100.0/24
`),
      findings: [{ messageId: 'external', line: 20, data: { database: 'StatefulSet shop/db', engine: 'PostgreSQL', port: 5432, sources: '198.51.100.0/24' } }],
    },
    {
      name: 'a hostNetwork Redis is reachable by everything',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: cache
  namespace: shop
spec:
  hostNetwork: true
  containers:
    - name: redis
      image: redis:7.4
      ports:
        - name: redis
          containerPort: 6379
${client('web', 'web')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: shop
spec:
  podSelector: {}
`,
      findings: [
        { messageId: 'external', line: 13, path: 'spec.containers[0].ports[0].containerPort', data: { database: 'Pod shop/cache', engine: 'Redis', port: 6379, sources: '0.0.0.0/0, ::/0' } },
        { messageId: 'workloads', line: 13, data: { database: 'Pod shop/cache', engine: 'Redis', port: 6379, sources: 'web/web' } },
      ],
    },
  ],
});
