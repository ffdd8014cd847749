import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-unmasked-proc-mount.js';

const valid: ValidCase[] = [
  {
    name: 'unset and Default',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: busybox:1.36
    - name: b
      image: busybox:1.36
      securityContext:
        procMount: Default
`,
  },
  {
    name: 'Unmasked in a user namespace (hostUsers: false)',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostUsers: false
  containers:
    - name: builder
      image: moby/buildkit:v0.16.0-rootless
      securityContext:
        procMount: Unmasked
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
      procMount: Unmasked
`);
  return {
    name: `${kind}: Unmasked`,
    yaml: m.yaml,
    findings: [{ messageId: 'unmasked', line: m.line(5), column: m.column(7), data: { name: 'app', value: 'Unmasked' } }],
  };
});

invalid.push({
  name: 'hostUsers: true is the host user namespace; init containers count',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostUsers: true
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        procMount: Unmasked
  containers:
    - name: app
      image: busybox:1.36
`,
  findings: [{ messageId: 'unmasked', line: 11, column: 9, data: { name: 'init', value: 'Unmasked' }, path: 'spec.initContainers[0].securityContext.procMount' }],
});

testRule(rule, { valid, invalid });
