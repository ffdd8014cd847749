import { controlPlane, flagPath, forEachComponent, missingFlags } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'controller-manager-root-ca-file',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'Controller manager gives pods no CA to verify the API server',
  description: 'kube-controller-manager must have `--root-ca-file`, the CA bundle it publishes to every namespace (the kube-root-ca.crt ConfigMap) for pods to verify the API server.',
  rationale: 'Without it pods cannot verify the API server they send their ServiceAccount tokens to, so a man in the middle collects those tokens.',
  remediation: 'Set `--root-ca-file=/etc/kubernetes/pki/ca.crt`.',
  references: [
    { framework: 'cis-k8s', control: '1.3.5' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    missing: '{manager} publishes no root CA for pods: --root-ca-file is not set.',
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
        - --bind-address=127.0.0.1
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
        - --root-ca-file=/etc/kubernetes/pki/ca.crt
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-controller-manager', (inst) => {
      if (missingFlags(inst, ['root-ca-file']).length > 0) ctx.reportOn(inst.obj, 'missing', { manager: inst.label }, flagPath(inst, 'root-ca-file'));
    });
  },
});
