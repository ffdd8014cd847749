import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './run-as-non-root.js';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: pod runAsNonRoot: true covers init and regular containers`,
    yaml: inWorkload(kind, `
securityContext:
  runAsNonRoot: true
initContainers:
  - name: init
    image: busybox:1.36
containers:
  - name: app
    image: nginx:1.27
`).yaml,
  });

  const bare = inWorkload(kind, `
containers:
  - name: app
    image: nginx:1.27
`);
  invalid.push({
    name: `${kind}: nothing set points at the container item`,
    yaml: bare.yaml,
    findings: [{ messageId: 'mayRunAsRoot', line: bare.line(2), column: bare.column(5), data: { name: 'app' } }],
  });

  // A container's runAsUser: 0 beats the pod's runAsNonRoot (the kubelet would refuse to start it).
  const override = inWorkload(kind, `
securityContext:
  runAsNonRoot: true
containers:
  - name: app
    image: nginx:1.27
    securityContext:
      runAsUser: 0
`);
  invalid.push({
    name: `${kind}: container runAsUser: 0 overrides pod runAsNonRoot: true`,
    yaml: override.yaml,
    findings: [{ messageId: 'uidZero', line: override.line(7), column: override.column(7), data: { name: 'app', from: 'container' } }],
  });
}

valid.push(
  {
    name: 'container runAsNonRoot: true without a pod securityContext',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsNonRoot: true
`,
  },
  {
    name: 'a non-zero pod runAsUser is enough without runAsNonRoot',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 10001
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'hostUsers: false (a user namespace) is not judged, as PSS exempts it',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostUsers: false
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'pod runAsUser: 0 overridden by container runAsUser: 1000',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 0
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsUser: 1000
`,
  },
  {
    name: 'runAsNonRoot: false with a non-zero runAsUser does not run as root',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: false
    runAsUser: 1000
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'YAML 1.1 yes is true',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: yes
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'a container runAsUser: null falls back to the pod',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 1000
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsUser: null
`,
  },
  {
    name: 'Windows pods are not judged',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: iis
spec:
  os:
    name: windows
  containers:
    - name: iis
      image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
`,
  },
  {
    name: 'Windows CronJob pods are not judged either',
    yaml: inWorkload('CronJob', `
os:
  name: windows
containers:
  - name: task
    image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`).yaml,
  },
);

invalid.push(
  {
    name: 'pod runAsNonRoot: true, container runAsNonRoot: false: the finding is at the container field',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsNonRoot: false
    - name: sidecar
      image: envoy:1.30
`,
    findings: [{ messageId: 'nonRootFalse', line: 12, column: 9, data: { name: 'app', from: 'container' }, path: 'spec.containers[0].securityContext.runAsNonRoot' }],
  },
  {
    name: 'runAsNonRoot: true with runAsUser: 0 in the same container',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsNonRoot: true
        runAsUser: 0
`,
    findings: [{ messageId: 'uidZero', line: 11, column: 9, data: { name: 'app', from: 'container' }, path: 'spec.containers[0].securityContext.runAsUser' }],
  },
  {
    name: 'pod runAsUser: 0 with pod runAsNonRoot: true: each container, at the pod field, ordered by message',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 0
  containers:
    - name: web
      image: nginx:1.27
    - name: api
      image: api:1.0
    - name: own
      image: api:1.0
      securityContext:
        runAsUser: 1000
`,
    findings: [
      { messageId: 'uidZero', line: 8, column: 5, data: { name: 'api', from: 'pod' }, path: 'spec.securityContext.runAsUser' },
      { messageId: 'uidZero', line: 8, column: 5, data: { name: 'web', from: 'pod' } },
    ],
  },
  {
    name: 'pod runAsNonRoot: false is reported at the pod field',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: false
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'nonRootFalse', line: 7, column: 5, data: { name: 'app', from: 'pod' }, path: 'spec.securityContext.runAsNonRoot' }],
  },
  {
    name: 'container settings do not reach the init and ephemeral containers',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext: {}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsNonRoot: true
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
`,
    findings: [
      { messageId: 'mayRunAsRoot', line: 9, column: 7, data: { name: 'init' }, path: 'spec.initContainers[0].securityContext.runAsNonRoot' },
      { messageId: 'mayRunAsRoot', line: 16, column: 7, data: { name: 'debugger' }, path: 'spec.ephemeralContainers[0].securityContext.runAsNonRoot' },
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
    findings: [{ messageId: 'mayRunAsRoot', line: 8, column: 7 }],
  },
  {
    name: 'pod runAsUser: 0 in a Deployment template',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      securityContext:
        runAsUser: 0
      containers:
        - name: web
          image: nginx:1.27
`,
    findings: [{ messageId: 'uidZero', line: 13, column: 9, data: { name: 'web', from: 'pod' }, path: 'spec.template.spec.securityContext.runAsUser' }],
  },
);

testRule(rule, { valid, invalid });
