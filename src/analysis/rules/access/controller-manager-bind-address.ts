import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

/** Whether an IP literal is loopback (127.0.0.0/8 or ::1). */
function isLoopback(ip: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || ip === '::1' || ip === '0:0:0:0:0:0:0:1';
}

export default defineRule({
  id: 'controller-manager-bind-address',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'kube-controller-manager serves on all interfaces',
  description:
    'kube-controller-manager should run with `--bind-address=127.0.0.1`. The flag defaults to 0.0.0.0 (all interfaces): unset is ' +
    'reported, unlike in tools that treat a missing flag as compliant.',
  rationale:
    'Its secure port (health, metrics, and debug handlers when profiling is on) is then reachable from the network; ' +
    'nothing outside the node needs it.',
  remediation: 'Set `--bind-address=127.0.0.1` (kubeadm does) and probe health on localhost.',
  references: [
    { framework: 'cis-k8s', control: '1.3.7' },
    { framework: 'mitre', control: 'T1046 Network Service Discovery' },
  ],
  messages: {
    exposed: '{manager} serves on {address}: --bind-address is {state}.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.31.0
      command:
        - kube-controller-manager
        - --bind-address=0.0.0.0
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.31.0
      command:
        - kube-controller-manager
        - --bind-address=127.0.0.1
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-controller-manager', (inst) => {
      const v = inst.flags.string('bind-address');
      const address = v?.value ?? '0.0.0.0';
      if (isLoopback(address)) return;
      ctx.reportOn(inst.obj, 'exposed', { manager: inst.label, address: address === '0.0.0.0' || address === '::' ? 'all interfaces' : address, state: v ? address : 'not set (default 0.0.0.0)' }, flagPath(inst, 'bind-address'));
    });
  },
});
