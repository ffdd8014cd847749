import { isRecord, LONG_RUNNING_KINDS, probedContainersOf } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'liveness-probe',
  area: 'workload',
  severity: 'low',
  title: 'Liveness probe missing',
  kinds: LONG_RUNNING_KINDS,
  description:
    'Flags a long-running container without a `livenessProbe`: the regular containers, and sidecars ' +
    '(init containers with `restartPolicy: Always`, which support probes), of Deployments, ReplicaSets, ' +
    'StatefulSets, DaemonSets, ReplicationControllers and Pods. Not judged: Jobs and CronJobs, and pods ' +
    'whose `restartPolicy` is `Never` or `OnFailure` (they run to completion); other init containers and ' +
    'ephemeral containers (the API forbids probes on them); PodTemplate objects, whose use is unknown. A ' +
    '`startupProbe` does not replace a liveness probe: it only delays it.',
  rationale:
    'Without a liveness probe the kubelet restarts a container only when its process exits. A process ' +
    'that deadlocks, exhausts a pool or wedges under attack keeps its pod Running and keeps failing ' +
    'requests until someone notices; a liveness probe turns that into an automatic restart.',
  remediation:
    'Add a `livenessProbe` (httpGet, tcpSocket, grpc or exec) that fails only when the process cannot ' +
    'recover by itself, with a `startupProbe` for slow starters; do not make it depend on downstream ' +
    'services, or one outage restarts everything.',
  references: [
    { framework: 'mitre', control: 'T1499 Endpoint Denial of Service' },
  ],
  messages: {
    container: 'Container "{name}" has no liveness probe.',
    sidecar: 'Sidecar container "{name}" has no liveness probe.',
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
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
`,
  },
  check(obj, ctx) {
    for (const { container: c, sidecar } of probedContainersOf(obj)) {
      if (!isRecord(c.container.livenessProbe)) ctx.report(sidecar ? 'sidecar' : 'container', { name: c.name }, [...c.path, 'livenessProbe']);
    }
  },
});
