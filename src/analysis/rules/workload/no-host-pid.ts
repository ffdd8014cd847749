import { podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-host-pid',
  area: 'workload',
  severity: 'high',
  title: 'Pods that share the node\'s process namespace',
  kinds: WORKLOAD_KINDS,
  description:
    'The pod spec must not set `hostPID: true`. Only the literal value true is reported; `false` and an ' +
    'absent field (the default) are fine. `shareProcessNamespace` (containers of one pod sharing a PID ' +
    'namespace among themselves) is not judged.',
  rationale:
    'With the host PID namespace a container sees every process on the node, reads their command lines ' +
    'and environment (often carrying credentials) through /proc, can signal them, and with SYS_PTRACE or ' +
    'root can inject code into them or enter their namespaces (`nsenter -t 1`) to escape to the node.',
  remediation: 'Remove `hostPID: true` from the pod spec. Debugging tools that need host processes belong in a node-level debug session (`kubectl debug node/...`), not in a workload.',
  references: [
    { framework: 'pss', control: 'baseline/host-namespaces' },
    { framework: 'cis-k8s', control: '5.2.3' },
    { framework: 'nsa-cisa', control: 'Pod security: do not share host process or network namespaces' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: { hostPID: 'The pod shares the node\'s process namespace (hostPID: true).' },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: top
spec:
  hostPID: true
  containers:
    - name: top
      image: busybox:1.36
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: top
spec:
  containers:
    - name: top
      image: busybox:1.36
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (tpl?.spec.hostPID === true) ctx.report('hostPID', {}, [...tpl.specPath, 'hostPID']);
  },
});
