import { controlPlane, flagPath, forEachComponent, missingFlags } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

const FLAGS = ['client-ca-file'];

export default defineRule({
  id: 'apiserver-client-ca-file',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'API server does not authenticate client certificates',
  description: 'kube-apiserver must have `--client-ca-file`, the CA whose client certificates it accepts as user identities.',
  rationale: 'Without a client CA no certificate authenticates: kubelets, controllers and administrators fall back to weaker credentials (static tokens, anonymous access), and certificate-based node authorization cannot work.',
  remediation: 'Set `--client-ca-file=/etc/kubernetes/pki/ca.crt` (the cluster CA).',
  references: [
    { framework: 'cis-k8s', control: '1.2.25' },
    { framework: 'mitre', control: 'T1078 Valid Accounts' },
  ],
  messages: {
    missing: '{apiserver} accepts no client certificates: {missing} not set.',
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
        - --client-ca-file=/etc/kubernetes/pki/ca.crt
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
