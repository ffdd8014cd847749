import { WORKLOAD_KINDS } from '../../../model/index.js';
import { evaluateWorkload, psaNamespaces } from '../../analyzers/pss/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'pss-admission-rejected',
  area: 'workload',
  severity: 'high',
  uses: [psaNamespaces],
  title: 'Workloads their namespace\'s Pod Security level would reject',
  kinds: WORKLOAD_KINDS,
  description:
    'A workload whose pod template breaks the Pod Security Standard that its Namespace (in the same ' +
    'input) enforces. A bare Pod is rejected when applied; for a Deployment, StatefulSet, Job or other ' +
    'controller the object itself is accepted but every pod it tries to create is rejected, so it ' +
    'never runs. The check follows the enforce level and enforce-version labels exactly as the Pod ' +
    'Security Admission controller evaluates them.',
  rationale:
    'This is a deploy-time failure that only shows up after `kubectl apply`, often as a Deployment stuck ' +
    'at zero ready replicas with the reason buried in ReplicaSet events. Seeing it before applying saves ' +
    'an outage, and the fix is usually the securityContext the standard asks for.',
  remediation:
    'Change the pod template to meet the namespace\'s level (see `kubeward pss <paths> --level <level>` ' +
    'for each violation and its line), or, if the workload truly needs more privilege, move it to a ' +
    'namespace with a suitable level.',
  references: [
    { framework: 'pss', control: 'Pod Security Admission: enforce mode' },
    { framework: 'cis-k8s', control: '5.2.1' },
  ],
  messages: {
    rejectedPod: 'Pod "{name}" would be rejected by namespace "{namespace}" (enforce {level}:{version}), it violates {violations}.',
    rejectedController:
      '{kind} "{name}" is accepted, but its pods would be rejected by namespace "{namespace}" (enforce {level}:{version}); they violate {violations}.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
    good: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: web
          image: nginxinc/nginx-unprivileged:1.27
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: { drop: ["ALL"] }
`,
  },
  check(obj, ctx) {
    if (obj.namespace === undefined) return;
    const ns = ctx.use(psaNamespaces).get(obj.namespace);
    if (!ns) return;
    const { level, version } = ns.policy.enforce;
    if (level === 'privileged') return;
    const result = evaluateWorkload(obj, level, version);
    if (!result || result.allowed) return;
    const violations = result.violations.map((v) => v.check).join(', ');
    const data = { kind: obj.kind, name: obj.name, namespace: obj.namespace, level, version, violations };
    ctx.report(obj.kind === 'Pod' ? 'rejectedPod' : 'rejectedController', data, result.violations[0]!.paths[0] ?? []);
  },
});
