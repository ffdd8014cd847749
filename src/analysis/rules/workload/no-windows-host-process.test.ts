import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-windows-host-process.js';

const valid: ValidCase[] = [
  {
    name: 'windowsOptions without hostProcess, and hostProcess: false',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  os: { name: windows }
  securityContext:
    windowsOptions:
      runAsUserName: ContainerUser
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext:
        windowsOptions:
          hostProcess: false
`,
  },
];

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
os:
  name: windows
hostNetwork: true
securityContext:
  windowsOptions:
    hostProcess: true
containers:
  - name: agent
    image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`);
  return {
    name: `${kind}: pod-level hostProcess, reported once`,
    yaml: m.yaml,
    findings: [{ messageId: 'pod', line: m.line(6), column: m.column(5), data: {} }],
  };
});

invalid.push({
  name: 'container-level hostProcess in each container that sets it, whatever spec.os says',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  initContainers:
    - name: init
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext:
        windowsOptions:
          hostProcess: true
  containers:
    - name: agent
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext:
        windowsOptions:
          hostProcess: true
          runAsUserName: "NT AUTHORITY\\\\SYSTEM"
`,
  findings: [
    { messageId: 'container', line: 12, column: 11, data: { name: 'init' }, path: 'spec.initContainers[0].securityContext.windowsOptions.hostProcess' },
    { messageId: 'container', line: 18, column: 11, data: { name: 'agent' }, path: 'spec.containers[0].securityContext.windowsOptions.hostProcess' },
  ],
});

testRule(rule, { valid, invalid });
