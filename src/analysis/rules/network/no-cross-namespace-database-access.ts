import { containersOf, isRecord } from '../../../model/index.js';
import { portSetJsonAllows, reachability, type Connection } from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';

/** Default ports of common databases, caches and search engines. */
export const DATABASE_PORTS: Readonly<Record<number, string>> = {
  1433: 'SQL Server',
  1521: 'Oracle',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  5984: 'CouchDB',
  6379: 'Redis',
  7687: 'Neo4j',
  8086: 'InfluxDB',
  9042: 'Cassandra',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  26257: 'CockroachDB',
  27017: 'MongoDB',
  28015: 'RethinkDB',
};

function listNames(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

export default defineRule({
  id: 'no-cross-namespace-database-access',
  area: 'network',
  severity: 'high',
  uses: [reachability],
  title: 'Databases reachable from other namespaces or from outside the cluster',
  description:
    'Finds workloads that declare a database-like container port (PostgreSQL 5432, MySQL 3306, MongoDB ' +
    '27017, Redis 6379, Cassandra 9042, Elasticsearch 9200, CouchDB 5984, SQL Server 1433, Oracle 1521, ' +
    'Memcached 11211, Neo4j 7687, InfluxDB 8086, CockroachDB 26257, RethinkDB 28015; the `ports` option ' +
    'replaces the list) and reports those the computed reachability lets workloads of other namespaces, or ' +
    'external addresses, connect to on that port over TCP. hostNetwork databases are reachable by ' +
    'everything: NetworkPolicy does not apply to them. Findings point at the container port.',
  rationale:
    'A database should answer its own application only. When pods of other namespaces (other teams, ' +
    'other tenants, anything compromised elsewhere) or the outside world can open connections to it, the ' +
    'database password is the only barrier left, and those are often weak, shared or leaked.',
  remediation:
    'Isolate the namespace with a default-deny ingress policy and allow the database port only from the ' +
    'workloads that use it (a podSelector in the same namespace). For callers in other namespaces, name ' +
    'each one with a namespaceSelector on `kubernetes.io/metadata.name` and a podSelector.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: network policies' },
    { framework: 'cis-k8s', control: '5.3.2' },
    { framework: 'mitre', control: 'T1210 Exploitation of Remote Services' },
  ],
  messages: {
    workloads: '{database} accepts {engine} connections on port {port} from workloads of other namespaces: {sources}.',
    external: '{database} accepts {engine} connections on port {port} from outside the cluster ({sources}).',
  },
  examples: {
    bad: `apiVersion: apps/v1
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
`,
    good: `apiVersion: apps/v1
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
---
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
`,
  },
  checkSet(_set, ctx) {
    const ports = new Map<number, string>();
    if (Array.isArray(ctx.options.ports)) for (const p of ctx.options.ports) ports.set(Number(p), DATABASE_PORTS[Number(p)] ?? 'database');
    else for (const [p, name] of Object.entries(DATABASE_PORTS)) ports.set(Number(p), name);
    const result = ctx.use(reachability);
    const into = new Map<string, Connection[]>();
    for (const c of result.connections) {
      if (c.to.type !== 'workload') continue;
      const key = `${c.to.kind}/${c.to.namespace}/${c.to.name}`;
      let list = into.get(key);
      if (!list) into.set(key, (list = []));
      list.push(c);
    }
    for (const w of result.workloads) {
      const incoming = into.get(w.id) ?? [];
      for (const c of containersOf(w.sourceObject)) {
        if (c.field === 'ephemeralContainers' || (c.field === 'initContainers' && c.container.restartPolicy !== 'Always')) continue;
        const list = Array.isArray(c.container.ports) ? c.container.ports : [];
        list.forEach((p, j) => {
          if (!isRecord(p)) return;
          const port = Number(p.containerPort);
          const engine = ports.get(port);
          if (engine === undefined || (p.protocol !== undefined && p.protocol !== 'TCP')) return;
          const allows = (k: Connection) => portSetJsonAllows(k.allowed, 'TCP', port);
          const fromWorkloads = incoming
            .filter((k) => k.from.type === 'workload' && k.from.namespace !== w.namespace && allows(k))
            .map((k) => (k.from.type === 'workload' ? `${k.from.namespace}/${k.from.name}` : ''));
          const fromOutside = incoming.filter((k) => k.from.type === 'external' && allows(k))
            .flatMap((k) => (k.from.type === 'external' ? k.from.cidrs : []));
          const data = { database: `${w.kind} ${w.namespace}/${w.name}`, engine, port };
          const path = [...c.path, 'ports', j, 'containerPort'];
          if (fromWorkloads.length > 0) ctx.reportOn(w.sourceObject, 'workloads', { ...data, sources: listNames(fromWorkloads) }, path);
          if (fromOutside.length > 0) ctx.reportOn(w.sourceObject, 'external', { ...data, sources: listNames(fromOutside) }, path);
        });
      }
    }
  },
});
