import { controlPlane, durationSeconds, kubeletField, kubeletValueText } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'kubelet-streaming-connection-idle-timeout',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'Kubelet streaming connections never time out',
  description: 'A kubelet configuration must not set `streamingConnectionIdleTimeout` to 0 (default 4h0m0s). With `--node`, the kubelet\'s `--streaming-connection-idle-timeout` flag (from its systemd unit or environment files) overrides the config file and is judged instead.',
  rationale: 'exec, attach and port-forward sessions that never time out pile up and stay open for whoever holds them, long after they are needed.',
  remediation: 'Set `streamingConnectionIdleTimeout` to a finite value such as `5m`.',
  references: [
    { framework: 'cis-k8s', control: '4.2.5' },
    { framework: 'mitre', control: 'T1609 Container Administration Command' },
  ],
  messages: {
    bad: '{kubelet} never closes idle exec and port-forward sessions: streamingConnectionIdleTimeout is {value}.',
  },
  examples: {
    bad: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
streamingConnectionIdleTimeout: 0s
`,
    good: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
streamingConnectionIdleTimeout: 5m
`,
  },
  checkSet(_set, ctx) {
    for (const k of ctx.use(controlPlane).kubelets) {
      const f = kubeletField(k, 'streamingConnectionIdleTimeout');
      const value = f.value;
      if (durationSeconds(value) === 0) ctx.reportOn(f.obj, 'bad', { kubelet: k.label, value: kubeletValueText(f) }, f.path);
    }
  },
});
