import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-privilege-escalation.js';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: every container sets allowPrivilegeEscalation: false`,
    yaml: inWorkload(kind, `
initContainers:
  - name: init
    image: busybox:1.36
    securityContext:
      allowPrivilegeEscalation: false
containers:
  - name: app
    image: nginx:1.27
    securityContext:
      allowPrivilegeEscalation: false
`).yaml,
  });

  // The field is unset and there is no securityContext: the finding points at the container item.
  const unset = inWorkload(kind, `
containers:
  - name: app
    image: nginx:1.27
`);
  invalid.push({
    name: `${kind}: no securityContext points at the container`,
    yaml: unset.yaml,
    findings: [{ messageId: 'unset', line: unset.line(2), column: unset.column(5), data: { name: 'app' } }],
  });

  const allowed = inWorkload(kind, `
initContainers:
  - name: init
    image: busybox:1.36
    securityContext:
      allowPrivilegeEscalation: true
containers:
  - name: app
    image: nginx:1.27
    securityContext:
      allowPrivilegeEscalation: false
`);
  invalid.push({
    name: `${kind}: init container allows escalation`,
    yaml: allowed.yaml,
    findings: [{ messageId: 'allowed', line: allowed.line(5), column: allowed.column(7), data: { name: 'init' } }],
  });
}

valid.push(
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
        allowPrivilegeEscalation: no
`,
  },
  {
    // The API server rejects the field on Windows pods, so there is nothing to demand.
    name: 'Windows pods are not judged',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: iis
spec:
  selector:
    matchLabels: { app: iis }
  template:
    metadata:
      labels: { app: iis }
    spec:
      os:
        name: windows
      containers:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
`,
  },
);

invalid.push(
  {
    name: 'securityContext without the field points at securityContext',
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
    findings: [{ messageId: 'unset', line: 9, column: 7, path: 'spec.containers[0].securityContext.allowPrivilegeEscalation' }],
  },
  {
    name: 'allowPrivilegeEscalation: null is unset, at the field',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        allowPrivilegeEscalation:
`,
    findings: [{ messageId: 'unset', line: 10, column: 9 }],
  },
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
        allowPrivilegeEscalation: yes
`,
    findings: [{ messageId: 'allowed', line: 10, column: 9, data: { name: 'app' } }],
  },
  {
    name: 'the field does not exist at pod level, so a pod-level value does not count',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    allowPrivilegeEscalation: false
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'unset', line: 9, column: 7 }],
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
  {
    name: 'init, regular and ephemeral containers, in line order',
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
        allowPrivilegeEscalation: false
    - name: sidecar
      image: envoy:1.30
      securityContext: { allowPrivilegeEscalation: true }
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
`,
    findings: [
      { messageId: 'unset', line: 7, column: 7, data: { name: 'init' }, path: 'spec.initContainers[0].securityContext.allowPrivilegeEscalation' },
      { messageId: 'allowed', line: 16, column: 26, data: { name: 'sidecar' } },
      { messageId: 'unset', line: 18, column: 7, data: { name: 'debugger' }, path: 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation' },
    ],
  },
);

testRule(rule, { valid, invalid });
