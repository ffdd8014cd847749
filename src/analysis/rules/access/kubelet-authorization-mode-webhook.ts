import { controlPlane, kubeletField, kubeletValueText } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'kubelet-authorization-mode-webhook',
  area: 'access',
  severity: 'critical',
  uses: [controlPlane],
  title: 'Kubelet authorizes every request',
  description: 'A kubelet configuration must not set `authorization.mode: AlwaysAllow`. Unset, the config-file default is Webhook (the command-line default, without a config file, is AlwaysAllow). With `--node`, the kubelet\'s `--authorization-mode` flag (from its systemd unit or environment files) overrides the config file and is judged instead.',
  rationale: 'With AlwaysAllow any client the kubelet authenticates (and everyone, if anonymous access is on) can exec into every container on the node and read its secrets.',
  remediation: 'Set `authorization.mode: Webhook` so the kubelet asks the API server (SubjectAccessReview) about every request.',
  references: [
    { framework: 'cis-k8s', control: '4.2.2' },
    { framework: 'mitre', control: 'T1609 Container Administration Command' },
  ],
  messages: {
    bad: '{kubelet} authorizes every request: authorization.mode is {value}.',
  },
  examples: {
    bad: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authorization:
  mode: AlwaysAllow
`,
    good: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authorization:
  mode: Webhook
`,
  },
  checkSet(_set, ctx) {
    for (const k of ctx.use(controlPlane).kubelets) {
      const f = kubeletField(k, 'authorization.mode');
      const value = f.value;
      if (value !== 'Webhook') ctx.reportOn(f.obj, 'bad', { kubelet: k.label, value: kubeletValueText(f) }, f.path);
    }
  },
});
