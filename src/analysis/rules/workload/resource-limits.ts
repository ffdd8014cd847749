import { containerLimitSource, containersOf, limitRangeDefaults, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule, type RuleContext } from '../../define-rule.js';

/**
 * Whether CPU limits are required in this run. The engine builds one context per rule and run, so
 * keying on it reports a bad option value once per run rather than once per object.
 */
const cpuRequired = new WeakMap<RuleContext, boolean>();

function requireCpuLimit(ctx: RuleContext): boolean {
  let value = cpuRequired.get(ctx);
  if (value === undefined) {
    const raw = ctx.options.requireCpuLimit;
    value = raw === true;
    if (raw !== undefined && typeof raw !== 'boolean') {
      ctx.notAssessed('rules.resource-limits.options.requireCpuLimit must be true or false; CPU limits were not checked');
    }
    cpuRequired.set(ctx, value);
  }
  return value;
}

export default defineRule({
  id: 'resource-limits',
  area: 'workload',
  severity: 'medium',
  title: 'Memory limit missing',
  kinds: WORKLOAD_KINDS,
  description:
    'Flags a regular or init container (sidecars included) that ends up with no memory limit once the ' +
    'API server has admitted its pod. A limit counts when the container sets it, when the pod sets a ' +
    'pod-level `spec.resources.limits.memory` (it caps the whole pod), or when a LimitRange of type ' +
    '`Container` in the workload\'s namespace, present in the input, gives a default limit (its ' +
    '`default`, else its `max`). CPU limits are not required by default: CPU is compressible, so a ' +
    'container without a CPU limit is throttled back to its request share under contention and cannot ' +
    'take CPU other containers requested, while CFS quota limits throttle latency-sensitive, ' +
    'multi-threaded processes even on an idle node; many teams omit them deliberately. Set the rule ' +
    'option `requireCpuLimit: true` to require them as well. Ephemeral containers are not judged: they ' +
    'cannot have resources.',
  rationale:
    'Memory cannot be taken back from a process except by killing it. A container without a memory ' +
    'limit can grow (a leak, a large request, a decompression bomb, a cryptominer) until the node runs ' +
    'out of memory: the kubelet then evicts other pods and the kernel OOM killer picks victims that may ' +
    'belong to other teams, so one workload takes down its neighbours.',
  remediation:
    'Set `resources.limits.memory` on every container, sized from observed peak usage (equal to the ' +
    'memory request gives predictable behaviour), or give the namespace a LimitRange with a `default` ' +
    'memory limit.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: resource policies (LimitRange, ResourceQuota)' },
    { framework: 'mitre', control: 'T1499 Endpoint Denial of Service' },
  ],
  messages: {
    memory: 'Container "{name}" has no memory limit: it can use all of its node\'s memory.',
    cpu: 'Container "{name}" has no CPU limit (required by the requireCpuLimit option).',
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
      resources:
        requests:
          cpu: 100m
          memory: 128Mi
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
        limits:
          memory: 128Mi
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl) return;
    const cpu = requireCpuLimit(ctx);
    const defaults = limitRangeDefaults(ctx.set, obj.namespace);
    for (const c of containersOf(obj)) {
      if (c.field === 'ephemeralContainers') continue;
      const limits = [...c.path, 'resources', 'limits'];
      if (!containerLimitSource(tpl, c, 'memory', defaults)) ctx.report('memory', { name: c.name }, [...limits, 'memory']);
      if (cpu && !containerLimitSource(tpl, c, 'cpu', defaults)) ctx.report('cpu', { name: c.name }, [...limits, 'cpu']);
    }
  },
});
