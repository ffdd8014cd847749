import { controlPlane, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-no-token-auth-file',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'API server authenticates static tokens from a file',
  description: 'kube-apiserver must not run with `--token-auth-file`.',
  rationale:
    'Static tokens sit in clear text in a file on every control-plane node, never expire, and cannot be revoked ' +
    'without restarting the API server; whoever reads the file or a copy of a token has that identity for good.',
  remediation:
    'Remove `--token-auth-file` and authenticate with client certificates, OIDC (`--oidc-*` or ' +
    '`--authentication-config`) or ServiceAccount tokens instead.',
  references: [
    { framework: 'cis-k8s', control: '1.2.2' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
  ],
  messages: {
    set: '{apiserver} accepts static tokens from {file} (--token-auth-file).',
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
        - --token-auth-file=/etc/kubernetes/tokens.csv
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
      const v = inst.flags.string('token-auth-file');
      if (v && v.value !== '') ctx.reportOn(inst.obj, 'set', { apiserver: inst.label, file: v.value }, v.occurrence.path);
    });
  },
});
