import {
  containerRequestSource, containersOf, limitRangeDefaults, podTemplateOf, WORKLOAD_KINDS, type ComputeResource,
} from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'resource-requests',
  area: 'workload',
  severity: 'low',
  title: 'CPU or memory request missing',
  kinds: WORKLOAD_KINDS,
  description:
    'Flags a regular or init container (sidecars included) that ends up with no CPU or no memory ' +
    'request once the API server has admitted its pod. A request counts when the container sets it; ' +
    'when the container sets a limit for that resource (a missing request defaults to the limit); when ' +
    'the pod sets pod-level `spec.resources` requests or limits for it; or when a LimitRange of type ' +
    '`Container` in the workload\'s namespace, present in the input, gives a default request (its ' +
    '`defaultRequest`, else its `default`, `max` or `min`, as the API defaults LimitRange items). ' +
    'Ephemeral containers are not judged: they cannot have resources.',
  rationale:
    'The scheduler places pods by their requests, and under contention the kernel shares CPU in ' +
    'proportion to them. A container without requests can land on a node that has no room for it and ' +
    'gets almost no CPU when the node is busy; a pod without any request is BestEffort, the first to be ' +
    'evicted when the node runs short of memory. Noisy or hijacked neighbours (a cryptominer) then ' +
    'degrade it freely.',
  remediation:
    'Set `resources.requests.cpu` and `resources.requests.memory` on every container, sized from observed ' +
    'usage, or give the namespace a LimitRange with `defaultRequest` values.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: resource policies (LimitRange, ResourceQuota)' },
    { framework: 'mitre', control: 'T1496 Resource Hijacking' },
  ],
  messages: {
    none: 'Container "{name}" has no CPU and no memory request.',
    cpu: 'Container "{name}" has no CPU request.',
    memory: 'Container "{name}" has no memory request.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.5
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.5
      resources:
        requests:
          cpu: 100m
          memory: 128Mi
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl) return;
    const defaults = limitRangeDefaults(ctx.set, obj.namespace);
    for (const c of containersOf(obj)) {
      if (c.field === 'ephemeralContainers') continue;
      const missing = (['cpu', 'memory'] as ComputeResource[]).filter((r) => containerRequestSource(tpl, c, r, defaults) === undefined);
      if (missing.length === 0) continue;
      const id = missing.length === 2 ? 'none' : missing[0]!;
      ctx.report(id, { name: c.name }, [...c.path, 'resources', 'requests', ...(missing.length === 1 ? [missing[0]!] : [])]);
    }
  },
});
