import { describe, expect, it } from 'vitest';
import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import { emptyConfig, ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { runRules } from '../../engine.js';
import rule from './resource-limits.js';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: memory limits everywhere, no CPU limits (not required by default)`,
    yaml: inWorkload(kind, `
initContainers:
  - name: init
    image: busybox:1.36
    resources:
      limits: { memory: 16Mi }
containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: { cpu: 100m }
      limits:
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
      limits:
        cpu: 500m
`);
  invalid.push({
    name: `${kind}: no memory limit on either container`,
    yaml: bad.yaml,
    findings: [
      { messageId: 'memory', line: bad.line(2), column: bad.column(5), data: { name: 'init' } },
      { messageId: 'memory', line: bad.line(8), column: bad.column(7), data: { name: 'app' } },
    ],
  });
}

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

const limitRange = (item: string, namespace = 'shop'): string => `---
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: ${namespace}
spec:
  limits:
${item.replace(/^/gm, '    ')}
`;

valid.push(
  {
    name: 'a pod-level memory limit caps every container',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  resources:
    limits: { memory: 1Gi }
  containers:
    - name: a
      image: nginx:1.27
    - name: b
      image: envoy:1.30
`,
  },
  { name: 'a LimitRange default memory limit', yaml: SHOP_POD + limitRange(`- type: Container\n  default: { memory: 256Mi }`) },
  { name: 'a LimitRange max defaults the limit', yaml: SHOP_POD + limitRange(`- type: Container\n  max: { memory: 1Gi }`) },
  {
    name: 'requireCpuLimit with both limits set',
    options: { requireCpuLimit: true },
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        limits: { cpu: 500m, memory: 128Mi }
`,
  },
  {
    name: 'requireCpuLimit: false is the default',
    options: { requireCpuLimit: false },
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        limits: { memory: 128Mi }
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
        limits: { memory: 128Mi }
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
`,
  },
);

invalid.push(
  {
    name: 'a memory request is not a limit',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          memory: 128Mi
`,
    findings: [{ messageId: 'memory', line: 9, column: 7, data: { name: 'app' }, path: 'spec.containers[0].resources.limits.memory' }],
  },
  {
    name: 'a LimitRange defaultRequest gives no limit',
    yaml: SHOP_POD + limitRange(`- type: Container\n  defaultRequest: { memory: 128Mi }\n  min: { memory: 64Mi }`),
    findings: [{ messageId: 'memory', line: 8, column: 7 }],
  },
  {
    name: 'a LimitRange in another namespace does not apply',
    yaml: SHOP_POD + limitRange(`- type: Container\n  default: { memory: 256Mi }`, 'payments'),
    findings: [{ messageId: 'memory', line: 8, column: 7 }],
  },
  {
    name: 'a pod-level memory request is not a limit',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  resources:
    requests: { memory: 1Gi }
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'memory', line: 9, column: 7 }],
  },
  {
    name: 'requireCpuLimit: true reports the missing CPU limit, after memory at the same place',
    options: { requireCpuLimit: true },
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
        limits:
          memory: 64Mi
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [
      { messageId: 'cpu', line: 11, column: 9, data: { name: 'proxy' }, path: 'spec.initContainers[0].resources.limits.cpu' },
      { messageId: 'cpu', line: 14, column: 7, data: { name: 'app' } },
      { messageId: 'memory', line: 14, column: 7, data: { name: 'app' } },
    ],
  },
);

testRule(rule, { valid, invalid });

describe('resource-limits: the requireCpuLimit option', () => {
  const yaml = [1, 2].map((i) => `apiVersion: v1
kind: Pod
metadata:
  name: p${i}
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        limits: { memory: 128Mi }
`).join('---\n');

  it('a value that is not a boolean is reported once per run and CPU limits are not checked', () => {
    const config = emptyConfig();
    config.rules[rule.id] = { options: { requireCpuLimit: 'yes' } };
    const result = runRules(new ObjectSet(parseManifests(yaml, 'x.yaml').objects), [rule], config);
    expect(result.findings).toEqual([]);
    expect(result.notAssessed).toEqual([{
      area: 'workload', ruleId: 'resource-limits',
      reason: 'rules.resource-limits.options.requireCpuLimit must be true or false; CPU limits were not checked',
    }]);
  });
});
