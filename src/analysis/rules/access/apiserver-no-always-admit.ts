import { admissionPlugins, controlPlane, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-no-always-admit',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'API server enables the AlwaysAdmit admission plugin',
  description: 'kube-apiserver must not list `AlwaysAdmit` in `--enable-admission-plugins`.',
  rationale:
    'AlwaysAdmit admits every request as it is; it was deprecated because it signals that admission control is ' +
    'meant to be off, and it hides whether the policy plugins that should guard the cluster are really there.',
  remediation: 'Remove AlwaysAdmit from `--enable-admission-plugins`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.10' },
    { framework: 'mitre', control: 'T1610 Deploy Container' },
  ],
  messages: {
    enabled: '{apiserver} enables the AlwaysAdmit admission plugin.',
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
        - --enable-admission-plugins=NodeRestriction,AlwaysAdmit
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
        - --enable-admission-plugins=NodeRestriction
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const p = admissionPlugins(inst).enabled.get('AlwaysAdmit');
      if (p) ctx.reportOn(inst.obj, 'enabled', { apiserver: inst.label }, p.path);
    });
  },
});
