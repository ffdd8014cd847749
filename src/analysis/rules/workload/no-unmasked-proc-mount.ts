import { containersOf, containerSecurityField, isWindowsPod, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-unmasked-proc-mount',
  area: 'workload',
  severity: 'high',
  title: 'Containers with an unmasked /proc',
  kinds: WORKLOAD_KINDS,
  description:
    'No container (init, regular or ephemeral) may set `securityContext.procMount` to anything but ' +
    '`Default` (in practice `Unmasked`). A pod in its own user namespace (`spec.hostUsers: false`) is not ' +
    'reported, as in Pod Security Standards baseline since v1.35: there the unmasked /proc belongs to the ' +
    'user namespace, and recent API servers accept `Unmasked` only in that case. The field is ' +
    'container-only. Windows pods (`spec.os.name: windows`) are not judged.',
  rationale:
    'The runtime masks and makes read-only parts of /proc (such as /proc/sys, /proc/sysrq-trigger, ' +
    '/proc/kcore and /proc/keys) that reach kernel state shared with the node. Unmasked, a root process ' +
    'in the container can change kernel settings for the whole node, read kernel memory or trigger a reboot.',
  remediation:
    'Remove `procMount` (or set `Default`). Nested-container builders that need an unmasked /proc should ' +
    'run in a user namespace (`hostUsers: false`).',
  references: [
    { framework: 'pss', control: 'baseline/proc-mount-type' },
    { framework: 'cis-k8s', control: '5.6.3' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: { unmasked: 'Container "{name}" sets procMount: {value} without a user namespace (hostUsers: false).' },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
    - name: buildkit
      image: moby/buildkit:v0.16.0-rootless
      securityContext:
        procMount: Unmasked
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  hostUsers: false
  containers:
    - name: buildkit
      image: moby/buildkit:v0.16.0-rootless
      securityContext:
        procMount: Unmasked
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isWindowsPod(tpl) || tpl.spec.hostUsers === false) return;
    for (const c of containersOf(obj)) {
      const procMount = containerSecurityField(c, 'procMount');
      if (procMount.value === undefined || procMount.value === 'Default') continue;
      ctx.report('unmasked', { name: c.name, value: String(procMount.value) }, procMount.path);
    }
  },
});
