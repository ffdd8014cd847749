import { controlPlane, kubeletField, kubeletValueText } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'kubelet-client-ca-file',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'Kubelet does not authenticate client certificates',
  description: 'A kubelet configuration must set `authentication.x509.clientCAFile`, the CA whose client certificates (the API server\'s among them) the kubelet accepts. With `--node`, the kubelet\'s `--client-ca-file` flag (from its systemd unit or environment files) overrides the config file and is judged instead.',
  rationale: 'Without a client CA the kubelet cannot authenticate the API server by certificate, which pushes operators towards anonymous access to the kubelet API.',
  remediation: 'Set `authentication.x509.clientCAFile: /etc/kubernetes/pki/ca.crt` (the cluster CA).',
  references: [
    { framework: 'cis-k8s', control: '4.2.3' },
    { framework: 'mitre', control: 'T1609 Container Administration Command' },
  ],
  messages: {
    bad: '{kubelet} accepts no client certificates: authentication.x509.clientCAFile is {value}.',
  },
  examples: {
    bad: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  webhook:
    enabled: true
`,
    good: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
`,
  },
  checkSet(_set, ctx) {
    for (const k of ctx.use(controlPlane).kubelets) {
      const f = kubeletField(k, 'authentication.x509.clientCAFile');
      const value = f.value;
      if (value === '' || value === undefined) ctx.reportOn(f.obj, 'bad', { kubelet: k.label, value: kubeletValueText(f) }, f.path);
    }
  },
});
