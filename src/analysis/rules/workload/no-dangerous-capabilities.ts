import { containerCapabilities, containersOf, isWindowsPod, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

/** Capabilities that break the container boundary or reach kernel state shared with the node, and why. */
const DANGEROUS: ReadonlyMap<string, string> = new Map([
  ['SYS_ADMIN', 'mounts, namespaces and most other root powers; the classic escape route'],
  ['SYS_MODULE', 'loads kernel modules: code in the node\'s kernel'],
  ['SYS_RAWIO', 'raw I/O port and device memory access'],
  ['SYS_PTRACE', 'traces and injects code into other processes, the node\'s too with hostPID'],
  ['SYS_BOOT', 'reboots the node or loads a new kernel'],
  ['SYS_TIME', 'sets the node\'s clock, which is not namespaced'],
  ['NET_ADMIN', 'reconfigures interfaces, routes and firewall rules to intercept traffic, the node\'s with hostNetwork'],
  ['DAC_READ_SEARCH', 'bypasses read permission checks and opens host files by handle: the "shocker" escape'],
  ['BPF', 'loads eBPF programs into the shared kernel'],
  ['PERFMON', 'traces the kernel and, with BPF, reads kernel memory'],
  ['MAC_ADMIN', 'changes the AppArmor or SELinux policy'],
  ['MAC_OVERRIDE', 'overrides the AppArmor or SELinux policy'],
  ['SYSLOG', 'reads the kernel log, which leaks kernel addresses'],
  ['AUDIT_CONTROL', 'changes or disables the node\'s audit rules'],
]);

export default defineRule({
  id: 'no-dangerous-capabilities',
  area: 'workload',
  severity: 'high',
  title: 'Containers that add dangerous capabilities',
  kinds: WORKLOAD_KINDS,
  description:
    'No container (init, regular or ephemeral) may add, in `securityContext.capabilities.add`, `ALL` or ' +
    'one of SYS_ADMIN, SYS_MODULE, SYS_RAWIO, SYS_PTRACE, SYS_BOOT, SYS_TIME, NET_ADMIN, DAC_READ_SEARCH, ' +
    'BPF, PERFMON, MAC_ADMIN, MAC_OVERRIDE, SYSLOG or AUDIT_CONTROL. Names are read the way container ' +
    'runtimes read them: case-insensitively and with or without a `CAP_` prefix (CRI-O and Docker accept ' +
    '`CAP_SYS_ADMIN`; containerd prefixes `CAP_` once more, so there it silently grants nothing). ' +
    'An added capability is reported even when the same container also drops it, because runtimes ' +
    'disagree on which wins (Docker applies adds last). NET_RAW is left to `no-net-raw`; capabilities of ' +
    'the runtime\'s default set that PSS baseline allows adding (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, ' +
    'SETFCAP...) are left to `drop-all-capabilities`. Privileged containers get every capability ' +
    'regardless and are reported by `no-privileged`. Windows pods (`spec.os.name: windows`) are not judged.',
  rationale:
    'These capabilities reach past the container\'s namespaces into kernel state shared with the node: ' +
    'SYS_ADMIN, SYS_MODULE, DAC_READ_SEARCH and ALL have public escape techniques, SYS_PTRACE and ' +
    'NET_ADMIN let one workload spy on or hijack others, and BPF, PERFMON and SYSLOG expose kernel memory ' +
    'and addresses that make kernel exploits reliable.',
  remediation:
    'Remove the capability from `capabilities.add` and drop ALL. If a component truly needs one (a CNI or ' +
    'service-mesh init container needs NET_ADMIN), keep it to that container, run it in a dedicated ' +
    'namespace and suppress the finding on that workload with a reason.',
  references: [
    { framework: 'pss', control: 'baseline/capabilities' },
    { framework: 'cis-k8s', control: '5.2.9' },
    { framework: 'nsa-cisa', control: 'Pod security: drop unneeded Linux capabilities' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: {
    dangerous: 'Container "{name}" adds {value} ({what}).',
    all: 'Container "{name}" adds ALL capabilities ({value}), including SYS_ADMIN and SYS_MODULE.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: debug
      image: busybox:1.36
      securityContext:
        capabilities:
          add: ["SYS_ADMIN"]
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: ["ALL"]
          add: ["NET_BIND_SERVICE"]
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isWindowsPod(tpl)) return;
    for (const c of containersOf(obj)) {
      for (const cap of containerCapabilities(c).add) {
        if (cap.all) {
          ctx.report('all', { name: c.name, value: JSON.stringify(cap.value) }, cap.path);
          continue;
        }
        const what = DANGEROUS.get(cap.name);
        if (what !== undefined) ctx.report('dangerous', { name: c.name, value: cap.value, what }, cap.path);
      }
    }
  },
});
