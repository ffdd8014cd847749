import { admissionPlugins, controlPlane, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

const REQUIRED = ['ServiceAccount', 'NamespaceLifecycle'];

export default defineRule({
  id: 'apiserver-default-admission-plugins',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'API server disables a default security admission plugin',
  description:
    'kube-apiserver must not list `ServiceAccount` or `NamespaceLifecycle` in `--disable-admission-plugins`. ' +
    'Both are on by default.',
  rationale:
    'ServiceAccount admission makes sure pods only use ServiceAccounts that exist in their namespace and mounts ' +
    'their tokens correctly; NamespaceLifecycle stops objects from being created in terminating or missing ' +
    'namespaces, where they escape the policies of the namespace they should be in.',
  remediation: 'Remove ServiceAccount and NamespaceLifecycle from `--disable-admission-plugins`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.12' },
    { framework: 'cis-k8s', control: '1.2.13' },
    { framework: 'mitre', control: 'T1610 Deploy Container' },
  ],
  messages: {
    disabled: '{apiserver} disables the {plugin} admission plugin.',
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
        - --disable-admission-plugins=ServiceAccount
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
        - --disable-admission-plugins=DefaultStorageClass
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const disabled = admissionPlugins(inst).disabled;
      for (const plugin of REQUIRED) {
        const p = disabled.get(plugin);
        if (p) ctx.reportOn(inst.obj, 'disabled', { apiserver: inst.label, plugin }, p.path);
      }
    });
  },
});
