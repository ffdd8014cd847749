import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-host-network.js';

const valid: ValidCase[] = [
  {
    name: 'hostNetwork absent',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
`,
  },
  {
    name: 'hostNetwork: false',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: false
  containers:
    - name: app
      image: busybox:1.36
`,
  },
  {
    name: 'other host namespaces are other rules',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostPID: true
  hostIPC: true
  containers:
    - name: app
      image: busybox:1.36
`,
  },
];

const SPEC_PATH: Record<string, string> = {
  Pod: 'spec', PodTemplate: 'template.spec', CronJob: 'spec.jobTemplate.spec.template.spec',
};

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
containers:
  - name: app
    image: busybox:1.36
hostNetwork: true
`);
  return {
    name: `${kind}: hostNetwork: true`,
    yaml: m.yaml,
    findings: [{
      messageId: 'hostNetwork', line: m.line(4), column: m.column(1), data: {},
      path: `${SPEC_PATH[kind] ?? 'spec.template.spec'}.hostNetwork`,
    }],
  };
});

invalid.push({
  name: 'a Windows HostProcess pod, which must use host networking, is judged too',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  os: { name: windows }
  hostNetwork: true
  securityContext:
    windowsOptions: { hostProcess: true }
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`,
  findings: [{ messageId: 'hostNetwork', line: 7, column: 3 }],
});

testRule(rule, { valid, invalid });
