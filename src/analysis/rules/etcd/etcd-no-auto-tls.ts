import { controlPlane, forEachEtcd } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-no-auto-tls',
  area: 'etcd',
  severity: 'high',
  uses: [controlPlane],
  title: 'etcd generates self-signed client certificates',
  description:
    'etcd must not run with `--auto-tls=true` (or `ETCD_AUTO_TLS=true`, or `client-transport-security.auto-tls: true` ' +
    'in its `--config-file`). Only the client setting is looked at here: `--peer-auto-tls` is a different flag ' +
    '(see etcd-no-peer-auto-tls), and is never mistaken for it.',
  rationale:
    'With auto-TLS etcd serves a self-signed certificate that no client can verify, so clients must skip ' +
    'verification and anyone on the path can impersonate etcd and read every Secret the API server sends or receives.',
  remediation: 'Remove `--auto-tls` (or set it to false) and configure `--cert-file`/`--key-file` from the etcd CA.',
  references: [
    { framework: 'cis-k8s', control: '2.3' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    on: '{etcd} serves clients with a self-signed certificate: {where} is true.',
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
        - --auto-tls=true
        - --listen-client-urls=https://10.0.0.10:2379
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
        - --peer-auto-tls=false
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd) => {
      const v = etcd.bool('auto-tls');
      const data = { etcd: etcd.inst.label, where: v.setting.where, value: v.invalid ?? '' };
      if (v.invalid !== undefined) ctx.reportOn(v.setting.obj, 'invalid', data, v.setting.path);
      else if (v.value) ctx.reportOn(v.setting.obj, 'on', data, v.setting.path);
    });
  },
});
