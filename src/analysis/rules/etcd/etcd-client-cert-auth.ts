import { controlPlane, forEachEtcd } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-client-cert-auth',
  area: 'etcd',
  severity: 'critical',
  uses: [controlPlane],
  title: 'etcd does not require client certificates',
  description:
    'etcd must run with `--client-cert-auth=true` (or `ETCD_CLIENT_CERT_AUTH=true`, or ' +
    '`client-transport-security.client-cert-auth: true` in its `--config-file`), so that only clients with a ' +
    'certificate from its trusted CA can read or write.',
  rationale:
    'etcd holds every object of the cluster, Secrets included, and has no authorization of its own by default: ' +
    'any client that can open a connection can read every Secret and rewrite RBAC. Client certificates are the lock.',
  remediation:
    'Set `--client-cert-auth=true` and `--trusted-ca-file` to a CA used only for etcd clients; give the API ' +
    'server `--etcd-certfile`/`--etcd-keyfile` from that CA.',
  references: [
    { framework: 'cis-k8s', control: '2.2' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    off: '{etcd} accepts clients without a certificate: {where} is not true.',
    invalid: '{etcd} refuses to start: {where} is "{value}", not true or false.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: etcd-cp1
  namespace: kube-system
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.15-0
      command:
        - etcd
        - --cert-file=/etc/kubernetes/pki/etcd/server.crt
        - --key-file=/etc/kubernetes/pki/etcd/server.key
        - --peer-client-cert-auth=true
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: etcd-cp1
  namespace: kube-system
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.15-0
      command:
        - etcd
        - --cert-file=/etc/kubernetes/pki/etcd/server.crt
        - --key-file=/etc/kubernetes/pki/etcd/server.key
        - --client-cert-auth=true
        - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd) => {
      const v = etcd.bool('client-cert-auth');
      const data = { etcd: etcd.inst.label, where: v.setting.where, value: v.invalid ?? '' };
      if (v.invalid !== undefined) ctx.reportOn(v.setting.obj, 'invalid', data, v.setting.path);
      else if (!v.value) ctx.reportOn(v.setting.obj, 'off', data, v.setting.path);
    });
  },
});
