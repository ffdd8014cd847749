import { containersOf, isRecord, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-host-port',
  area: 'workload',
  severity: 'medium',
  title: 'Containers that bind ports on the node',
  kinds: WORKLOAD_KINDS,
  description:
    'No container (init, regular or ephemeral) may set a non-zero `ports[].hostPort`. `hostPort: 0` and an ' +
    'absent field are fine. A `hostNetwork: true` pod binds its container ports on the node without ' +
    '`hostPort` (the API server copies each containerPort into hostPort); that case is reported by ' +
    '`no-host-network`, not here, since the manifest does not set the field.',
  rationale:
    'A host port publishes the container on every address of its node, outside Services and, with most ' +
    'network plugins, outside NetworkPolicy. It also pins the pod to nodes where the port is free and ' +
    'lets a workload squat a port that a node service or another tenant expects.',
  remediation: 'Remove `hostPort` and expose the container through a Service (ClusterIP, NodePort or LoadBalancer).',
  references: [
    { framework: 'pss', control: 'baseline/host-ports' },
    { framework: 'cis-k8s', control: '5.2.12' },
    { framework: 'nsa-cisa', control: 'Network separation and hardening' },
  ],
  messages: { hostPort: 'Container "{name}" binds host port {hostPort}/{protocol} on its node.' },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
          hostPort: 80
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
`,
  },
  check(obj, ctx) {
    for (const c of containersOf(obj)) {
      const ports = c.container.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((port, i) => {
        if (!isRecord(port) || typeof port.hostPort !== 'number' || port.hostPort === 0) return;
        const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
        ctx.report('hostPort', { name: c.name, hostPort: port.hostPort, protocol }, [...c.path, 'ports', i, 'hostPort']);
      });
    }
  },
});
