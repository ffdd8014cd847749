import { editArgs, KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import rule from './etcd-dedicated-ca.js';

const etcd = KUBEADM_ARGS.etcd;
const api = KUBEADM_ARGS['kube-apiserver'];
const sharedCa = staticPod('etcd', editArgs(etcd, { set: { 'trusted-ca-file': '/etc/kubernetes/pki/ca.crt' } }));
const noCa = staticPod('etcd', editArgs(etcd, { remove: ['trusted-ca-file'] }));
const apiserver = staticPod('kube-apiserver', api).yaml;

// etcd reads /etc/etcd-pki/ca.crt in its container, which is /etc/kubernetes/pki/ca.crt on the host.
const mounted = staticPod('etcd', editArgs(etcd, { set: { 'trusted-ca-file': '/etc/etcd-pki/ca.crt' } }), {
  extra: `volumeMounts:
  - name: pki
    mountPath: /etc/etcd-pki
    readOnly: true`,
  podExtra: `volumes:
  - name: pki
    hostPath:
      path: /etc/kubernetes/pki
      type: DirectoryOrCreate`,
});

const nodeFile = (p: string, fingerprint: string, subject: string) => `---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: ${p}
spec:
  path: ${p}
  type: file
  mode: "0644"
  certificates:
    - subject: ${subject}
      issuer: ${subject}
      notBefore: "2024-01-01T00:00:00.000Z"
      notAfter: "2034-01-01T00:00:00.000Z"
      fingerprint256: "${fingerprint}"
      isCA: true
`;
const hostMounts = (component: 'etcd' | 'kube-apiserver', args: string[]) => staticPod(component, args, {
  extra: `volumeMounts:
  - { name: pki, mountPath: /etc/kubernetes/pki }`,
  podExtra: `volumes:
  - { name: pki, hostPath: { path: /etc/kubernetes/pki } }`,
});
const copied = hostMounts('etcd', editArgs(etcd, { set: { 'trusted-ca-file': '/etc/kubernetes/pki/etcd/ca-copy.crt' } }));

testRule(rule, {
  valid: [
    { name: 'kubeadm: etcd/ca.crt versus ca.crt', yaml: `${staticPod('etcd', etcd).yaml}---\n${apiserver}` },
    { name: 'etcd alone with its own CA', yaml: staticPod('etcd', etcd).yaml },
    {
      name: 'node mode: different files with different certificates',
      yaml: `${hostMounts('etcd', [...etcd]).yaml}---\n${hostMounts('kube-apiserver', [...api]).yaml}${nodeFile('/etc/kubernetes/pki/etcd/ca.crt', 'AA:01', 'CN=etcd-ca')}${nodeFile('/etc/kubernetes/pki/ca.crt', 'BB:02', 'CN=kubernetes')}`,
    },
  ],
  invalid: [
    {
      name: 'etcd trusts the API server client CA file',
      yaml: `${sharedCa.yaml}---\n${apiserver}`,
      findings: [{ messageId: 'samePath', line: sharedCa.flagLine('trusted-ca-file'), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', path: '/etc/kubernetes/pki/ca.crt', apiserver: 'kube-apiserver in Pod/kube-system/kube-apiserver-cp1' } }],
    },
    {
      name: 'the same host file under another container path (hostPath mount)',
      yaml: `${mounted.yaml}---\n${apiserver}`,
      findings: [{ messageId: 'samePath', line: mounted.flagLine('trusted-ca-file'), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', path: '/etc/kubernetes/pki/ca.crt', apiserver: 'kube-apiserver in Pod/kube-system/kube-apiserver-cp1' } }],
    },
    {
      name: 'node mode: a copy of the cluster CA under another name',
      yaml: `${copied.yaml}---\n${hostMounts('kube-apiserver', [...api]).yaml}${nodeFile('/etc/kubernetes/pki/etcd/ca-copy.crt', 'BB:02', 'CN=kubernetes')}${nodeFile('/etc/kubernetes/pki/ca.crt', 'BB:02', 'CN=kubernetes')}`,
      findings: [{ messageId: 'sameCert', line: copied.flagLine('trusted-ca-file'), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', path: '/etc/kubernetes/pki/etcd/ca-copy.crt', subject: 'CN=kubernetes', apiPath: '/etc/kubernetes/pki/ca.crt', apiserver: 'kube-apiserver in Pod/kube-system/kube-apiserver-cp1' } }],
    },
    { name: 'no --trusted-ca-file', yaml: noCa.yaml, findings: [{ messageId: 'missing', line: noCa.commandLine, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: '--trusted-ca-file' } }] },
  ],
});
