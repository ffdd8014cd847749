import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-unsafe-sysctls.js';

const valid: ValidCase[] = [
  {
    name: 'the safe set of the newest policy version, including the v1.37 additions and a slash-separated name',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    sysctls:
      - { name: kernel.shm_rmid_forced, value: "1" }
      - { name: net.ipv4.ip_local_port_range, value: "1024 65000" }
      - { name: net.ipv4.tcp_syncookies, value: "1" }
      - { name: net.ipv4.ping_group_range, value: "0 2147483647" }
      - { name: net.ipv4.ip_unprivileged_port_start, value: "80" }
      - { name: net.ipv4.ip_local_reserved_ports, value: "8080" }
      - { name: net.ipv4.tcp_keepalive_time, value: "600" }
      - { name: net.ipv4.tcp_fin_timeout, value: "30" }
      - { name: net.ipv4.tcp_keepalive_intvl, value: "60" }
      - { name: net.ipv4.tcp_keepalive_probes, value: "5" }
      - { name: net.ipv4.tcp_rmem, value: "4096 87380 6291456" }
      - { name: net.ipv4.tcp_wmem, value: "4096 16384 4194304" }
      - { name: net.ipv4.tcp_slow_start_after_idle, value: "0" }
      - { name: net.ipv4.tcp_notsent_lowat, value: "16384" }
      - { name: net/ipv4/tcp_fin_timeout, value: "30" }
  containers:
    - name: app
      image: redis:7.4
`,
  },
  {
    name: 'no sysctls, and a Windows pod',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  os: { name: windows }
  securityContext:
    sysctls:
      - { name: kernel.msgmax, value: "65536" }
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
---
apiVersion: v1
kind: Pod
metadata:
  name: q
spec:
  containers:
    - name: app
      image: redis:7.4
`,
  },
];

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
securityContext:
  sysctls:
    - name: net.core.somaxconn
      value: "1024"
containers:
  - name: app
    image: redis:7.4
`);
  return {
    name: `${kind}: net.core.somaxconn`,
    yaml: m.yaml,
    findings: [{ messageId: 'unsafe', line: m.line(3), column: m.column(7), data: { sysctl: 'net.core.somaxconn' } }],
  };
});

invalid.push({
  name: 'each unsafe name, as written; slash names are read as the kubelet reads them',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    sysctls:
      - name: kernel.shm_rmid_forced
        value: "1"
      - name: kernel.msgmax
        value: "65536"
      - name: net/ipv4/ip_local_port_range
        value: "1024 65000"
      - name: vm.swappiness
        value: "10"
      - name: net/ipv4/conf/eno2.100/rp_filter
        value: "0"
  containers:
    - name: app
      image: redis:7.4
`,
  findings: [
    { messageId: 'unsafe', line: 10, column: 9, data: { sysctl: 'kernel.msgmax' }, path: 'spec.securityContext.sysctls[1].name' },
    { messageId: 'unsafe', line: 14, column: 9, data: { sysctl: 'vm.swappiness' }, path: 'spec.securityContext.sysctls[3].name' },
    { messageId: 'unsafe', line: 16, column: 9, data: { sysctl: 'net/ipv4/conf/eno2.100/rp_filter' }, path: 'spec.securityContext.sysctls[4].name' },
  ],
});

testRule(rule, { valid, invalid });
