import { controlPlane, kubeletField, kubeletValueText } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'kubelet-seccomp-default',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'Kubelet runs containers without a default seccomp profile',
  description: 'A kubelet configuration should set `seccompDefault: true`, so that containers without a seccomp profile run with RuntimeDefault instead of Unconfined. Unset, the default is false. With `--node`, the kubelet\'s `--seccomp-default` flag (from its systemd unit or environment files) overrides the config file and is judged instead.',
  rationale: 'Unconfined containers can make every system call, including the ones most kernel escapes go through.',
  remediation: 'Set `seccompDefault: true` (test workloads first: a few need extra system calls).',
  references: [
    { framework: 'cis-k8s', control: '4.2.14' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: {
    bad: '{kubelet} runs containers without seccomp by default: seccompDefault is {value}.',
  },
  examples: {
    bad: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
seccompDefault: false
`,
    good: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
seccompDefault: true
`,
  },
  checkSet(_set, ctx) {
    for (const k of ctx.use(controlPlane).kubelets) {
      const f = kubeletField(k, 'seccompDefault');
      const value = f.value;
      if (value !== true) ctx.reportOn(f.obj, 'bad', { kubelet: k.label, value: kubeletValueText(f) }, f.path);
    }
  },
});
