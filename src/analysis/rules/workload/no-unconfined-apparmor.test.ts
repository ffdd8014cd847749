import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-unconfined-apparmor.js';

const valid: ValidCase[] = [
  {
    name: 'no profile anywhere: the runtime default applies',
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
    name: 'pod Unconfined overridden by the container field and by the container annotation',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/annotated: runtime/default
    container.apparmor.security.beta.kubernetes.io/local: localhost/k8s-nginx
    container.apparmor.security.beta.kubernetes.io/ghost: unconfined
spec:
  securityContext:
    appArmorProfile:
      type: Unconfined
  containers:
    - name: fielded
      image: busybox:1.36
      securityContext:
        appArmorProfile:
          type: RuntimeDefault
    - name: annotated
      image: busybox:1.36
    - name: local
      image: nginx:1.27
`,
  },
  {
    name: 'Localhost and RuntimeDefault fields',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    appArmorProfile:
      type: Localhost
      localhostProfile: k8s-app
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        appArmorProfile: { type: RuntimeDefault }
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
  securityContext:
    appArmorProfile: { type: Unconfined }
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`,
  },
];

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
securityContext:
  appArmorProfile:
    type: Unconfined
containers:
  - name: app
    image: busybox:1.36
`);
  return {
    name: `${kind}: pod-level Unconfined is inherited`,
    yaml: m.yaml,
    findings: [{ messageId: 'field', line: m.line(3), column: m.column(5), data: { name: 'app', from: 'pod' } }],
  };
});

invalid.push({
  name: 'annotation beats the pod field; an unparsable annotation falls back to the pod field; container field',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/legacy: unconfined
    container.apparmor.security.beta.kubernetes.io/junk: not-a-profile
    container.apparmor.security.beta.kubernetes.io/overridden: unconfined
spec:
  securityContext:
    appArmorProfile:
      type: Unconfined
  containers:
    - name: legacy
      image: busybox:1.36
    - name: junk
      image: busybox:1.36
    - name: overridden
      image: busybox:1.36
      securityContext:
        appArmorProfile:
          type: RuntimeDefault
    - name: own
      image: busybox:1.36
      securityContext:
        appArmorProfile:
          type: Unconfined
`,
  findings: [
    {
      messageId: 'annotation', line: 6, column: 5, path: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/legacy"]',
      data: { name: 'legacy', annotation: 'container.apparmor.security.beta.kubernetes.io/legacy', value: 'unconfined' },
    },
    { messageId: 'field', line: 12, column: 7, data: { name: 'junk', from: 'pod' }, path: 'spec.securityContext.appArmorProfile.type' },
    { messageId: 'field', line: 27, column: 11, data: { name: 'own', from: 'container' }, path: 'spec.containers[3].securityContext.appArmorProfile.type' },
  ],
});

invalid.push({
  name: 'an annotation on a CronJob pod template, for an init container',
  yaml: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            container.apparmor.security.beta.kubernetes.io/setup: unconfined
        spec:
          initContainers:
            - name: setup
              image: busybox:1.36
          containers:
            - name: report
              image: busybox:1.36
`,
  findings: [{ messageId: 'annotation', line: 12, column: 13, data: { name: 'setup', annotation: 'container.apparmor.security.beta.kubernetes.io/setup', value: 'unconfined' } }],
});

testRule(rule, { valid, invalid });
