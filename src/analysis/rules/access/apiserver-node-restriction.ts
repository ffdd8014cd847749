import { admissionPlugins, controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-node-restriction',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'API server does not restrict what kubelets may modify',
  description:
    'kube-apiserver must enable the `NodeRestriction` admission plugin (`--enable-admission-plugins`; it is not ' +
    'on by default) and must not disable it (`--disable-admission-plugins`).',
  rationale:
    'Without NodeRestriction a kubelet credential can modify any Node and Pod object: a compromised node can ' +
    'relabel itself or other nodes to attract sensitive workloads, or tamper with pods elsewhere.',
  remediation: 'Add NodeRestriction to `--enable-admission-plugins` and use the Node authorizer.',
  references: [
    { framework: 'cis-k8s', control: '1.2.14' },
    { framework: 'mitre', control: 'T1078 Valid Accounts' },
  ],
  messages: {
    off: '{apiserver} does not run the NodeRestriction admission plugin.',
    disabled: '{apiserver} disables the NodeRestriction admission plugin.',
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
        - --authorization-mode=Node,RBAC
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
        - --authorization-mode=Node,RBAC
        - --enable-admission-plugins=NodeRestriction
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const plugins = admissionPlugins(inst);
      const disabled = plugins.disabled.get('NodeRestriction');
      if (disabled) ctx.reportOn(inst.obj, 'disabled', { apiserver: inst.label }, disabled.path);
      else if (!plugins.isOn('NodeRestriction')) ctx.reportOn(inst.obj, 'off', { apiserver: inst.label }, flagPath(inst, 'enable-admission-plugins'));
    });
  },
});
