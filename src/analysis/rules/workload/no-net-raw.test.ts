import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-net-raw.js';

function pod(caps: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        capabilities:
${caps.trim().split('\n').map((l) => `          ${l}`).join('\n')}
`;
}

const valid: ValidCase[] = [
  { name: 'drop ALL', yaml: pod('drop: [ALL]') },
  { name: 'drop "all": every runtime compares ALL case-insensitively', yaml: pod('drop: ["all"]') },
  { name: 'drop NET_RAW', yaml: pod('drop: [NET_RAW]') },
  { name: 'drop net_raw: runtimes upper-case names', yaml: pod('drop: [net_raw]') },
  { name: 'add ALL with NET_RAW dropped by name leaves NET_RAW out in every runtime', yaml: pod('add: [ALL]\ndrop: [NET_RAW]') },
  { name: 'other capabilities added back after drop ALL', yaml: pod('drop: [ALL]\nadd: [NET_BIND_SERVICE]') },
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
initContainers:
  - name: init
    image: busybox:1.36
    securityContext:
      capabilities:
        drop: [ALL]
containers:
  - name: app
    image: busybox:1.36
`);
  return {
    name: `${kind}: a container that drops nothing keeps NET_RAW`,
    yaml: m.yaml,
    findings: [{ messageId: 'notDropped', line: m.line(8), column: m.column(5), data: { name: 'app' } }],
  };
});

invalid.push({
  name: 'added back, added through ALL, dropped with a CAP_ prefix, added and dropped, not dropped',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: added
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [ALL]
          add: [NET_RAW]
    - name: prefixed
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [CAP_NET_RAW]
    - name: addall
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [ALL]
          add: [ALL]
    - name: both
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [NET_RAW]
          add: [CAP_NET_RAW]
    - name: other
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [SYS_ADMIN]
`,
  findings: [
    { messageId: 'added', line: 12, data: { name: 'added', value: 'NET_RAW' }, path: 'spec.containers[0].securityContext.capabilities.add[0]' },
    { messageId: 'prefixedDrop', line: 17, data: { name: 'prefixed', value: 'CAP_NET_RAW' }, path: 'spec.containers[1].securityContext.capabilities.drop[0]' },
    { messageId: 'added', line: 23, data: { name: 'addall', value: 'ALL' }, path: 'spec.containers[2].securityContext.capabilities.add[0]' },
    { messageId: 'added', line: 29, data: { name: 'both', value: 'CAP_NET_RAW' }, path: 'spec.containers[3].securityContext.capabilities.add[0]' },
    { messageId: 'notDropped', line: 34, column: 11, data: { name: 'other' }, path: 'spec.containers[4].securityContext.capabilities.drop' },
  ],
});

invalid.push({
  name: 'a pod-level securityContext drops nothing for its containers',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: busybox:1.36
`,
  findings: [{ messageId: 'notDropped', line: 9, column: 7, data: { name: 'app' } }],
});

testRule(rule, { valid, invalid });
