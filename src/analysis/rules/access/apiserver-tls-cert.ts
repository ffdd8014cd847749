import { controlPlane, flagPath, forEachComponent, missingFlags } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

const FLAGS = ['tls-cert-file', 'tls-private-key-file'];

export default defineRule({
  id: 'apiserver-tls-cert',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'API server serves a self-generated certificate',
  description: 'kube-apiserver must have `--tls-cert-file` and `--tls-private-key-file`. Without them it generates a self-signed certificate in `--cert-dir` that clients cannot verify.',
  rationale: 'Clients that cannot verify the API server certificate either fail or are configured to skip verification, and then anyone on the path can impersonate the API server and collect credentials.',
  remediation: 'Serve a certificate from the cluster CA: `--tls-cert-file=/etc/kubernetes/pki/apiserver.crt` and `--tls-private-key-file=/etc/kubernetes/pki/apiserver.key`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.24' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    missing: '{apiserver} has no serving certificate of its own: {missing} not set.',
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
        - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
        - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
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
