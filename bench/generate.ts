/**
 * Synthetic cluster generator for the benchmark: realistic multi-document manifests, one file per
 * namespace, grouped in one folder per team. Everything is derived from the seed, so the same
 * arguments always give byte-identical files.
 *
 * CLI: `node dist-bench/bench/generate.js OUTDIR OBJECTS [SEED]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { prng } from './prng.js';

export interface GenerateOptions {
  /** Folder to write into (created if missing; existing files with the same names are overwritten). */
  outDir: string;
  seed: number;
  /** Number of namespaces to write. */
  namespaces?: number;
  /** Stop after the namespace that brings the object count to this many (when `namespaces` is not given). */
  objects?: number;
}

export interface GeneratedCluster {
  outDir: string;
  namespaces: number;
  objects: number;
  files: string[];
  bytes: number;
  /** Objects per kind. */
  kinds: Record<string, number>;
}

class Rand {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return s;
  }
}

const TEAMS = ['payments', 'platform', 'data', 'storefront', 'identity', 'ml', 'search', 'messaging'];
const APPS = [
  'api', 'worker', 'gateway', 'frontend', 'scheduler', 'indexer', 'notifier', 'auth', 'billing', 'ledger',
  'catalog', 'cart', 'checkout', 'reports', 'exporter', 'ingest', 'router', 'webhooks', 'sync', 'admin',
];
const STATEFUL = ['postgres', 'redis', 'kafka', 'zookeeper', 'elasticsearch', 'rabbitmq', 'etcd', 'mongodb'];
const SIDECARS = [
  { name: 'log-shipper', image: 'docker.io/fluent/fluent-bit:3.1.9', port: 2020 },
  { name: 'metrics-exporter', image: 'quay.io/prometheus/statsd-exporter:v0.27.1', port: 9102 },
  { name: 'envoy', image: 'docker.io/envoyproxy/envoy:v1.31.2', port: 9901 },
  { name: 'oauth2-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1', port: 4180 },
];
const PSA_LEVELS = ['restricted', 'baseline', 'privileged'] as const;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** One Kubernetes object as YAML text, without the `---` separator. */
export interface GeneratedDocument {
  kind: string;
  text: string;
}
type Doc = GeneratedDocument;

interface NsContext {
  r: Rand;
  ns: string;
  team: string;
  psa: (typeof PSA_LEVELS)[number];
}

function namespaceDoc(c: NsContext): Doc {
  const { ns, team, psa } = c;
  return {
    kind: 'Namespace',
    text: `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    kubernetes.io/metadata.name: ${ns}
    team: ${team}
    pod-security.kubernetes.io/enforce: ${psa}
    pod-security.kubernetes.io/enforce-version: latest
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: restricted
  annotations:
    owner: "${team}-oncall@example.com"
`,
  };
}

function serviceAccountDoc(c: NsContext, name: string, automount: boolean): Doc {
  return {
    kind: 'ServiceAccount',
    text: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${c.ns}
  labels:
    app.kubernetes.io/name: ${name}
automountServiceAccountToken: ${automount}
`,
  };
}

/** A pod-level securityContext: hardened, partly hardened, or absent. */
function podSecurity(r: Rand, hardened: boolean, indent: string): string {
  if (hardened) {
    const uid = r.pick([1000, 10001, 65532]);
    return `${indent}securityContext:
${indent}  runAsNonRoot: true
${indent}  runAsUser: ${uid}
${indent}  runAsGroup: ${uid}
${indent}  fsGroup: ${uid}
${indent}  seccompProfile:
${indent}    type: RuntimeDefault
`;
  }
  if (r.chance(0.4)) return '';
  if (r.chance(0.3)) return `${indent}securityContext:\n${indent}  runAsUser: 0\n`;
  return `${indent}securityContext:\n${indent}  fsGroup: 2000\n`;
}

function containerSecurity(r: Rand, hardened: boolean, indent: string): string {
  if (hardened) {
    return `${indent}securityContext:
${indent}  allowPrivilegeEscalation: false
${indent}  readOnlyRootFilesystem: true
${indent}  capabilities:
${indent}    drop: ["ALL"]
`;
  }
  const roll = r.float();
  if (roll < 0.35) return '';
  if (roll < 0.5) return `${indent}securityContext:\n${indent}  privileged: true\n`;
  if (roll < 0.7) {
    return `${indent}securityContext:
${indent}  allowPrivilegeEscalation: true
${indent}  capabilities:
${indent}    add: [NET_ADMIN, SYS_TIME]
`;
  }
  return `${indent}securityContext:\n${indent}  readOnlyRootFilesystem: false\n${indent}  runAsNonRoot: false\n`;
}

function resources(r: Rand, indent: string): string {
  if (r.chance(0.15)) return '';
  const cpu = r.pick(['50m', '100m', '250m', '500m']);
  const mem = r.pick(['64Mi', '128Mi', '256Mi', '512Mi']);
  const limitMem = r.pick(['256Mi', '512Mi', '1Gi', '2Gi']);
  if (r.chance(0.5)) {
    return `${indent}resources:\n${indent}  requests: { cpu: ${cpu}, memory: ${mem} }\n${indent}  limits: { cpu: "1", memory: ${limitMem} }\n`;
  }
  return `${indent}resources:
${indent}  requests:
${indent}    cpu: ${cpu}
${indent}    memory: ${mem}
${indent}  limits:
${indent}    memory: ${limitMem}
`;
}

function mainContainer(c: NsContext, app: string, hardened: boolean, port: number, i: string): string {
  const { r, ns } = c;
  const version = `${r.int(1, 4)}.${r.int(0, 30)}.${r.int(0, 12)}`;
  const image = r.chance(0.1)
    ? `registry.example.com/${c.team}/${app}:latest`
    : `registry.example.com/${c.team}/${app}:${version}`;
  const digest = r.chance(0.3) ? `@sha256:${r.hex(64)}` : '';
  let s = `${i}- name: ${app}
${i}  image: ${image}${digest}
${i}  imagePullPolicy: IfNotPresent
${i}  args: ["--port=${port}", "--log-level=${r.pick(['info', 'debug', 'warn'])}", "--metrics-addr=:9090"]
${i}  ports:
${i}    - name: http
${i}      containerPort: ${port}
${i}      protocol: TCP
${i}    - name: metrics
${i}      containerPort: 9090
${i}  env:
${i}    - name: APP_ENV
${i}      value: production
${i}    - name: LOG_FORMAT
${i}      value: json
${i}    - name: POD_NAME
${i}      valueFrom:
${i}        fieldRef:
${i}          fieldPath: metadata.name
${i}    - name: POD_NAMESPACE
${i}      valueFrom:
${i}        fieldRef:
${i}          fieldPath: metadata.namespace
${i}    - name: DATABASE_PASSWORD
${i}      valueFrom:
${i}        secretKeyRef:
${i}          name: ${app}-db
${i}          key: password
${i}    - name: UPSTREAM_URL
${i}      value: "http://${r.pick(APPS)}.${ns}.svc.cluster.local:8080"
`;
  if (r.chance(0.2)) s += `${i}    - name: API_TOKEN\n${i}      value: "fake-token-${r.hex(16)}"\n`;
  s += `${i}  envFrom:
${i}    - configMapRef:
${i}        name: ${app}-config
`;
  s += resources(r, `${i}  `);
  if (r.chance(0.85)) {
    s += `${i}  readinessProbe:
${i}    httpGet:
${i}      path: /healthz/ready
${i}      port: http
${i}    initialDelaySeconds: 5
${i}    periodSeconds: 10
${i}  livenessProbe:
${i}    httpGet: { path: /healthz/live, port: http }
${i}    initialDelaySeconds: 15
${i}    failureThreshold: 3
`;
  }
  if (r.chance(0.2)) s += `${i}  startupProbe:\n${i}    tcpSocket:\n${i}      port: ${port}\n${i}    failureThreshold: 30\n`;
  s += containerSecurity(r, hardened, `${i}  `);
  s += `${i}  volumeMounts:
${i}    - name: config
${i}      mountPath: /etc/${app}
${i}      readOnly: true
${i}    - name: tmp
${i}      mountPath: /tmp
`;
  return s;
}

function sidecarContainer(c: NsContext, hardened: boolean, i: string): string {
  const { r } = c;
  const sc = r.pick(SIDECARS);
  let s = `${i}- name: ${sc.name}
${i}  image: ${sc.image}
${i}  ports:
${i}    - containerPort: ${sc.port}
${i}  env:
${i}    - name: NODE_NAME
${i}      valueFrom:
${i}        fieldRef: { fieldPath: spec.nodeName }
`;
  s += resources(r, `${i}  `);
  if (r.chance(0.5)) s += `${i}  livenessProbe:\n${i}    tcpSocket: { port: ${sc.port} }\n${i}    periodSeconds: 20\n`;
  s += containerSecurity(r, hardened, `${i}  `);
  return s;
}

function volumes(c: NsContext, app: string, hardened: boolean, i: string): string {
  let s = `${i}volumes:
${i}  - name: config
${i}    configMap:
${i}      name: ${app}-config
${i}  - name: tmp
${i}    emptyDir:
${i}      medium: Memory
${i}      sizeLimit: 64Mi
`;
  if (!hardened && c.r.chance(0.25)) {
    s += `${i}  - name: host-logs\n${i}    hostPath:\n${i}      path: /var/log\n${i}      type: Directory\n`;
  }
  if (c.r.chance(0.3)) s += `${i}  - name: tls\n${i}    secret:\n${i}      secretName: ${app}-tls\n${i}      defaultMode: 0400\n`;
  return s;
}

function podSpec(c: NsContext, app: string, sa: string, port: number, i: string): string {
  const { r } = c;
  const hardened = c.psa === 'restricted' ? r.chance(0.9) : r.chance(0.4);
  let s = `${i}serviceAccountName: ${sa}\n`;
  if (r.chance(0.6)) s += `${i}automountServiceAccountToken: false\n`;
  if (!hardened && r.chance(0.1)) s += `${i}hostNetwork: true\n`;
  if (!hardened && r.chance(0.05)) s += `${i}hostPID: true\n`;
  s += podSecurity(r, hardened, i);
  if (r.chance(0.3)) {
    s += `${i}initContainers:
${i}  - name: wait-for-db
${i}    image: docker.io/library/busybox:1.36
${i}    command: ["sh", "-c", "until nc -z ${app}-db 5432; do sleep 2; done"]
`;
    s += containerSecurity(r, hardened, `${i}    `);
  }
  s += `${i}containers:\n`;
  s += mainContainer(c, app, hardened, port, `${i}  `);
  const sidecars = r.int(1, 2);
  for (let k = 0; k < sidecars; k++) s += sidecarContainer(c, hardened, `${i}  `);
  s += volumes(c, app, hardened, i);
  if (r.chance(0.5)) {
    s += `${i}affinity:
${i}  podAntiAffinity:
${i}    preferredDuringSchedulingIgnoredDuringExecution:
${i}      - weight: 100
${i}        podAffinityTerm:
${i}          topologyKey: kubernetes.io/hostname
${i}          labelSelector:
${i}            matchLabels:
${i}              app.kubernetes.io/name: ${app}
`;
  }
  if (r.chance(0.3)) s += `${i}tolerations:\n${i}  - key: dedicated\n${i}    operator: Equal\n${i}    value: ${c.team}\n${i}    effect: NoSchedule\n`;
  s += `${i}terminationGracePeriodSeconds: ${r.pick([30, 60, 10])}\n`;
  return s;
}

function labels(c: NsContext, app: string, i: string): string {
  return `${i}labels:
${i}  app.kubernetes.io/name: ${app}
${i}  app.kubernetes.io/part-of: ${c.team}
${i}  app.kubernetes.io/managed-by: kustomize
${i}  tier: ${c.r.pick(['backend', 'frontend', 'data'])}
`;
}

function deploymentDoc(c: NsContext, app: string, sa: string, port: number): Doc {
  const { r, ns } = c;
  const header = r.chance(0.3) ? `# ${app}: owned by ${c.team}, see runbooks/${app}.md\n` : '';
  return {
    kind: 'Deployment',
    text: `${header}apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
${labels(c, app, '  ')}  annotations:
    deployment.kubernetes.io/revision: "${r.int(1, 40)}"
    kubernetes.io/change-cause: "release ${r.int(100, 999)}"
spec:
  replicas: ${r.int(1, 6)}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: 25%, maxUnavailable: 0 }
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
        app.kubernetes.io/part-of: ${c.team}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
${podSpec(c, app, sa, port, '      ')}`,
  };
}

function statefulSetDoc(c: NsContext, app: string, sa: string): Doc {
  const { r, ns } = c;
  const port = { postgres: 5432, redis: 6379, kafka: 9092, zookeeper: 2181, elasticsearch: 9200, rabbitmq: 5672, etcd: 2379, mongodb: 27017 }[app] ?? 8080;
  return {
    kind: 'StatefulSet',
    text: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${app}
  namespace: ${ns}
${labels(c, app, '  ')}spec:
  serviceName: ${app}-headless
  replicas: ${r.pick([1, 3, 5])}
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
    spec:
${podSpec(c, app, sa, port, '      ')}  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        storageClassName: ${r.pick(['standard', 'premium-rwo', 'gp3'])}
        resources:
          requests:
            storage: ${r.pick(['10Gi', '50Gi', '200Gi'])}
`,
  };
}

function serviceDoc(c: NsContext, app: string, port: number, headless: boolean): Doc {
  const { r, ns } = c;
  const type = headless ? 'ClusterIP' : r.pick(['ClusterIP', 'ClusterIP', 'ClusterIP', 'NodePort', 'LoadBalancer']);
  return {
    kind: 'Service',
    text: `apiVersion: v1
kind: Service
metadata:
  name: ${headless ? `${app}-headless` : app}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
spec:
  type: ${type}
${headless ? '  clusterIP: None\n' : ''}  selector:
    app.kubernetes.io/name: ${app}
  ports:
    - name: http
      port: ${headless ? port : 80}
      targetPort: ${port}
      protocol: TCP
    - name: metrics
      port: 9090
      targetPort: metrics
`,
  };
}

function defaultDenyDoc(c: NsContext): Doc {
  return {
    kind: 'NetworkPolicy',
    text: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
  namespace: ${c.ns}
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`,
  };
}

function allowDoc(c: NsContext, app: string, port: number, peers: readonly string[]): Doc {
  const { r, ns } = c;
  let ingressFrom = `        - podSelector:
            matchLabels:
              app.kubernetes.io/name: ${r.pick(peers)}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
          podSelector:
            matchLabels:
              app.kubernetes.io/name: ingress-nginx
`;
  if (r.chance(0.15)) ingressFrom += `        - ipBlock:\n            cidr: 10.0.0.0/8\n            except: [10.96.0.0/12]\n`;
  return {
    kind: 'NetworkPolicy',
    text: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-${app}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
${ingressFrom}      ports:
        - protocol: TCP
          port: ${port}
        - protocol: TCP
          port: metrics
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchExpressions:
              - key: k8s-app
                operator: In
                values: [kube-dns, coredns]
      ports:
        - { protocol: UDP, port: 53 }
        - { protocol: TCP, port: 53 }
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: ${r.pick(peers)}
`,
  };
}

function roleDoc(c: NsContext, name: string, broad: boolean): Doc {
  const rules = broad
    ? `  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`
    : `  - apiGroups: [""]
    resources: ["configmaps", "pods"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list"]
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["${name}-config"]
    verbs: ["get"]
`;
  return {
    kind: 'Role',
    text: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
  namespace: ${c.ns}
rules:
${rules}`,
  };
}

function roleBindingDoc(c: NsContext, name: string, sa: string, roleRef: { kind: string; name: string }): Doc {
  const { r, ns } = c;
  const extra = r.chance(0.2) ? `  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: ${c.team}-developers\n` : '';
  return {
    kind: 'RoleBinding',
    text: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${ns}
subjects:
  - kind: ServiceAccount
    name: ${sa}
    namespace: ${ns}
${extra}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${roleRef.kind}
  name: ${roleRef.name}
`,
  };
}

/** Secrets carry base64 of values that say they are fake, so nobody mistakes them for real ones. */
function secretDoc(c: NsContext, app: string): Doc {
  const { r, ns } = c;
  const kind = r.float();
  if (kind < 0.2) {
    return {
      kind: 'Secret',
      text: `apiVersion: v1
kind: Secret
metadata:
  name: ${app}-tls
  namespace: ${ns}
type: kubernetes.io/tls
data:
  tls.crt: ${b64(`-----BEGIN FAKE CERTIFICATE-----\nnot-a-real-certificate-${r.hex(24)}\n-----END FAKE CERTIFICATE-----\n`)}
  tls.key: ${b64(`-----BEGIN FAKE PRIVATE KEY-----\nnot-a-real-key-${r.hex(24)}\n-----END FAKE PRIVATE KEY-----\n`)}
`,
    };
  }
  if (kind < 0.3) {
    const auth = b64(`fake-user:fake-password-${r.hex(8)}`);
    return {
      kind: 'Secret',
      text: `apiVersion: v1
kind: Secret
metadata:
  name: ${app}-pull
  namespace: ${ns}
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ${b64(`{"auths":{"registry.example.com":{"auth":"${auth}"}}}`)}
`,
    };
  }
  const extra = r.chance(0.3) ? `stringData:\n  note: "fake value for benchmarks"\n` : '';
  return {
    kind: 'Secret',
    text: `apiVersion: v1
kind: Secret
metadata:
  name: ${app}-db
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
type: Opaque
data:
  username: ${b64(`fake-user-${app}`)}
  password: ${b64(`fake-password-${r.hex(12)}`)}
  url: ${b64(`postgres://fake-user@${app}-db.${ns}.svc:5432/fake`)}
${extra}`,
  };
}

function configMapDoc(c: NsContext, app: string): Doc {
  const { r, ns } = c;
  return {
    kind: 'ConfigMap',
    text: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
data:
  LOG_LEVEL: ${r.pick(['info', 'debug', 'warn'])}
  FEATURE_FLAGS: "checkout-v2,fast-search,${r.pick(['beta-ui', 'dark-mode', 'new-pricing'])}"
  MAX_CONNECTIONS: "${r.int(10, 500)}"
  app.yaml: |
    server:
      port: 8080
      readTimeout: ${r.int(5, 60)}s
      writeTimeout: ${r.int(5, 60)}s
    upstreams:
      - name: ${r.pick(APPS)}
        url: http://${r.pick(APPS)}.${ns}.svc.cluster.local
        retries: ${r.int(0, 5)}
    cache:
      enabled: ${r.chance(0.5)}
      ttl: ${r.int(10, 3600)}s
`,
  };
}

/** All documents of one namespace, in the order a team's manifest file would list them. */
export function namespaceDocuments(seed: number, index: number): { ns: string; team: string; docs: GeneratedDocument[] } {
  const r = new Rand((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
  const team = TEAMS[index % TEAMS.length]!;
  const ns = `${team}-${String(index).padStart(4, '0')}`;
  const c: NsContext = { r, ns, team, psa: r.pick(PSA_LEVELS) };
  const docs: Doc[] = [namespaceDoc(c)];

  const appCount = r.int(4, 8);
  const start = r.int(0, APPS.length - 1);
  const apps = Array.from({ length: appCount }, (_, k) => APPS[(start + k) % APPS.length]!);
  const stateful = r.chance(0.7) ? [r.pick(STATEFUL)] : [];
  const all = [...apps, ...stateful];

  docs.push(serviceAccountDoc(c, 'default', false));
  for (const app of all) docs.push(serviceAccountDoc(c, app, r.chance(0.3)));
  for (const app of apps) {
    const port = r.pick([8080, 8443, 3000, 5000]);
    docs.push(configMapDoc(c, app));
    docs.push(secretDoc(c, app));
    docs.push(deploymentDoc(c, app, app, port));
    docs.push(serviceDoc(c, app, port, false));
  }
  for (const app of stateful) {
    docs.push(configMapDoc(c, app));
    docs.push(secretDoc(c, app));
    docs.push(statefulSetDoc(c, app, app));
    docs.push(serviceDoc(c, app, 5432, true));
  }
  docs.push(defaultDenyDoc(c));
  for (const app of all) docs.push(allowDoc(c, app, 8080, all));
  const roles = r.int(1, 3);
  for (let k = 0; k < roles; k++) {
    const name = `${all[k % all.length]}-reader`;
    docs.push(roleDoc(c, name, r.chance(0.1)));
    docs.push(roleBindingDoc(c, name, all[k % all.length]!, { kind: 'Role', name }));
  }
  if (r.chance(0.3)) {
    const wide = r.chance(0.2) ? 'cluster-admin' : r.pick(['view', 'edit']);
    docs.push(roleBindingDoc(c, `${c.team}-${wide}`, 'default', { kind: 'ClusterRole', name: wide }));
  }
  return { ns, team, docs };
}

/** Writes a synthetic cluster to `outDir/<team>/<namespace>.yaml`; deterministic from the seed. */
export function generateCluster(options: GenerateOptions): GeneratedCluster {
  const { outDir, seed } = options;
  if (options.namespaces === undefined && options.objects === undefined) throw new Error('give namespaces or objects');
  const result: GeneratedCluster = { outDir, namespaces: 0, objects: 0, files: [], bytes: 0, kinds: {} };
  for (let i = 0; ; i++) {
    if (options.namespaces !== undefined ? i >= options.namespaces : result.objects >= options.objects!) break;
    const { ns, team, docs } = namespaceDocuments(seed, i);
    const dir = path.join(outDir, team);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${ns}.yaml`);
    const text = docs.map((d) => `---\n${d.text}`).join('');
    writeFileSync(file, text);
    result.files.push(file);
    result.bytes += Buffer.byteLength(text);
    result.objects += docs.length;
    result.namespaces++;
    for (const d of docs) result.kinds[d.kind] = (result.kinds[d.kind] ?? 0) + 1;
  }
  return result;
}

function main(argv: readonly string[]): number {
  const [outDir, objectsText, seedText] = argv;
  const objects = Number(objectsText);
  const seed = seedText === undefined ? 1 : Number(seedText);
  if (!outDir || !Number.isInteger(objects) || objects <= 0 || !Number.isInteger(seed)) {
    process.stderr.write('usage: node dist-bench/bench/generate.js OUTDIR OBJECTS [SEED]\n');
    return 2;
  }
  const g = generateCluster({ outDir, objects, seed });
  process.stdout.write(`${g.objects} objects in ${g.files.length} files (${g.namespaces} namespaces), ${(g.bytes / 1e6).toFixed(1)} MB in ${outDir}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
