import { controlPlane, kubeletField, kubeletValueText } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'kubelet-rotate-certificates',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'Kubelet does not rotate its client certificate',
  description: 'A kubelet configuration should set `rotateCertificates: true`, so the kubelet renews its client certificate through the API server before it expires. Unset, the default is false (kubeadm sets true). With `--node`, the kubelet\'s `--rotate-certificates` flag (from its systemd unit or environment files) overrides the config file and is judged instead.',
  rationale: 'Without rotation the node keeps one long-lived credential: it either expires and takes the node down, or it is issued for years, and a copy stolen from the node stays valid as long.',
  remediation: 'Set `rotateCertificates: true`.',
  references: [
    { framework: 'cis-k8s', control: '4.2.10' },
    { framework: 'mitre', control: 'T1552.004 Unsecured Credentials: Private Keys' },
  ],
  messages: {
    bad: '{kubelet} does not rotate its client certificate: rotateCertificates is {value}.',
  },
  examples: {
    bad: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
rotateCertificates: false
`,
    good: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
rotateCertificates: true
`,
  },
  checkSet(_set, ctx) {
    for (const k of ctx.use(controlPlane).kubelets) {
      const f = kubeletField(k, 'rotateCertificates');
      const value = f.value;
      if (value !== true) ctx.reportOn(f.obj, 'bad', { kubelet: k.label, value: kubeletValueText(f) }, f.path);
    }
  },
});
