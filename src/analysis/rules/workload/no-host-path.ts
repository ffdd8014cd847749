import { isRecord, podTemplateOf, volumesOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-host-path',
  area: 'workload',
  severity: 'medium',
  title: 'hostPath volumes',
  kinds: WORKLOAD_KINDS,
  description:
    'The pod spec must not declare `hostPath` volumes, whatever the path and whether or not a container ' +
    'mounts them. Writable mounts are reported by `no-writable-host-path` and paths that expose node ' +
    'credentials or control by `no-sensitive-host-path`; this rule reports every hostPath volume once.',
  rationale:
    'A hostPath volume ties the pod to its node\'s filesystem: it can read what other pods and node ' +
    'daemons leave there, plant files that the node later trusts, and survives the pod. It is the most ' +
    'common first step of container escapes and the reason PSS baseline forbids it.',
  remediation:
    'Use an `emptyDir`, a PersistentVolumeClaim, a ConfigMap/Secret or a projected volume instead. A ' +
    'node agent that truly needs host files should mount the narrowest path, read-only, and be suppressed ' +
    'with a reason.',
  references: [
    { framework: 'pss', control: 'baseline/hostpath-volumes' },
    { framework: 'cis-k8s', control: '5.2.11' },
    { framework: 'nsa-cisa', control: 'Pod security: restrict hostPath mounts' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: { hostPath: 'Volume "{volume}" mounts host path "{path}" from the node.' },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: busybox:1.36
      volumeMounts:
        - name: cache
          mountPath: /cache
  volumes:
    - name: cache
      hostPath:
        path: /tmp/app-cache
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: busybox:1.36
      volumeMounts:
        - name: cache
          mountPath: /cache
  volumes:
    - name: cache
      emptyDir: {}
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl) return;
    for (const v of volumesOf(tpl)) {
      const hostPath = v.volume.hostPath;
      if (!isRecord(hostPath)) continue;
      const path = typeof hostPath.path === 'string' ? hostPath.path : '';
      ctx.report('hostPath', { volume: v.name, path }, [...v.path, 'hostPath']);
    }
  },
});
