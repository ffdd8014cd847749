import { isRecord } from '../../../model/index.js';
import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-anonymous-auth-disabled',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'API server accepts anonymous requests',
  description:
    'kube-apiserver should run with `--anonymous-auth=false`. The flag defaults to true: requests without ' +
    'credentials are served as `system:anonymous` in group `system:unauthenticated`.',
  rationale:
    'Anonymous requests reach whatever RBAC grants to system:anonymous and system:unauthenticated; one careless ' +
    'binding (or a webhook authorizer that allows them) opens the cluster to anyone who can reach the port, and ' +
    'even the defaults disclose version and discovery information.',
  remediation:
    'Set `--anonymous-auth=false`. Health checks that need unauthenticated access can use ' +
    '`--authentication-config` with `anonymous.conditions` limited to /livez, /readyz and /healthz (Kubernetes 1.32+).',
  references: [
    { framework: 'cis-k8s', control: '1.2.1' },
    { framework: 'mitre', control: 'T1078.001 Valid Accounts: Default Accounts' },
  ],
  messages: {
    enabled: '{apiserver} serves anonymous requests: --anonymous-auth is {state}.',
    invalid: '{apiserver} refuses to start: --anonymous-auth is "{value}", not true or false.',
    configEnabled: '{apiserver} serves anonymous requests on every path: {file} enables anonymous access without conditions.',
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
        - --anonymous-auth=false
        - --authorization-mode=Node,RBAC
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst, cp) => {
      // With --authentication-config (Kubernetes 1.32+) anonymous access may be configured in the file instead.
      const authn = inst.flags.string('authentication-config');
      if (authn && authn.value !== '' && !inst.flags.has('anonymous-auth')) {
        const obj = cp.configAt(inst, authn.value, 'AuthenticationConfiguration');
        if (!obj) {
          ctx.notAssessed(`${inst.label}: authentication is configured in ${authn.value} (--authentication-config), which is not in the input`);
          return;
        }
        const anonymous = isRecord(obj.raw.anonymous) ? obj.raw.anonymous : undefined;
        if (anonymous) {
          const limited = Array.isArray(anonymous.conditions) && anonymous.conditions.length > 0;
          if (anonymous.enabled === true && !limited) ctx.reportOn(obj, 'configEnabled', { apiserver: inst.label, file: authn.value }, ['anonymous', 'enabled']);
          return;
        }
      }
      const v = inst.flags.bool('anonymous-auth');
      const path = flagPath(inst, 'anonymous-auth');
      if (v.invalid !== undefined) ctx.reportOn(inst.obj, 'invalid', { apiserver: inst.label, value: v.invalid }, path);
      else if (v.value !== false) ctx.reportOn(inst.obj, 'enabled', { apiserver: inst.label, state: v.occurrence ? 'true' : 'not set (default true)' }, path);
    });
  },
});
