import { admissionPlugins, controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-always-pull-images',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'API server does not force image pulls',
  description:
    'kube-apiserver should enable the `AlwaysPullImages` admission plugin (`--enable-admission-plugins`), which ' +
    'sets `imagePullPolicy: Always` on every container. A CIS "Manual" control: weigh it against registry load.',
  rationale:
    'Without it, a pod on a node can start from an image another tenant\'s pull secret brought onto that node, ' +
    'without having credentials to that private image itself.',
  remediation: 'Add AlwaysPullImages to `--enable-admission-plugins`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.11' },
    { framework: 'mitre', control: 'T1525 Implant Internal Image' },
  ],
  messages: {
    off: '{apiserver} does not run the AlwaysPullImages admission plugin.',
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
        - --enable-admission-plugins=NodeRestriction
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
        - --enable-admission-plugins=NodeRestriction,AlwaysPullImages
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      if (!admissionPlugins(inst).isOn('AlwaysPullImages')) ctx.reportOn(inst.obj, 'off', { apiserver: inst.label }, flagPath(inst, 'enable-admission-plugins'));
    });
  },
});
