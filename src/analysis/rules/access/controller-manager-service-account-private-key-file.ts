import { controlPlane, flagPath, forEachComponent, missingFlags } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'controller-manager-service-account-private-key-file',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'Controller manager signs no ServiceAccount tokens with a dedicated key',
  description: 'kube-controller-manager must have `--service-account-private-key-file`, the key it signs legacy ServiceAccount token Secrets with; its public half goes to the API server (`--service-account-key-file`).',
  rationale: 'Without it the token controller creates no signed tokens, and a shared or ad hoc key ties ServiceAccount token forgery to whatever else that key protects.',
  remediation: 'Set `--service-account-private-key-file=/etc/kubernetes/pki/sa.key` (kubeadm does).',
  references: [
    { framework: 'cis-k8s', control: '1.3.4' },
    { framework: 'mitre', control: 'T1528 Steal Application Access Token' },
  ],
  messages: {
    missing: '{manager} has no ServiceAccount signing key: --service-account-private-key-file is not set.',
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
        - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-controller-manager', (inst) => {
      if (missingFlags(inst, ['service-account-private-key-file']).length > 0) ctx.reportOn(inst.obj, 'missing', { manager: inst.label }, flagPath(inst, 'service-account-private-key-file'));
    });
  },
});
