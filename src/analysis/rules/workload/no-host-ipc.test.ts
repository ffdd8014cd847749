import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-host-ipc.js';

const valid: ValidCase[] = [
  {
    name: 'hostIPC absent',
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
    name: 'hostIPC: false',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostIPC: false
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
  hostNetwork: true
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
hostIPC: true
`);
  return {
    name: `${kind}: hostIPC: true`,
    yaml: m.yaml,
    findings: [{
      messageId: 'hostIPC', line: m.line(4), column: m.column(1), data: {},
      path: `${SPEC_PATH[kind] ?? 'spec.template.spec'}.hostIPC`,
    }],
  };
});

invalid.push({
  name: 'a Windows pod is judged too',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  os: { name: windows }
  hostIPC: true
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`,
  findings: [{ messageId: 'hostIPC', line: 7, column: 3 }],
});

testRule(rule, { valid, invalid });
