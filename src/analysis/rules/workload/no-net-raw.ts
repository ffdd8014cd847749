import { containerCapabilities, containersOf, isWindowsPod, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-net-raw',
  area: 'workload',
  severity: 'medium',
  title: 'Containers that keep NET_RAW',
  kinds: WORKLOAD_KINDS,
  description:
    'Every container (init, regular and ephemeral) must drop NET_RAW, by listing `ALL` or `NET_RAW` in ' +
    '`securityContext.capabilities.drop`, and must not add it back (`NET_RAW` or `ALL` in `add`; an ' +
    'added ALL is fine when NET_RAW is dropped by name). NET_RAW is in the default set of containerd and ' +
    'Docker, so a container that does nothing keeps it. Names are compared the way runtimes read them ' +
    '(case-insensitive, `CAP_` prefix accepted in `add`). A drop written `CAP_NET_RAW` is reported: ' +
    'containerd prefixes `CAP_` once more and so drops nothing. An added NET_RAW is reported even when it ' +
    'is also dropped, because Docker applies adds last. Privileged containers have NET_RAW whatever the ' +
    'lists say and are reported by `no-privileged`. Windows pods (`spec.os.name: windows`) are not judged.',
  rationale:
    'NET_RAW lets a process craft any packet: ARP and DNS spoofing against other pods on the node\'s ' +
    'network, sniffing, and a long record of kernel bugs reachable only through raw sockets. ' +
    'Applications rarely need it: ping can use unprivileged ICMP sockets, enabled by the safe sysctl ' +
    'net.ipv4.ping_group_range.',
  remediation: 'Add `drop: ["ALL"]` (or at least `NET_RAW`) to `securityContext.capabilities` and do not add NET_RAW back.',
  references: [
    { framework: 'cis-k8s', control: '5.2.8' },
    { framework: 'pss', control: 'baseline/capabilities' },
    { framework: 'nsa-cisa', control: 'Pod security: drop unneeded Linux capabilities' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    notDropped: 'Container "{name}" keeps NET_RAW: it drops neither ALL nor NET_RAW.',
    added: 'Container "{name}" adds {value}, which grants NET_RAW.',
    prefixedDrop:
      'Container "{name}" drops "{value}", which containerd does not recognise (it adds its own CAP_ prefix): ' +
      'write NET_RAW or ALL.',
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
        capabilities:
          drop: ["ALL"]
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isWindowsPod(tpl)) return;
    for (const c of containersOf(obj)) {
      const caps = containerCapabilities(c);
      const dropsAll = caps.drop.some((d) => d.all);
      // Only an unprefixed name drops NET_RAW in every runtime.
      const dropsNetRaw = caps.drop.some((d) => d.name === 'NET_RAW' && !d.prefixed);
      const adds = caps.add.filter((a) => a.name === 'NET_RAW' || (a.all && !dropsNetRaw));
      for (const a of adds) ctx.report('added', { name: c.name, value: a.value }, a.path);
      if (adds.length > 0 || dropsAll || dropsNetRaw) continue;
      const prefixed = caps.drop.find((d) => d.name === 'NET_RAW');
      if (prefixed) ctx.report('prefixedDrop', { name: c.name, value: prefixed.value }, prefixed.path);
      else ctx.report('notDropped', { name: c.name }, [...caps.path, 'drop']);
    }
  },
});
