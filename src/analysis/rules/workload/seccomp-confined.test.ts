import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './seccomp-confined.js';

const valid: ValidCase[] = [
  {
    name: 'pod RuntimeDefault covers init, regular and ephemeral containers',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: app
      image: busybox:1.36
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
`,
  },
  {
    name: 'container-level Localhost without a pod profile',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        seccompProfile:
          type: Localhost
          localhostProfile: profiles/app.json
`,
  },
  {
    name: 'pod Unconfined overridden by every container',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seccompProfile: { type: Unconfined }
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        seccompProfile: { type: RuntimeDefault }
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
`);
  return {
    name: `${kind}: no profile anywhere`,
    yaml: m.yaml,
    findings: [{ messageId: 'notSet', line: m.line(2), column: m.column(5), data: { name: 'app' } }],
  };
});

invalid.push(
  {
    name: 'pod Unconfined reaches the containers that do not override it; a container Unconfined',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seccompProfile:
      type: Unconfined
  containers:
    - name: inherits
      image: busybox:1.36
    - name: own
      image: busybox:1.36
      securityContext:
        seccompProfile:
          type: RuntimeDefault
    - name: unconfined
      image: busybox:1.36
      securityContext:
        seccompProfile:
          type: Unconfined
`,
    findings: [
      { messageId: 'unconfined', line: 8, column: 7, data: { name: 'inherits', type: 'Unconfined', from: 'pod' }, path: 'spec.securityContext.seccompProfile.type' },
      { messageId: 'unconfined', line: 21, column: 11, data: { name: 'unconfined', type: 'Unconfined', from: 'container' }, path: 'spec.containers[2].securityContext.seccompProfile.type' },
    ],
  },
  {
    name: 'a container Unconfined beats a pod RuntimeDefault',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seccompProfile: { type: RuntimeDefault }
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        seccompProfile: { type: Unconfined }
  containers:
    - name: app
      image: busybox:1.36
`,
    findings: [{ messageId: 'unconfined', line: 12, data: { name: 'init', type: 'Unconfined', from: 'container' }, path: 'spec.initContainers[0].securityContext.seccompProfile.type' }],
  },
  {
    name: 'legacy annotations where no field is set: pod and per-container, the container one first',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: runtime/default
    container.seccomp.security.alpha.kubernetes.io/sidecar: unconfined
spec:
  containers:
    - name: app
      image: busybox:1.36
    - name: sidecar
      image: busybox:1.36
    - name: fielded
      image: busybox:1.36
      securityContext:
        seccompProfile:
          type: RuntimeDefault
`,
    findings: [
      {
        messageId: 'legacyAnnotation', line: 6, column: 5, path: 'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
        data: { name: 'app', annotation: 'seccomp.security.alpha.kubernetes.io/pod', value: 'runtime/default' },
      },
      {
        messageId: 'legacyAnnotation', line: 7, column: 5,
        data: { name: 'sidecar', annotation: 'container.seccomp.security.alpha.kubernetes.io/sidecar', value: 'unconfined' },
      },
    ],
  },
  {
    name: 'a Deployment: annotations on the pod template count, those on the Deployment itself do not',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: runtime/default
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
      annotations:
        container.seccomp.security.alpha.kubernetes.io/web: runtime/default
    spec:
      containers:
        - name: web
          image: nginx:1.27
        - name: log
          image: fluent/fluent-bit:3.1
`,
    findings: [
      {
        messageId: 'legacyAnnotation', line: 14, column: 9,
        data: { name: 'web', annotation: 'container.seccomp.security.alpha.kubernetes.io/web', value: 'runtime/default' },
      },
      { messageId: 'notSet', line: 19, column: 11, data: { name: 'log' }, path: 'spec.template.spec.containers[1].securityContext.seccompProfile' },
    ],
  },
);

testRule(rule, { valid, invalid });
