import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'scheduler-profiling-disabled',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'Scheduler exposes profiling data',
  description:
    'kube-scheduler should not serve profiling data. Without `--config` that is `--profiling=false` (default true); ' +
    'with `--config`, kube-scheduler ignores `--profiling` and reads `enableProfiling` from its ' +
    'KubeSchedulerConfiguration (default true), which must then be in the input to be judged.',
  rationale:
    'The pprof handlers disclose internals of the process and can be used to slow it down; they are only needed while debugging performance.',
  remediation: 'Set `--profiling=false`, or `enableProfiling: false` in the KubeSchedulerConfiguration when using --config.',
  references: [
    { framework: 'cis-k8s', control: '1.4.1' },
    { framework: 'mitre', control: 'T1082 System Information Discovery' },
  ],
  messages: {
    flag: '{scheduler} serves profiling data: --profiling is {state}.',
    config: '{scheduler} serves profiling data: enableProfiling is {state} in {file} (--profiling is ignored with --config).',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.31.0
      command:
        - kube-scheduler
        - --config=/etc/kubernetes/scheduler-config.yaml
        - --profiling=false
---
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: /etc/kubernetes/scheduler.conf
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.31.0
      command:
        - kube-scheduler
        - --profiling=false
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-scheduler', (inst, cp) => {
      const config = inst.flags.string('config');
      if (config && config.value !== '') {
        const obj = cp.configAt(inst, config.value, 'KubeSchedulerConfiguration');
        if (!obj) {
          ctx.notAssessed(`${inst.label}: profiling is set in ${config.value} (--config), which is not in the input`);
          return;
        }
        const v = obj.raw.enableProfiling;
        if (v !== false) ctx.reportOn(obj, 'config', { scheduler: inst.label, state: v === undefined ? 'not set (default true)' : String(v), file: config.value }, ['enableProfiling']);
        return;
      }
      const v = inst.flags.bool('profiling');
      if (v.value !== false) ctx.reportOn(inst.obj, 'flag', { scheduler: inst.label, state: v.invalid ? `"${v.invalid}" (not a boolean)` : v.occurrence ? 'true' : 'not set (default true)' }, flagPath(inst, 'profiling'));
    });
  },
});
