import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-service-account-extend-token-expiration',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'API server extends the lifetime of projected ServiceAccount tokens',
  description: 'kube-apiserver should run with `--service-account-extend-token-expiration=false`. By default, projected tokens asked for with a short expiry are issued valid for a year (with a warning logged on use), to ease the move to bound tokens.',
  rationale: 'A stolen projected token stays valid for up to a year instead of the hour the workload asked for.',
  remediation: 'Set `--service-account-extend-token-expiration=false` once no workload relies on the extended lifetime (watch the stale-token metric and audit annotation first).',
  references: [
    { framework: 'cis-k8s', control: '1.2.30' },
    { framework: 'mitre', control: 'T1528 Steal Application Access Token' },
  ],
  messages: {
    wrong: '{apiserver} issues projected tokens valid for up to a year: --service-account-extend-token-expiration is {state}.',
    invalid: '{apiserver} refuses to start: --service-account-extend-token-expiration is "{value}", not true or false.',
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
        - --service-account-extend-token-expiration=true
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
        - --service-account-extend-token-expiration=false
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const v = inst.flags.bool('service-account-extend-token-expiration');
      const path = flagPath(inst, 'service-account-extend-token-expiration');
      if (v.invalid !== undefined) ctx.reportOn(inst.obj, 'invalid', { apiserver: inst.label, value: v.invalid }, path);
      else if ((v.value ?? true) !== false) ctx.reportOn(inst.obj, 'wrong', { apiserver: inst.label, state: v.occurrence ? String(v.value) : 'not set (default true)' }, path);
    });
  },
});
