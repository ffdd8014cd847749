import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'controller-manager-use-service-account-credentials',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'Controllers share the controller manager credentials',
  description: 'kube-controller-manager must run with `--use-service-account-credentials=true` (default false), so each controller acts with its own ServiceAccount and its own RBAC role.',
  rationale: 'Without it every controller uses the controller manager identity, which needs the union of all their permissions: a flaw in one controller has the power of all of them, and audit logs cannot tell them apart.',
  remediation: 'Set `--use-service-account-credentials=true` (kubeadm does).',
  references: [
    { framework: 'cis-k8s', control: '1.3.3' },
    { framework: 'mitre', control: 'T1078 Valid Accounts' },
  ],
  messages: {
    wrong: '{manager} runs all controllers with its own credentials, not one ServiceAccount each: --use-service-account-credentials is {state}.',
    invalid: '{manager} refuses to start: --use-service-account-credentials is "{value}", not true or false.',
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
        - --use-service-account-credentials=false
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
        - --use-service-account-credentials=true
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-controller-manager', (inst) => {
      const v = inst.flags.bool('use-service-account-credentials');
      const path = flagPath(inst, 'use-service-account-credentials');
      if (v.invalid !== undefined) ctx.reportOn(inst.obj, 'invalid', { manager: inst.label, value: v.invalid }, path);
      else if ((v.value ?? false) !== true) ctx.reportOn(inst.obj, 'wrong', { manager: inst.label, state: v.occurrence ? String(v.value) : 'not set (default false)' }, path);
    });
  },
});
