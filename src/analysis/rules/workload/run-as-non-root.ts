import {
  containersOf, effectiveSecurityField, isWindowsPod, podTemplateOf, WORKLOAD_KINDS,
} from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'run-as-non-root',
  area: 'workload',
  severity: 'high',
  title: 'Containers that may run as root',
  kinds: WORKLOAD_KINDS,
  description:
    'Every container must be kept from running as UID 0: `runAsNonRoot: true` (so the kubelet refuses ' +
    'to start an image whose user is root) or a non-zero `runAsUser`, set on the container or inherited ' +
    'from the pod securityContext. Windows pods and pods with `hostUsers: false` (a user namespace, where ' +
    'root maps to an unprivileged host user) are not judged by this rule.',
  rationale:
    'Most public images run as root unless told otherwise. Root in a container is root on the node ' +
    'for any file or device that leaks in through a mount, a kernel bug or a misconfiguration, and it ' +
    'makes every other escape easier.',
  remediation:
    'Set `securityContext.runAsNonRoot: true` on the pod (inherited by every container) and a non-zero ' +
    '`runAsUser`, or build the image with a numeric non-root `USER`.',
  references: [
    { framework: 'pss', control: 'restricted/running-as-non-root' },
    { framework: 'cis-k8s', control: '5.2.7' },
    { framework: 'nsa-cisa', control: 'Pod security: use containers built to run applications as non-root users' },
  ],
  messages: {
    mayRunAsRoot: 'Container "{name}" may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set on it or its pod.',
    uidZero: 'Container "{name}" runs as root (runAsUser: 0, set on the {from}).',
    nonRootFalse: 'Container "{name}" may run as root: runAsNonRoot is false (set on the {from}) and no non-zero runAsUser is set.',
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
          image: nginx:1.27
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
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: web
          image: nginxinc/nginx-unprivileged:1.27
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    // With hostUsers: false the pod gets its own user namespace: UID 0 inside maps to an
    // unprivileged host UID, which is why Pod Security Standards exempt it (v1.35+).
    if (!tpl || isWindowsPod(tpl) || tpl.spec.hostUsers === false) return;
    for (const c of containersOf(obj)) {
      const user = effectiveSecurityField<number>(tpl, c, 'runAsUser');
      if (user.value === 0) {
        ctx.report('uidZero', { name: c.name, from: user.from === 'pod' ? 'pod' : 'container' }, user.path);
        continue;
      }
      if (typeof user.value === 'number' && user.value > 0) continue;
      const nonRoot = effectiveSecurityField<boolean>(tpl, c, 'runAsNonRoot');
      if (nonRoot.value === true) continue;
      if (nonRoot.value === false && nonRoot.path) {
        ctx.report('nonRootFalse', { name: c.name, from: nonRoot.from === 'pod' ? 'pod' : 'container' }, nonRoot.path);
        continue;
      }
      ctx.report('mayRunAsRoot', { name: c.name }, nonRoot.path ?? [...c.path, 'securityContext', 'runAsNonRoot']);
    }
  },
});
