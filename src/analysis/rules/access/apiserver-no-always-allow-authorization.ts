import { authorizersOf, controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-no-always-allow-authorization',
  area: 'access',
  severity: 'critical',
  uses: [controlPlane],
  title: 'API server authorizes every request',
  description:
    'kube-apiserver must not authorize with `AlwaysAllow`. When neither `--authorization-mode` nor ' +
    '`--authorization-config` is given, the default mode is AlwaysAllow. With `--authorization-config`, ' +
    'the AuthorizationConfiguration file is read (its `authorizers[].type`).',
  rationale:
    'AlwaysAllow answers yes to every authenticated request: every ServiceAccount token and every node ' +
    'credential is cluster-admin, and RBAC is ignored.',
  remediation: 'Set `--authorization-mode=Node,RBAC` (or an AuthorizationConfiguration with Node and RBAC authorizers) and remove AlwaysAllow.',
  references: [
    { framework: 'cis-k8s', control: '1.2.6' },
    { framework: 'mitre', control: 'T1078 Valid Accounts' },
  ],
  messages: {
    alwaysAllow: '{apiserver} authorizes every request: {where}.',
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
        - --authorization-mode=AlwaysAllow
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
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst, cp) => {
      const authz = authorizersOf(inst, cp);
      if (authz.kind === 'unavailable') {
        ctx.notAssessed(`${inst.label}: ${authz.reason}`);
        return;
      }
      if (authz.kind === 'default') {
        ctx.reportOn(inst.obj, 'alwaysAllow', { apiserver: inst.label, where: '--authorization-mode is not set and defaults to AlwaysAllow' }, flagPath(inst, 'authorization-mode'));
        return;
      }
      for (const a of authz.authorizers) {
        if (a.type === 'AlwaysAllow') {
          const where = authz.kind === 'flag' ? `--authorization-mode includes AlwaysAllow` : `${authz.file} has an AlwaysAllow authorizer`;
          ctx.reportOn(a.obj, 'alwaysAllow', { apiserver: inst.label, where }, a.path);
          break;
        }
      }
    });
  },
});
