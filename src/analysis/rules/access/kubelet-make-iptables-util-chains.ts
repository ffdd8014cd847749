import { controlPlane, kubeletField, kubeletValueText } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'kubelet-make-iptables-util-chains',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'Kubelet does not manage its iptables chains',
  description: 'A kubelet configuration must not set `makeIPTablesUtilChains: false` (default true). With `--node`, the kubelet\'s `--make-iptables-util-chains` flag (from its systemd unit or environment files) overrides the config file and is judged instead.',
  rationale: 'The kubelet keeps the iptables rules pods rely on (such as dropping marked packets) in sync with their pod definitions; with the chains left to others, they drift.',
  remediation: 'Remove `makeIPTablesUtilChains: false` (or set it to true).',
  references: [
    { framework: 'cis-k8s', control: '4.2.6' },
    { framework: 'mitre', control: 'T1562.004 Impair Defenses: Disable or Modify System Firewall' },
  ],
  messages: {
    bad: '{kubelet} does not manage its iptables utility chains: makeIPTablesUtilChains is {value}.',
  },
  examples: {
    bad: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
makeIPTablesUtilChains: false
`,
    good: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
makeIPTablesUtilChains: true
`,
  },
  checkSet(_set, ctx) {
    for (const k of ctx.use(controlPlane).kubelets) {
      const f = kubeletField(k, 'makeIPTablesUtilChains');
      const value = f.value;
      if (value !== true) ctx.reportOn(f.obj, 'bad', { kubelet: k.label, value: kubeletValueText(f) }, f.path);
    }
  },
});
