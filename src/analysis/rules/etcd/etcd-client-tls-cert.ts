import { controlPlane, forEachEtcd } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-client-tls-cert',
  area: 'etcd',
  severity: 'high',
  uses: [controlPlane],
  title: 'etcd serves clients without a certificate of its own',
  description:
    'etcd must have `--cert-file` and `--key-file` (or `ETCD_CERT_FILE`/`ETCD_KEY_FILE`, or ' +
    '`client-transport-security.cert-file`/`key-file` in its `--config-file`) so that clients talk to it over TLS.',
  rationale:
    'Everything the cluster stores, Secrets included, goes between the API server and etcd. Without a ' +
    'server certificate that traffic is plain HTTP: anyone on the path reads every Secret and can write to the cluster state.',
  remediation:
    'Give etcd a serving certificate signed by its CA: `--cert-file=/etc/kubernetes/pki/etcd/server.crt` and ' +
    '`--key-file=/etc/kubernetes/pki/etcd/server.key` (kubeadm does this), and serve clients on `https://` URLs.',
  references: [
    { framework: 'cis-k8s', control: '2.1' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    missing: '{etcd} has no client TLS certificate: {missing} not set.',
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
        - --listen-client-urls=http://0.0.0.0:2379
        - --advertise-client-urls=http://10.0.0.10:2379
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
        - --listen-client-urls=https://10.0.0.10:2379
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd) => {
      const cert = etcd.string('cert-file');
      const key = etcd.string('key-file');
      if (cert && key) return;
      const missing = [cert ? undefined : etcd.get('cert-file').where, key ? undefined : etcd.get('key-file').where].filter(Boolean).join(' and ');
      const at = etcd.get(cert ? 'key-file' : 'cert-file');
      ctx.reportOn(at.obj, 'missing', { etcd: etcd.inst.label, missing }, at.path);
    });
  },
});
