import { controlPlane, kubeletField, kubeletValueText } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'kubelet-anonymous-auth-disabled',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'Kubelet serves anonymous requests',
  description: 'A kubelet configuration must not set `authentication.anonymous.enabled: true`. Unset, the config-file default is false (the command-line default, without a config file, is true). With `--node`, the kubelet\'s `--anonymous-auth` flag (from its systemd unit or environment files) overrides the config file and is judged instead.',
  rationale: 'The kubelet API (port 10250) runs commands in containers, streams logs and lists pods; with anonymous access on, whatever the authorization mode lets system:anonymous do is open to anyone who reaches the node.',
  remediation: 'Set `authentication.anonymous.enabled: false` and `authentication.webhook.enabled: true`.',
  references: [
    { framework: 'cis-k8s', control: '4.2.1' },
    { framework: 'mitre', control: 'T1609 Container Administration Command' },
  ],
  messages: {
    bad: '{kubelet} serves anonymous requests: authentication.anonymous.enabled is {value}.',
  },
  examples: {
    bad: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
`,
    good: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
`,
  },
  checkSet(_set, ctx) {
    for (const k of ctx.use(controlPlane).kubelets) {
      const f = kubeletField(k, 'authentication.anonymous.enabled');
      const value = f.value;
      if (value === true) ctx.reportOn(f.obj, 'bad', { kubelet: k.label, value: kubeletValueText(f) }, f.path);
    }
  },
});
