import { isRecord, LONG_RUNNING_KINDS, probedContainersOf } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'readiness-probe',
  area: 'workload',
  severity: 'low',
  title: 'Readiness probe missing',
  kinds: LONG_RUNNING_KINDS,
  description:
    'Flags a long-running container without a `readinessProbe`: the regular containers, and sidecars ' +
    '(init containers with `restartPolicy: Always`, which support probes), of Deployments, ReplicaSets, ' +
    'StatefulSets, DaemonSets, ReplicationControllers and Pods. Not judged: Jobs and CronJobs, and pods ' +
    'whose `restartPolicy` is `Never` or `OnFailure` (they run to completion); other init containers and ' +
    'ephemeral containers (the API forbids probes on them); PodTemplate objects, whose use is unknown. ' +
    'Neither a `startupProbe` nor a `livenessProbe` replaces a readiness probe: a container without one ' +
    'counts as ready as soon as it has started.',
  rationale:
    'Without a readiness probe a pod is Ready, and receives Service traffic, the moment its containers ' +
    'start: before the application listens, and while it is overloaded or lost its backends. Rolling ' +
    'updates then replace working pods with pods that do not serve, and an overloaded replica keeps ' +
    'getting traffic instead of shedding it to healthy ones.',
  remediation:
    'Add a `readinessProbe` (httpGet, tcpSocket, grpc or exec) that succeeds only when the container can ' +
    'serve requests.',
  references: [
    { framework: 'mitre', control: 'T1499 Endpoint Denial of Service' },
  ],
  messages: {
    container: 'Container "{name}" has no readiness probe.',
    sidecar: 'Sidecar container "{name}" has no readiness probe.',
  },
  examples: {
    bad: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27.5
`,
    good: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27.5
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
`,
  },
  check(obj, ctx) {
    for (const { container: c, sidecar } of probedContainersOf(obj)) {
      if (!isRecord(c.container.readinessProbe)) ctx.report(sidecar ? 'sidecar' : 'container', { name: c.name }, [...c.path, 'readinessProbe']);
    }
  },
});
