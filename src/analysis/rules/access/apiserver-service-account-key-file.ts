import { controlPlane, flagPath, forEachComponent, missingFlags } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

const FLAGS = ['service-account-key-file'];

export default defineRule({
  id: 'apiserver-service-account-key-file',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'API server has no explicit ServiceAccount token verification key',
  description: 'kube-apiserver should have `--service-account-key-file`, the public keys that verify ServiceAccount tokens. Without it the API server falls back to the key of its TLS serving certificate.',
  rationale: 'Tying token verification to the serving key means that key cannot be rotated without invalidating every token, and a leak of the serving key also forges ServiceAccount tokens.',
  remediation: 'Generate a dedicated key pair; set `--service-account-key-file` to the public key here and `--service-account-private-key-file` on the controller manager (kubeadm: sa.pub and sa.key).',
  references: [
    { framework: 'cis-k8s', control: '1.2.22' },
    { framework: 'mitre', control: 'T1528 Steal Application Access Token' },
  ],
  messages: {
    missing: '{apiserver} verifies ServiceAccount tokens with its serving key: {missing} not set.',
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
        - --service-account-key-file=/etc/kubernetes/pki/sa.pub
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
