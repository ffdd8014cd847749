import { controlPlane, forEachEtcd } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-peer-client-cert-auth',
  area: 'etcd',
  severity: 'high',
  uses: [controlPlane],
  title: 'etcd does not require certificates from its peers',
  description:
    'etcd must run with `--peer-client-cert-auth=true` (or `ETCD_PEER_CLIENT_CERT_AUTH=true`, or ' +
    '`peer-transport-security.client-cert-auth: true` in its `--config-file`), so that only members with a ' +
    'certificate from the peer CA can join and replicate.',
  rationale:
    'A peer receives the whole keyspace. Without peer certificate checks, anything that reaches the peer port ' +
    'can pose as a member and read or corrupt the cluster state, Secrets included.',
  remediation: 'Set `--peer-client-cert-auth=true` and `--peer-trusted-ca-file` to the etcd CA on every member.',
  references: [
    { framework: 'cis-k8s', control: '2.5' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    off: '{etcd} accepts peers without a certificate: {where} is not true.',
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
        - --client-cert-auth=true
        - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
        - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
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
        - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
        - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
        - --peer-client-cert-auth=true
        - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd) => {
      const v = etcd.bool('peer-client-cert-auth');
      const data = { etcd: etcd.inst.label, where: v.setting.where, value: v.invalid ?? '' };
      if (v.invalid !== undefined) ctx.reportOn(v.setting.obj, 'invalid', data, v.setting.path);
      else if (!v.value) ctx.reportOn(v.setting.obj, 'off', data, v.setting.path);
    });
  },
});
