import path from 'node:path';
import { controlPlane, forEachEtcd } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-dedicated-ca',
  area: 'etcd',
  severity: 'high',
  uses: [controlPlane],
  title: 'etcd does not have a CA of its own',
  description:
    'etcd must name the CA it trusts for client certificates (`--trusted-ca-file`, `ETCD_TRUSTED_CA_FILE` or ' +
    '`client-transport-security.trusted-ca-file`), and that CA must not be the one the API server trusts for ' +
    'its own clients (`--client-ca-file`). Paths are compared after mapping them through each Pod\'s hostPath ' +
    'mounts; with `--node`, the certificates inside the files are compared too.',
  rationale:
    'If etcd trusts the cluster CA, every certificate that CA signs (every kubelet, every admin, every CSR the ' +
    'cluster approves) is also a key to etcd, and direct etcd access bypasses RBAC, admission and audit.',
  remediation:
    'Create a separate CA for etcd (kubeadm uses /etc/kubernetes/pki/etcd/ca.crt), point `--trusted-ca-file` ' +
    'and `--peer-trusted-ca-file` at it, and issue the API server its etcd client certificate from it.',
  references: [
    { framework: 'cis-k8s', control: '2.7' },
    { framework: 'mitre', control: 'T1552.004 Unsecured Credentials: Private Keys' },
  ],
  messages: {
    missing: '{etcd} names no CA for client certificates: {where} is not set.',
    samePath: '{etcd} trusts {path}, the same CA file that {apiserver} trusts for its clients (--client-ca-file).',
    sameCert: '{etcd} trusts {path}, which holds the same CA certificate ({subject}) as {apiPath}, the --client-ca-file of {apiserver}.',
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
        - --trusted-ca-file=/etc/kubernetes/pki/ca.crt
---
apiVersion: v1
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
        - --client-ca-file=/etc/kubernetes/pki/ca.crt
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
        - --client-cert-auth=true
        - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
---
apiVersion: v1
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
        - --client-ca-file=/etc/kubernetes/pki/ca.crt
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd, cp) => {
      const trusted = etcd.string('trusted-ca-file');
      if (!trusted) {
        const s = etcd.get('trusted-ca-file');
        ctx.reportOn(s.obj, 'missing', { etcd: etcd.inst.label, where: s.where }, s.path);
        return;
      }
      // A config file's paths are read by etcd in its container like flags are.
      const etcdFile = cp.fileOf(etcd.inst, trusted.value);
      const etcdPath = etcdFile.host ?? path.posix.resolve('/', trusted.value);
      for (const api of cp.of('kube-apiserver')) {
        const clientCa = api.flags.string('client-ca-file');
        if (!clientCa || clientCa.value === '') continue;
        const apiFile = cp.fileOf(api, clientCa.value);
        const apiPath = apiFile.host ?? path.posix.resolve('/', clientCa.value);
        if (apiPath === etcdPath) {
          ctx.reportOn(trusted.setting.obj, 'samePath', { etcd: etcd.inst.label, path: etcdPath, apiserver: api.label }, trusted.setting.path);
          continue;
        }
        const mine = etcdFile.file?.spec.certificates ?? [];
        const theirs = new Set((apiFile.file?.spec.certificates ?? []).map((c) => c.fingerprint256));
        const shared = mine.find((c) => theirs.has(c.fingerprint256));
        if (shared) {
          ctx.reportOn(trusted.setting.obj, 'sameCert', { etcd: etcd.inst.label, path: etcdPath, subject: shared.subject, apiPath, apiserver: api.label }, trusted.setting.path);
        }
      }
    });
  },
});
