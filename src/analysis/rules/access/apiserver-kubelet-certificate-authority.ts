import { controlPlane, flagPath, forEachComponent, missingFlags } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

const FLAGS = ['kubelet-certificate-authority'];

export default defineRule({
  id: 'apiserver-kubelet-certificate-authority',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'API server does not verify kubelet serving certificates',
  description: 'kube-apiserver should have `--kubelet-certificate-authority` so that it verifies the serving certificate of each kubelet it connects to.',
  rationale: 'Without it the API server connects to kubelets without checking who answers: a host that intercepts the connection receives exec sessions, logs and the API server credentials meant for the kubelet.',
  remediation: 'Have kubelets serve certificates from a CA the API server knows (`serverTLSBootstrap: true` and CSR approval, or your own PKI) and set `--kubelet-certificate-authority` to that CA.',
  references: [
    { framework: 'cis-k8s', control: '1.2.5' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    missing: '{apiserver} does not verify kubelets: {missing} not set.',
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
        - --secure-port=6443
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
        - --kubelet-certificate-authority=/etc/kubernetes/pki/kubelet-ca.crt
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const missing = missingFlags(inst, FLAGS);
      if (missing.length === 0) return;
      ctx.reportOn(inst.obj, 'missing', { apiserver: inst.label, missing: missing.map((f) => `--${f}`).join(' and ') }, flagPath(inst, missing[0]!));
    });
  },
});
