import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './resource-requests.js';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: requests on the init and the regular container`,
    yaml: inWorkload(kind, `
initContainers:
  - name: init
    image: busybox:1.36
    resources:
      requests: { cpu: 10m, memory: 16Mi }
containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
`).yaml,
  });

  const bad = inWorkload(kind, `
initContainers:
  - name: init
    image: busybox:1.36
containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        memory: 128Mi
`);
  invalid.push({
    name: `${kind}: nothing on init, no CPU request on app`,
    yaml: bad.yaml,
    findings: [
      { messageId: 'none', line: bad.line(2), column: bad.column(5), data: { name: 'init' } },
      // The requests map exists, so the missing cpu key points at it.
      { messageId: 'cpu', line: bad.line(8), column: bad.column(7), data: { name: 'app' } },
    ],
  });
}

const LIMIT_RANGE = (item: string, namespace = 'shop'): string => `---
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: ${namespace}
spec:
  limits:
${item.replace(/^/gm, '    ')}
`;

const SHOP_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
  containers:
    - name: app
      image: nginx:1.27
`;

valid.push(
  {
    name: 'limits alone: requests default to them',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        limits: { cpu: 500m, memory: 256Mi }
`,
  },
  {
    name: 'pod-level requests (PodLevelResources)',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  resources:
    requests: { cpu: "1", memory: 1Gi }
  containers:
    - name: a
      image: nginx:1.27
    - name: b
      image: envoy:1.30
`,
  },
  {
    name: 'pod-level limits: pod requests default to them',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  resources:
    limits: { cpu: "1", memory: 1Gi }
  containers:
    - name: a
      image: nginx:1.27
`,
  },
  {
    name: 'a LimitRange in the namespace with defaultRequest',
    yaml: SHOP_POD + LIMIT_RANGE(`- type: Container
  defaultRequest: { cpu: 100m, memory: 128Mi }`),
  },
  {
    name: 'a LimitRange default (limit) is also the default request',
    yaml: SHOP_POD + LIMIT_RANGE(`- type: Container
  default: { cpu: 500m, memory: 512Mi }`),
  },
  {
    name: 'LimitRange max defaults the limit, and through it the request',
    yaml: SHOP_POD + LIMIT_RANGE(`- type: Container
  max: { cpu: "2", memory: 2Gi }`),
  },
  {
    name: 'LimitRange min defaults the request',
    yaml: SHOP_POD + LIMIT_RANGE(`- type: Container
  min: { cpu: 50m, memory: 64Mi }`),
  },
  {
    name: 'defaults may come from two LimitRanges or items',
    yaml: SHOP_POD + LIMIT_RANGE(`- type: Pod
  max: { cpu: "4" }
- type: Container
  defaultRequest: { cpu: 100m }`) + `---
apiVersion: v1
kind: LimitRange
metadata:
  name: memory
  namespace: shop
spec:
  limits:
    - type: Container
      defaultRequest: { memory: 64Mi }
`,
  },
  {
    name: 'ephemeral containers cannot have resources and are not judged',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests: { cpu: 100m, memory: 128Mi }
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
`,
  },
);

invalid.push(
  {
    name: 'a LimitRange in another namespace does not apply',
    yaml: SHOP_POD + LIMIT_RANGE(`- type: Container
  defaultRequest: { cpu: 100m, memory: 128Mi }`, 'payments'),
    findings: [{ messageId: 'none', line: 8, column: 7, data: { name: 'app' }, path: 'spec.containers[0].resources.requests' }],
  },
  {
    name: 'a LimitRange item of type Pod gives no container defaults',
    yaml: SHOP_POD + LIMIT_RANGE(`- type: Pod
  max: { cpu: "2", memory: 2Gi }`),
    findings: [{ messageId: 'none', line: 8, column: 7 }],
  },
  {
    name: 'a LimitRange defaulting only memory leaves the CPU request missing',
    yaml: SHOP_POD + LIMIT_RANGE(`- type: Container
  defaultRequest: { memory: 128Mi }`),
    findings: [{ messageId: 'cpu', line: 8, column: 7, data: { name: 'app' }, path: 'spec.containers[0].resources.requests.cpu' }],
  },
  {
    name: 'a memory limit alone leaves the CPU request missing',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        limits:
          memory: 256Mi
`,
    findings: [{ messageId: 'cpu', line: 9, column: 7, data: { name: 'app' } }],
  },
  {
    name: 'pod-level resources for memory only',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  resources:
    limits: { memory: 1Gi }
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'cpu', line: 9, column: 7, data: { name: 'app' } }],
  },
  {
    name: 'sidecars (restartPolicy: Always init containers) are judged like init containers',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: proxy
      image: envoy:1.30
      restartPolicy: Always
      resources:
        requests: { cpu: 50m }
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests: { cpu: 100m, memory: 128Mi }
`,
    findings: [{ messageId: 'memory', line: 11, column: 9, data: { name: 'proxy' }, path: 'spec.initContainers[0].resources.requests.memory' }],
  },
);

testRule(rule, { valid, invalid });
