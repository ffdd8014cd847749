import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-dangerous-capabilities.js';

const valid: ValidCase[] = [
  {
    name: 'runtime-default capabilities PSS baseline allows adding, and NET_RAW (no-net-raw\'s business)',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [ALL]
          add: [NET_BIND_SERVICE, CHOWN, DAC_OVERRIDE, SETUID, SETGID, SETFCAP, NET_RAW]
`,
  },
  {
    name: 'dropping a dangerous capability is not adding it',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [SYS_ADMIN, ALL]
`,
  },
  {
    name: 'Windows pods are not judged',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  os: { name: windows }
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext:
        capabilities:
          add: [SYS_ADMIN]
`,
  },
];

const SYS_ADMIN = 'mounts, namespaces and most other root powers; the classic escape route';

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
containers:
  - name: app
    image: busybox:1.36
    securityContext:
      capabilities:
        add:
          - SYS_ADMIN
`);
  return {
    name: `${kind}: SYS_ADMIN added`,
    yaml: m.yaml,
    findings: [{ messageId: 'dangerous', line: m.line(7), column: m.column(13), data: { name: 'app', value: 'SYS_ADMIN', what: SYS_ADMIN } }],
  };
});

invalid.push({
  name: 'case variants and CAP_ prefixes; adds reported even when also dropped; every container kind',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        capabilities:
          add: [BPF]
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [ALL, SYS_PTRACE]
          add:
            - cap_sys_module
            - CAP_NET_ADMIN
            - sys_ptrace
            - NET_BIND_SERVICE
            - all
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        capabilities:
          add: ["PERFMON", "DAC_READ_SEARCH"]
`,
  findings: [
    { messageId: 'dangerous', line: 11, data: { name: 'init', value: 'BPF', what: 'loads eBPF programs into the shared kernel' }, path: 'spec.initContainers[0].securityContext.capabilities.add[0]' },
    { messageId: 'dangerous', line: 19, column: 15, data: { name: 'app', value: 'cap_sys_module', what: 'loads kernel modules: code in the node\'s kernel' } },
    {
      messageId: 'dangerous', line: 20, column: 15,
      data: { name: 'app', value: 'CAP_NET_ADMIN', what: 'reconfigures interfaces, routes and firewall rules to intercept traffic, the node\'s with hostNetwork' },
    },
    { messageId: 'dangerous', line: 21, column: 15, data: { name: 'app', value: 'sys_ptrace', what: 'traces and injects code into other processes, the node\'s too with hostPID' } },
    { messageId: 'all', line: 23, column: 15, data: { name: 'app', value: '"all"' }, path: 'spec.containers[0].securityContext.capabilities.add[4]' },
    { messageId: 'dangerous', line: 29, data: { name: 'debug', value: 'PERFMON', what: 'traces the kernel and, with BPF, reads kernel memory' } },
    {
      messageId: 'dangerous', line: 29,
      data: { name: 'debug', value: 'DAC_READ_SEARCH', what: 'bypasses read permission checks and opens host files by handle: the "shocker" escape' },
    },
  ],
});

testRule(rule, { valid, invalid });
