import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './read-only-root-filesystem.js';

const valid: ValidCase[] = [
  {
    name: 'every container sets readOnlyRootFilesystem: true',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        readOnlyRootFilesystem: true
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: true
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        readOnlyRootFilesystem: true
`,
  },
  {
    name: 'Windows pods are not judged',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  os:
    name: windows
  containers:
    - name: iis
      image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
`,
  },
];

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
containers:
  - name: app
    image: nginx:1.27
    securityContext:
      runAsNonRoot: true
`);
  return {
    name: `${kind}: a securityContext without the field points at the securityContext`,
    yaml: m.yaml,
    findings: [{ messageId: 'unset', line: m.line(4), column: m.column(5), data: { name: 'app' } }],
  };
});

invalid.push(
  {
    name: 'a pod-level securityContext cannot set it: nothing is inherited',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    readOnlyRootFilesystem: true
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'unset', line: 9, column: 7, data: { name: 'app' }, path: 'spec.containers[0].securityContext.readOnlyRootFilesystem' }],
  },
  {
    name: 'false is reported at the field; init and ephemeral containers count',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: false
    - name: ok
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: true
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
`,
    findings: [
      { messageId: 'unset', line: 7, column: 7, data: { name: 'init' }, path: 'spec.initContainers[0].securityContext.readOnlyRootFilesystem' },
      { messageId: 'writable', line: 13, column: 9, data: { name: 'app' }, path: 'spec.containers[0].securityContext.readOnlyRootFilesystem' },
      { messageId: 'unset', line: 19, column: 7, data: { name: 'debug' } },
    ],
  },
  {
    name: 'a Linux pod (os.name: linux) is judged',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  os: { name: linux }
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'unset', line: 8, column: 7 }],
  },
);

testRule(rule, { valid, invalid });
