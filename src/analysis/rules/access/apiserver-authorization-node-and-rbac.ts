import { authorizersOf, controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-authorization-node-and-rbac',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'API server authorizes without Node or RBAC',
  description:
    'kube-apiserver\'s authorizers must include `Node` (kubelets may only read what their own pods need) and ' +
    '`RBAC`. Read from `--authorization-mode` (repeated flags add up) or, with `--authorization-config`, from ' +
    'the AuthorizationConfiguration file.',
  rationale:
    'Without the Node authorizer (and the NodeRestriction admission plugin) every kubelet credential can read ' +
    'every Secret in the cluster, so one compromised node is the whole cluster. Without RBAC there is no ' +
    'least-privilege model for users and ServiceAccounts.',
  remediation: 'Set `--authorization-mode=Node,RBAC` (add Webhook after them if you use one).',
  references: [
    { framework: 'cis-k8s', control: '1.2.7' },
    { framework: 'cis-k8s', control: '1.2.8' },
    { framework: 'mitre', control: 'T1078 Valid Accounts' },
  ],
  messages: {
    missing: '{apiserver} authorizes without {missing}: {where}.',
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
        - --authorization-mode=RBAC
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
        - --authorization-mode=Node
        - --authorization-mode=RBAC
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst, cp) => {
      const authz = authorizersOf(inst, cp);
      if (authz.kind === 'unavailable') {
        ctx.notAssessed(`${inst.label}: ${authz.reason}`);
        return;
      }
      const types = authz.kind === 'default' ? ['AlwaysAllow'] : authz.authorizers.map((a) => a.type);
      const missing = ['Node', 'RBAC'].filter((t) => !types.includes(t));
      if (missing.length === 0) return;
      const where = authz.kind === 'default'
        ? '--authorization-mode is not set (default AlwaysAllow)'
        : authz.kind === 'flag' ? `--authorization-mode is ${types.join(',')}` : `${authz.file} configures ${types.join(', ') || 'no authorizer'}`;
      const obj = authz.kind === 'config' ? cp.configAt(inst, authz.file!, 'AuthorizationConfiguration')! : inst.obj;
      const path = authz.kind === 'config' ? ['authorizers'] : flagPath(inst, 'authorization-mode');
      ctx.reportOn(obj, 'missing', { apiserver: inst.label, missing: missing.join(' and '), where }, path);
    });
  },
});
