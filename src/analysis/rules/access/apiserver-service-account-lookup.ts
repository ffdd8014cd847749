import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-service-account-lookup',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'API server accepts tokens of deleted ServiceAccounts',
  description: 'kube-apiserver must not run with `--service-account-lookup=false`. It defaults to true: each ServiceAccount token is checked against the ServiceAccount (and Secret) that it names.',
  rationale: 'Without the lookup, a legacy token stays valid after its ServiceAccount or Secret is deleted, so revoking a leaked token by deleting its account does not work.',
  remediation: 'Remove `--service-account-lookup=false` (or set it to true).',
  references: [
    { framework: 'cis-k8s', control: '1.2.21' },
    { framework: 'mitre', control: 'T1528 Steal Application Access Token' },
  ],
  messages: {
    wrong: '{apiserver} does not check that ServiceAccount tokens still belong to an existing account: --service-account-lookup is {state}.',
    invalid: '{apiserver} refuses to start: --service-account-lookup is "{value}", not true or false.',
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
        - --service-account-lookup=false
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
        - --service-account-lookup=true
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const v = inst.flags.bool('service-account-lookup');
      const path = flagPath(inst, 'service-account-lookup');
      if (v.invalid !== undefined) ctx.reportOn(inst.obj, 'invalid', { apiserver: inst.label, value: v.invalid }, path);
      else if ((v.value ?? true) !== true) ctx.reportOn(inst.obj, 'wrong', { apiserver: inst.label, state: v.occurrence ? String(v.value) : 'not set (default true)' }, path);
    });
  },
});
