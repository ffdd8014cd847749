import { containersOf, containerSecurityField, isWindowsPod, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'read-only-root-filesystem',
  area: 'workload',
  severity: 'medium',
  title: 'Containers with a writable root filesystem',
  kinds: WORKLOAD_KINDS,
  description:
    'Every container (init, regular and ephemeral) must set `securityContext.readOnlyRootFilesystem: ' +
    'true`. The field exists only on the container securityContext, so nothing is inherited from the ' +
    'pod. Windows pods (`spec.os.name: windows`) are not judged: the API server rejects the field on them.',
  rationale:
    'A writable root filesystem lets an attacker who gets code execution drop tools, modify the ' +
    'application\'s binaries or configuration and persist until the container is recreated. An ' +
    'immutable image with explicit writable `emptyDir` mounts for the few paths that need it keeps the ' +
    'running container identical to the reviewed image.',
  remediation:
    'Set `securityContext.readOnlyRootFilesystem: true` on each container and mount an `emptyDir` at ' +
    'every path the process writes to (commonly /tmp, caches and PID or socket directories).',
  references: [
    { framework: 'nsa-cisa', control: 'Pod security: use immutable container file systems' },
    { framework: 'cis-k8s', control: '5.6.3' },
    { framework: 'mitre', control: 'T1525 Implant Internal Image' },
  ],
  messages: {
    unset: 'Container "{name}" does not set readOnlyRootFilesystem: true (its root filesystem is writable).',
    writable: 'Container "{name}" sets readOnlyRootFilesystem: false.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: ghcr.io/example/api:2.1.0
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: ghcr.io/example/api:2.1.0
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isWindowsPod(tpl)) return;
    for (const c of containersOf(obj)) {
      const field = containerSecurityField(c, 'readOnlyRootFilesystem');
      if (field.value === true) continue;
      ctx.report(field.value === false ? 'writable' : 'unset', { name: c.name }, field.path);
    }
  },
});
