import { controlPlane, forEachEtcd } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-peer-tls-cert',
  area: 'etcd',
  severity: 'high',
  uses: [controlPlane],
  title: 'etcd members talk to each other without certificates',
  description:
    'etcd must have `--peer-cert-file` and `--peer-key-file` (or the `ETCD_PEER_*` variables, or ' +
    '`peer-transport-security` in its `--config-file`) so that members replicate over TLS.',
  rationale:
    'Members replicate the whole keyspace, Secrets included, to each other. Without peer certificates the ' +
    'replication traffic is plain text and a host on the path can read it or join as a rogue member.',
  remediation:
    'Give every member a peer certificate from the etcd CA: `--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt` ' +
    'and `--peer-key-file=/etc/kubernetes/pki/etcd/peer.key`, and use `https://` peer URLs.',
  references: [
    { framework: 'cis-k8s', control: '2.4' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    missing: '{etcd} has no peer TLS certificate: {missing} not set.',
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
        - --listen-peer-urls=http://10.0.0.10:2380
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
        - --listen-peer-urls=https://10.0.0.10:2380
        - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
        - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd) => {
      const cert = etcd.string('peer-cert-file');
      const key = etcd.string('peer-key-file');
      if (cert && key) return;
      const missing = [cert ? undefined : etcd.get('peer-cert-file').where, key ? undefined : etcd.get('peer-key-file').where].filter(Boolean).join(' and ');
      const at = etcd.get(cert ? 'peer-key-file' : 'peer-cert-file');
      ctx.reportOn(at.obj, 'missing', { etcd: etcd.inst.label, missing }, at.path);
    });
  },
});
