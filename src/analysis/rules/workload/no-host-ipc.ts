import { podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-host-ipc',
  area: 'workload',
  severity: 'high',
  title: 'Pods that share the node\'s IPC namespace',
  kinds: WORKLOAD_KINDS,
  description:
    'The pod spec must not set `hostIPC: true`. Only the literal value true is reported; `false` and an ' +
    'absent field (the default) are fine.',
  rationale:
    'With the host IPC namespace a container can read and write the System V shared memory, semaphores ' +
    'and message queues of every process on the node (and POSIX shared memory in /dev/shm), which lets ' +
    'it spy on or tamper with other workloads and host daemons that communicate this way.',
  remediation: 'Remove `hostIPC: true` from the pod spec; containers that must share memory can do so within the pod through an `emptyDir` with `medium: Memory`.',
  references: [
    { framework: 'pss', control: 'baseline/host-namespaces' },
    { framework: 'cis-k8s', control: '5.2.4' },
    { framework: 'nsa-cisa', control: 'Pod security: do not share host process or network namespaces' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: { hostIPC: 'The pod shares the node\'s IPC namespace (hostIPC: true).' },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: shm
spec:
  hostIPC: true
  containers:
    - name: app
      image: busybox:1.36
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: shm
spec:
  containers:
    - name: app
      image: busybox:1.36
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (tpl?.spec.hostIPC === true) ctx.report('hostIPC', {}, [...tpl.specPath, 'hostIPC']);
  },
});
