import { expect, it } from 'vitest';
import { WORKLOAD_KINDS } from '../../../model/index.js';
import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-privileged.js';

it('the workload wrapper covers every workload kind', () => {
  expect([...WRAPPABLE_KINDS].sort()).toEqual([...WORKLOAD_KINDS].sort());
});

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: privileged: false and unset`,
    yaml: inWorkload(kind, `
initContainers:
  - name: init
    image: busybox:1.36
containers:
  - name: app
    image: nginx:1.27
    securityContext:
      privileged: false
`).yaml,
  });

  const w = inWorkload(kind, `
containers:
  - name: app
    image: nginx:1.27
    securityContext:
      privileged: true
`);
  invalid.push({
    name: `${kind}: privileged container`,
    yaml: w.yaml,
    findings: [{ messageId: 'privileged', line: w.line(5), column: w.column(7), data: { name: 'app' } }],
  });

  const init = inWorkload(kind, `
initContainers:
  - name: setup
    image: busybox:1.36
    securityContext:
      privileged: true
containers:
  - name: app
    image: nginx:1.27
`);
  invalid.push({
    name: `${kind}: privileged init container`,
    yaml: init.yaml,
    findings: [{ messageId: 'privileged', line: init.line(5), data: { name: 'setup' } }],
  });
}

valid.push(
  {
    name: 'privileged is not a pod-level field, so it does not reach containers',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    privileged: true
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'YAML 1.1 no is false',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: no
`,
  },
  {
    name: 'privileged: null is unset',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged:
`,
  },
  {
    name: 'objects of other kinds are not looked at',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  securityContext: "privileged: true"
`,
  },
);

invalid.push(
  {
    name: 'YAML 1.1 yes is true',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: yes
`,
    findings: [{ messageId: 'privileged', line: 10, column: 9, path: 'spec.containers[0].securityContext.privileged' }],
  },
  {
    name: 'ephemeral container of a Pod',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
      securityContext: { privileged: true }
`,
    findings: [{ messageId: 'privileged', line: 12, column: 26, data: { name: 'debugger' }, path: 'spec.ephemeralContainers[0].securityContext.privileged' }],
  },
  {
    name: 'only the privileged one of several containers, in line order across init and regular containers',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kube-system
spec:
  selector:
    matchLabels: { app: agent }
  template:
    metadata:
      labels: { app: agent }
    spec:
      initContainers:
        - name: mount-bpf
          image: agent:1.0
          securityContext:
            privileged: true
      containers:
        - name: sidecar
          image: envoy:1.30
        - name: agent
          image: agent:1.0
          securityContext:
            privileged: true
`,
    findings: [
      { messageId: 'privileged', line: 17, column: 13, data: { name: 'mount-bpf' }, path: 'spec.template.spec.initContainers[0].securityContext.privileged' },
      { messageId: 'privileged', line: 24, column: 13, data: { name: 'agent' }, path: 'spec.template.spec.containers[1].securityContext.privileged' },
    ],
  },
  {
    name: 'the second document of a stream, with lines counted from the top of the file',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fine
spec:
  containers:
    - name: app
      image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
`,
    findings: [{ messageId: 'privileged', line: 19, column: 9 }],
  },
  {
    name: 'a container without a name is named by its position',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - image: nginx:1.27
      securityContext:
        privileged: true
`,
    findings: [{ messageId: 'privileged', line: 9, data: { name: 'containers[0]' } }],
  },
);

testRule(rule, { valid, invalid });
