import { controlPlane, forEachEtcd } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-no-peer-auto-tls',
  area: 'etcd',
  severity: 'high',
  uses: [controlPlane],
  title: 'etcd generates self-signed peer certificates',
  description:
    'etcd must not run with `--peer-auto-tls=true` (or `ETCD_PEER_AUTO_TLS=true`, or ' +
    '`peer-transport-security.auto-tls: true` in its `--config-file`).',
  rationale:
    'With peer auto-TLS members present self-signed certificates that cannot be verified, so any host that ' +
    'reaches the peer port can pose as a member and receive the replicated keyspace, Secrets included.',
  remediation: 'Remove `--peer-auto-tls` (or set it to false) and configure `--peer-cert-file`/`--peer-key-file` from the etcd CA.',
  references: [
    { framework: 'cis-k8s', control: '2.6' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    on: '{etcd} talks to peers with a self-signed certificate: {where} is true.',
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
        - --peer-auto-tls
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
        - --auto-tls=false
        - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
        - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd) => {
      const v = etcd.bool('peer-auto-tls');
      const data = { etcd: etcd.inst.label, where: v.setting.where, value: v.invalid ?? '' };
      if (v.invalid !== undefined) ctx.reportOn(v.setting.obj, 'invalid', data, v.setting.path);
      else if (v.value) ctx.reportOn(v.setting.obj, 'on', data, v.setting.path);
    });
  },
});
