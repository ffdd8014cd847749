import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-host-port.js';

const valid: ValidCase[] = [
  {
    name: 'containerPort only',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
`,
  },
  {
    name: 'hostPort: 0 means none',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
          hostPort: 0
`,
  },
  {
    name: 'a hostNetwork pod without hostPort in the manifest is no-host-network\'s finding',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
`,
  },
];

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
containers:
  - name: app
    image: nginx:1.27
    ports:
      - containerPort: 80
        hostPort: 8080
`);
  return {
    name: `${kind}: hostPort on a container`,
    yaml: m.yaml,
    findings: [{ messageId: 'hostPort', line: m.line(6), column: m.column(9), data: { name: 'app', hostPort: 8080, protocol: 'TCP' } }],
  };
});

invalid.push({
  name: 'init containers count, each port with a hostPort is reported with its protocol',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      ports:
        - containerPort: 9000
          hostPort: 9000
          protocol: UDP
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 8080
        - containerPort: 80
          hostPort: 80
        - containerPort: 443
          hostPort: 0
`,
  findings: [
    { messageId: 'hostPort', line: 11, column: 11, data: { name: 'init', hostPort: 9000, protocol: 'UDP' }, path: 'spec.initContainers[0].ports[0].hostPort' },
    { messageId: 'hostPort', line: 19, column: 11, data: { name: 'web', hostPort: 80, protocol: 'TCP' }, path: 'spec.containers[0].ports[1].hostPort' },
  ],
});

testRule(rule, { valid, invalid });
