import { containersOf, containerSecurityField, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-privileged',
  area: 'workload',
  severity: 'critical',
  title: 'Privileged containers',
  kinds: WORKLOAD_KINDS,
  description: 'Containers must not run privileged (`securityContext.privileged: true`).',
  rationale:
    'A privileged container has every capability and access to all host devices; it can mount the host ' +
    'filesystem, load kernel modules and escape to the node, and from there reach every pod and secret on it.',
  remediation: 'Remove `securityContext.privileged` (or set it to false) and grant only the specific capabilities the process needs.',
  references: [
    { framework: 'pss', control: 'baseline/privileged-containers' },
    { framework: 'cis-k8s', control: '5.2.2' },
    { framework: 'nsa-cisa', control: 'Pod security: non-root, immutable, no privileged containers' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: { privileged: 'Container "{name}" runs privileged.' },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: false
`,
  },
  check(obj, ctx) {
    for (const c of containersOf(obj)) {
      const privileged = containerSecurityField(c, 'privileged');
      if (privileged.value === true) ctx.report('privileged', { name: c.name }, privileged.path);
    }
  },
});
