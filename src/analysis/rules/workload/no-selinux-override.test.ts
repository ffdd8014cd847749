import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-selinux-override.js';

const valid: ValidCase[] = [
  {
    name: 'level only, and each container type (container_engine_t since v1.31)',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seLinuxOptions:
      level: "s0:c123,c456"
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        seLinuxOptions: { type: container_init_t }
  containers:
    - name: a
      image: busybox:1.36
      securityContext:
        seLinuxOptions: { type: container_t }
    - name: b
      image: busybox:1.36
      securityContext:
        seLinuxOptions: { type: container_kvm_t }
    - name: c
      image: busybox:1.36
      securityContext:
        seLinuxOptions: { type: container_engine_t, user: "", role: "" }
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
`,
  },
];

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
containers:
  - name: app
    image: busybox:1.36
    securityContext:
      seLinuxOptions:
        type: spc_t
`);
  return {
    name: `${kind}: a container with type spc_t`,
    yaml: m.yaml,
    findings: [{ messageId: 'type', line: m.line(6), column: m.column(9), data: { who: 'Container "app"', value: 'spc_t' } }],
  };
});

invalid.push({
  name: 'pod-level options are reported once, where set, even when a container replaces them',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seLinuxOptions:
      user: system_u
      role: system_r
      type: unconfined_t
      level: s0
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        seLinuxOptions:
          type: container_t
    - name: other
      image: busybox:1.36
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        seLinuxOptions:
          role: sysadm_r
`,
  findings: [
    { messageId: 'user', line: 8, column: 7, data: { who: 'The pod', value: 'system_u' }, path: 'spec.securityContext.seLinuxOptions.user' },
    { messageId: 'role', line: 9, column: 7, data: { who: 'The pod', value: 'system_r' }, path: 'spec.securityContext.seLinuxOptions.role' },
    { messageId: 'type', line: 10, column: 7, data: { who: 'The pod', value: 'unconfined_t' }, path: 'spec.securityContext.seLinuxOptions.type' },
    { messageId: 'role', line: 25, column: 11, data: { who: 'Container "debug"', value: 'sysadm_r' }, path: 'spec.ephemeralContainers[0].securityContext.seLinuxOptions.role' },
  ],
});

testRule(rule, { valid, invalid });
