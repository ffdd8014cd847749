import { KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import expiry from './apiserver-pki-certificate-expiry.js';
import apiserverFiles from './apiserver-file-permissions.js';
import kubeletFiles from './kubelet-file-permissions.js';
import pki from './apiserver-pki-permissions.js';
import schedulerFiles from './scheduler-file-permissions.js';

// In these documents the NodeFile's flow-style spec is on its 6th line (findings point at spec.mode there).
const nodeFile = (p: string, spec: string) => `---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: ${p}
spec: { path: ${p}, ${spec} }
`;

testRule(pki, {
  valid: [
    { name: 'kubeadm modes', yaml: nodeFile('/etc/kubernetes/pki', 'type: directory, mode: "0755", owner: root, group: root') + nodeFile('/etc/kubernetes/pki/ca.crt', 'type: file, mode: "0644", owner: root, group: root') + nodeFile('/etc/kubernetes/pki/ca.key', 'type: file, mode: "0600", owner: root, group: root') },
    { name: 'outside the PKI folder', yaml: nodeFile('/etc/ssl/private/x.key', 'type: file, mode: "0644", owner: root, group: root') },
    { name: 'no passwd entry, but uid and gid 0', yaml: nodeFile('/etc/kubernetes/pki/sa.pub', 'type: file, mode: "0600", uid: 0, gid: 0') },
  ],
  invalid: [
    { name: 'group-writable certificate', yaml: nodeFile('/etc/kubernetes/pki/etcd/ca.crt', 'type: file, mode: "0664", owner: root, group: root'), findings: [{ messageId: 'certMode', line: 6, data: { path: '/etc/kubernetes/pki/etcd/ca.crt', mode: '0664' } }] },
    { name: 'a PEM key under another name', yaml: nodeFile('/etc/kubernetes/pki/sa.pem', 'type: file, mode: "0640", owner: root, group: root, privateKey: true'), findings: [{ messageId: 'keyMode', line: 6, data: { path: '/etc/kubernetes/pki/sa.pem', mode: '0640' } }] },
    { name: 'owned by a user', yaml: nodeFile('/etc/kubernetes/pki/etcd', 'type: directory, mode: "0700", owner: ubuntu, group: root'), findings: [{ messageId: 'owner', line: 6, data: { path: '/etc/kubernetes/pki/etcd', owner: 'ubuntu:root' } }] },
  ],
});

const cert = (notAfter: string) => nodeFile('/etc/kubernetes/pki/front-proxy-client.crt', `type: file, mode: "0644", certificates: [{ subject: CN=front-proxy-client, issuer: CN=front-proxy-ca, notBefore: "2020-01-01T00:00:00.000Z", notAfter: "${notAfter}", fingerprint256: "AA", isCA: false }]`);
const inDays = (d: number) => new Date(Date.now() + d * 24 * 3600 * 1000).toISOString();
testRule(expiry, {
  valid: [{ name: 'valid for 60 more days', yaml: cert(inDays(60)) }],
  invalid: [
    { name: 'expires in 10 days', yaml: cert(inDays(10.5)), findings: [{ messageId: 'soon', line: 6, data: { path: '/etc/kubernetes/pki/front-proxy-client.crt', subject: 'CN=front-proxy-client', date: inDays(10.5).slice(0, 10), days: 10 } }] },
    { name: 'expired', yaml: cert('2021-06-30T12:00:00.000Z'), findings: [{ messageId: 'expired', line: 6, data: { path: '/etc/kubernetes/pki/front-proxy-client.crt', subject: 'CN=front-proxy-client', date: '2021-06-30' } }] },
  ],
});

// The manifest NodeFile is the one loaded from the same file as the Pod (here: the same test document).
const api = staticPod('kube-apiserver', KUBEADM_ARGS['kube-apiserver']).yaml;
testRule(apiserverFiles, {
  valid: [{ name: '0600 root:root', yaml: api + nodeFile('/etc/kubernetes/manifests/kube-apiserver.yaml', 'type: file, mode: "0600", owner: root, group: root') }],
  invalid: [{
    name: '0640, owned by a user',
    yaml: api + nodeFile('/etc/kubernetes/manifests/kube-apiserver.yaml', 'type: file, mode: "0640", owner: admin, group: root'),
    findings: [
      { messageId: 'mode', line: 41, data: { component: 'kube-apiserver in Pod/kube-system/kube-apiserver-cp1', what: 'static Pod manifest', path: '/etc/kubernetes/manifests/kube-apiserver.yaml', mode: '0640' } },
      { messageId: 'owner', line: 41, data: { component: 'kube-apiserver in Pod/kube-system/kube-apiserver-cp1', what: 'static Pod manifest', path: '/etc/kubernetes/manifests/kube-apiserver.yaml', owner: 'admin:root' } },
    ],
  }],
});

const sched = staticPod('kube-scheduler', KUBEADM_ARGS['kube-scheduler'], {
  extra: 'volumeMounts:\n  - { name: kubeconfig, mountPath: /etc/kubernetes/scheduler.conf, readOnly: true }',
  podExtra: 'volumes:\n  - { name: kubeconfig, hostPath: { path: /etc/kubernetes/scheduler.conf, type: FileOrCreate } }',
}).yaml;
testRule(schedulerFiles, {
  valid: [{ name: 'both 0600', yaml: sched + nodeFile('/etc/kubernetes/manifests/kube-scheduler.yaml', 'type: file, mode: "0600", owner: root, group: root') + nodeFile('/etc/kubernetes/scheduler.conf', 'type: file, mode: "0600", owner: root, group: root') }],
  invalid: [{
    name: 'a readable --kubeconfig (through its hostPath mount)',
    yaml: sched + nodeFile('/etc/kubernetes/manifests/kube-scheduler.yaml', 'type: file, mode: "0600", owner: root, group: root') + nodeFile('/etc/kubernetes/scheduler.conf', 'type: file, mode: "0644", owner: root, group: root'),
    findings: [{ messageId: 'mode', line: 32, data: { component: 'kube-scheduler in Pod/kube-system/kube-scheduler-cp1', what: 'kubeconfig (--kubeconfig)', path: '/etc/kubernetes/scheduler.conf', mode: '0644' } }],
  }],
});

const kubeletConfig = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
`;
testRule(kubeletFiles, {
  valid: [{ name: 'client CA 644 is fine', yaml: kubeletConfig + nodeFile('/etc/kubernetes/pki/ca.crt', 'type: file, mode: "0644", owner: root, group: root') }],
  invalid: [{
    name: 'client CA 666',
    yaml: kubeletConfig + nodeFile('/etc/kubernetes/pki/ca.crt', 'type: file, mode: "0666", owner: root, group: root'),
    findings: [{ messageId: 'mode', line: 11, data: { what: 'client CA file', path: '/etc/kubernetes/pki/ca.crt', mode: '0666', expected: '644' } }],
  }],
});
