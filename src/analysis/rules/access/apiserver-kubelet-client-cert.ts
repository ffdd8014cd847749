import { controlPlane, flagPath, forEachComponent, missingFlags } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

const FLAGS = ['kubelet-client-certificate', 'kubelet-client-key'];

export default defineRule({
  id: 'apiserver-kubelet-client-cert',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'API server calls kubelets without a client certificate',
  description: 'kube-apiserver must have `--kubelet-client-certificate` and `--kubelet-client-key`, the credentials it presents to kubelets for exec, logs, port-forward and metrics.',
  rationale: 'Without a client certificate the API server cannot authenticate to kubelets, which pushes operators to open the kubelet API to anonymous requests: then anyone who reaches port 10250 can run commands in every pod of the node.',
  remediation: 'Issue the API server a client certificate the kubelets trust (kubeadm: apiserver-kubelet-client.crt) and set `--kubelet-client-certificate` and `--kubelet-client-key`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.4' },
    { framework: 'mitre', control: 'T1609 Container Administration Command' },
  ],
  messages: {
    missing: '{apiserver} has no kubelet client credentials: {missing} not set.',
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
        - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
        - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
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
