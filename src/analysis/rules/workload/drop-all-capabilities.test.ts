import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './drop-all-capabilities.js';

const valid: ValidCase[] = [
  {
    name: 'every container drops ALL (adding NET_BIND_SERVICE back is not this rule\'s business)',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: ["ALL"]
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [NET_RAW, ALL]
          add: [NET_BIND_SERVICE]
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [ALL]
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
    image: nginx:1.27
`);
  return {
    name: `${kind}: no securityContext at all points at the container`,
    yaml: m.yaml,
    findings: [{ messageId: 'missing', line: m.line(2), column: m.column(5), data: { name: 'app' } }],
  };
});

invalid.push(
  {
    name: '"all" is ALL to the runtime but not to PSS; CAP_ALL is nothing; an empty capabilities map',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: ["all"]
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          drop:
            - NET_RAW
            - CAP_ALL
    - name: ok
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: ["ALL"]
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        capabilities: {}
`,
    findings: [
      { messageId: 'notExact', line: 11, data: { name: 'init', value: 'all' }, path: 'spec.initContainers[0].securityContext.capabilities.drop[0]' },
      { messageId: 'missing', line: 17, column: 11, data: { name: 'app' }, path: 'spec.containers[0].securityContext.capabilities.drop' },
      { messageId: 'missing', line: 29, column: 9, data: { name: 'debug' }, path: 'spec.ephemeralContainers[0].securityContext.capabilities.drop' },
    ],
  },
  {
    name: 'a pod-level securityContext has no capabilities to inherit',
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
        allowPrivilegeEscalation: false
`,
    findings: [{ messageId: 'missing', line: 11, column: 7, data: { name: 'app' } }],
  },
);

testRule(rule, { valid, invalid });
