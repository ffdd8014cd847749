import { controlPlane, kubeletField, kubeletValueText } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'kubelet-read-only-port-disabled',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'Kubelet serves its read-only port',
  description: 'A kubelet configuration must not set `readOnlyPort` to anything but 0. Unset, the config-file default is 0 (the command-line default, without a config file, is 10255). With `--node`, the kubelet\'s `--read-only-port` flag (from its systemd unit or environment files) overrides the config file and is judged instead.',
  rationale: 'The read-only port (10255) serves pod specs, environment variables included, and metrics without any authentication or authorization.',
  remediation: 'Set `readOnlyPort: 0` and scrape metrics from the authenticated port 10250.',
  references: [
    { framework: 'cis-k8s', control: '4.2.4' },
    { framework: 'mitre', control: 'T1613 Container and Resource Discovery' },
  ],
  messages: {
    bad: '{kubelet} serves pod data without authentication: readOnlyPort is {value}.',
  },
  examples: {
    bad: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 10255
`,
    good: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
`,
  },
  checkSet(_set, ctx) {
    for (const k of ctx.use(controlPlane).kubelets) {
      const f = kubeletField(k, 'readOnlyPort');
      const value = f.value;
      if (value !== 0) ctx.reportOn(f.obj, 'bad', { kubelet: k.label, value: kubeletValueText(f) }, f.path);
    }
  },
});
