import { controlPlane, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'controller-manager-rotate-kubelet-server-certificate',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'Controller manager turns off kubelet serving certificate rotation',
  description:
    'kube-controller-manager must not run with `--feature-gates=RotateKubeletServerCertificate=false` (the gate ' +
    'is on by default; repeated --feature-gates flags are merged, the last value of a gate wins).',
  rationale:
    'Without rotation kubelets keep self-signed or long-lived serving certificates that the API server cannot ' +
    'verify, which leaves the API server to kubelet connection open to interception.',
  remediation: 'Remove `RotateKubeletServerCertificate=false` from `--feature-gates`.',
  references: [
    { framework: 'cis-k8s', control: '1.3.6' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    off: '{manager} turns off RotateKubeletServerCertificate in --feature-gates.',
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
        - --feature-gates=RotateKubeletServerCertificate=false
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
        - --feature-gates=RotateKubeletServerCertificate=false
        - --feature-gates=RotateKubeletServerCertificate=true
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-controller-manager', (inst) => {
      const gate = inst.flags.boolMap('feature-gates').get('RotateKubeletServerCertificate');
      if (gate && !gate.value) ctx.reportOn(inst.obj, 'off', { manager: inst.label }, gate.occurrence.path);
    });
  },
});
