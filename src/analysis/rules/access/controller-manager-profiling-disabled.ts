import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'controller-manager-profiling-disabled',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'Controller manager exposes profiling data',
  description: 'kube-controller-manager should run with `--profiling=false`. Profiling is on by default.',
  rationale: 'The pprof handlers disclose internals of the process and can be used to slow it down; they are only needed while debugging performance.',
  remediation: 'Set `--profiling=false`.',
  references: [
    { framework: 'cis-k8s', control: '1.3.2' },
    { framework: 'mitre', control: 'T1082 System Information Discovery' },
  ],
  messages: {
    wrong: '{manager} serves profiling data: --profiling is {state}.',
    invalid: '{manager} refuses to start: --profiling is "{value}", not true or false.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.31.0
      command:
        - kube-controller-manager
        - --profiling=true
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.31.0
      command:
        - kube-controller-manager
        - --profiling=false
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-controller-manager', (inst) => {
      const v = inst.flags.bool('profiling');
      const path = flagPath(inst, 'profiling');
      if (v.invalid !== undefined) ctx.reportOn(inst.obj, 'invalid', { manager: inst.label, value: v.invalid }, path);
      else if ((v.value ?? true) !== false) ctx.reportOn(inst.obj, 'wrong', { manager: inst.label, state: v.occurrence ? String(v.value) : 'not set (default true)' }, path);
    });
  },
});
