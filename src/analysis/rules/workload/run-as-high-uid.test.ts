import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './run-as-high-uid.js';

const valid: ValidCase[] = [
  {
    name: 'IDs above 10000 at pod level',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 10001
    runAsGroup: 65532
  containers:
    - name: app
      image: busybox:1.36
`,
  },
  {
    name: 'unset IDs (the image decides), 0 (run-as-non-root\'s business) and fsGroup/supplementalGroups are not judged',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    fsGroup: 1000
    supplementalGroups: [100]
  containers:
    - name: unset
      image: busybox:1.36
    - name: root
      image: busybox:1.36
      securityContext:
        runAsUser: 0
        runAsGroup: 0
`,
  },
  {
    name: 'a low pod-level UID replaced by a high container UID',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 1000
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        runAsUser: 20000
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
securityContext:
  runAsUser: 10000
containers:
  - name: app
    image: busybox:1.36
`);
  return {
    name: `${kind}: 10000 is still low, inherited from the pod`,
    yaml: m.yaml,
    findings: [{ messageId: 'uid', line: m.line(2), column: m.column(3), data: { name: 'app', id: 10000, from: 'pod' } }],
  };
});

invalid.push({
  name: 'UID and GID per container, from where they take effect',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 10001
    runAsGroup: 1
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        runAsUser: 999
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        runAsGroup: 20000
    - name: web
      image: nginx:1.27
`,
  findings: [
    { messageId: 'gid', line: 8, column: 5, data: { name: 'init', id: 1, from: 'pod' }, path: 'spec.securityContext.runAsGroup' },
    { messageId: 'gid', line: 8, column: 5, data: { name: 'web', id: 1, from: 'pod' } },
    { messageId: 'uid', line: 13, column: 9, data: { name: 'init', id: 999, from: 'container' }, path: 'spec.initContainers[0].securityContext.runAsUser' },
  ],
});

testRule(rule, { valid, invalid });
