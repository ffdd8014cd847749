import { containerCapabilities, containersOf, isWindowsPod, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'drop-all-capabilities',
  area: 'workload',
  severity: 'medium',
  title: 'Containers that keep the default capabilities',
  kinds: WORKLOAD_KINDS,
  description:
    'Every container (init, regular and ephemeral) must list `ALL` in `securityContext.capabilities.drop`, ' +
    'compared exactly as Pod Security Admission compares it (restricted level): `drop: ["all"]` makes ' +
    'the container runtime drop everything but does not satisfy the standard, and is reported with its own ' +
    'message. Capabilities are a container-only field; nothing is inherited from the pod. What the ' +
    'container adds back is judged by `no-dangerous-capabilities` and `no-net-raw`. Windows pods ' +
    '(`spec.os.name: windows`) are not judged: capabilities do not exist there.',
  rationale:
    'Without dropping ALL, a container keeps the runtime\'s default set: NET_RAW (packet spoofing and ' +
    'sniffing on the pod network), DAC_OVERRIDE, CHOWN, FOWNER, SETUID/SETGID, MKNOD and others. Most ' +
    'applications need none of them, and each is raw material for a privilege escalation or escape.',
  remediation:
    'Set `securityContext.capabilities.drop: ["ALL"]` on every container and add back only what the ' +
    'process needs (usually nothing, sometimes NET_BIND_SERVICE).',
  references: [
    { framework: 'pss', control: 'restricted/capabilities' },
    { framework: 'cis-k8s', control: '5.2.9' },
    { framework: 'nsa-cisa', control: 'Pod security: drop unneeded Linux capabilities' },
    { framework: 'mitre', control: 'T1068 Exploitation for Privilege Escalation' },
  ],
  messages: {
    missing: 'Container "{name}" does not drop ALL capabilities and keeps the runtime\'s default set.',
    notExact:
      'Container "{name}" drops "{value}": the container runtime drops every capability, but Pod Security ' +
      'Admission only accepts the exact value "ALL".',
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
      securityContext:
        capabilities:
          drop: ["NET_RAW"]
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
        capabilities:
          drop: ["ALL"]
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isWindowsPod(tpl)) return;
    for (const c of containersOf(obj)) {
      const caps = containerCapabilities(c);
      if (caps.drop.some((d) => d.value === 'ALL')) continue;
      const variant = caps.drop.find((d) => d.all);
      if (variant) ctx.report('notExact', { name: c.name, value: variant.value }, variant.path);
      else ctx.report('missing', { name: c.name }, [...caps.path, 'drop']);
    }
  },
});
