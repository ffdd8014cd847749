import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-profiling-disabled',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'API server exposes profiling data',
  description: 'kube-apiserver should run with `--profiling=false`. Profiling is on by default and served at /debug/pprof.',
  rationale: 'The pprof handlers disclose internals of the process and can be used to slow it down; they are only needed while debugging performance.',
  remediation: 'Set `--profiling=false`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.15' },
    { framework: 'mitre', control: 'T1082 System Information Discovery' },
  ],
  messages: {
    wrong: '{apiserver} serves profiling data: --profiling is {state}.',
    invalid: '{apiserver} refuses to start: --profiling is "{value}", not true or false.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.0
      command:
        - kube-apiserver
        - --profiling=true
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.0
      command:
        - kube-apiserver
        - --profiling=false
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const v = inst.flags.bool('profiling');
      const path = flagPath(inst, 'profiling');
      if (v.invalid !== undefined) ctx.reportOn(inst.obj, 'invalid', { apiserver: inst.label, value: v.invalid }, path);
      else if ((v.value ?? true) !== false) ctx.reportOn(inst.obj, 'wrong', { apiserver: inst.label, state: v.occurrence ? String(v.value) : 'not set (default true)' }, path);
    });
  },
});
