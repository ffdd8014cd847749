import { editArgs, KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import clientCert from './etcd-client-tls-cert.js';
import peerCert from './etcd-peer-tls-cert.js';
import peerAuth from './etcd-peer-client-cert-auth.js';

const base = KUBEADM_ARGS.etcd;
const noKey = staticPod('etcd', editArgs(base, { remove: ['key-file'] }));
const none = staticPod('etcd', editArgs(base, { remove: ['key-file', 'cert-file'] }));
const emptyCert = staticPod('etcd', editArgs(base, { set: { 'cert-file': '' } }));
const envCert = staticPod('etcd', editArgs(base, { remove: ['key-file', 'cert-file'] }), { env: { ETCD_CERT_FILE: '/pki/server.crt', ETCD_KEY_FILE: '/pki/server.key' } });
const noPeer = staticPod('etcd', editArgs(base, { remove: ['peer-cert-file'] }));
const peerOff = staticPod('etcd', editArgs(base, { set: { 'peer-client-cert-auth': 'false' } }));

testRule(clientCert, {
  valid: [
    { name: 'kubeadm defaults', yaml: staticPod('etcd', base).yaml },
    { name: 'from ETCD_CERT_FILE and ETCD_KEY_FILE', yaml: envCert.yaml },
  ],
  invalid: [
    { name: 'no --key-file: points at the command', yaml: noKey.yaml, findings: [{ messageId: 'missing', line: noKey.commandLine, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', missing: '--key-file' } }] },
    { name: 'neither', yaml: none.yaml, findings: [{ messageId: 'missing', line: none.commandLine, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', missing: '--cert-file and --key-file' } }] },
    { name: '--cert-file= (empty)', yaml: staticPod('etcd', editArgs(base, { set: { 'cert-file': '""' } })).yaml.replace('--cert-file=\\"\\"', '--cert-file='), findings: [{ messageId: 'missing', line: emptyCert.flagLine('cert-file'), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', missing: '--cert-file' } }] },
  ],
});

testRule(peerCert, {
  valid: [{ name: 'kubeadm defaults', yaml: staticPod('etcd', base).yaml }],
  invalid: [{ name: 'no --peer-cert-file', yaml: noPeer.yaml, findings: [{ messageId: 'missing', line: noPeer.commandLine, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', missing: '--peer-cert-file' } }] }],
});

testRule(peerAuth, {
  valid: [{ name: 'kubeadm defaults', yaml: staticPod('etcd', base).yaml }],
  invalid: [
    { name: '--peer-client-cert-auth=false', yaml: peerOff.yaml, findings: [{ messageId: 'off', line: peerOff.flagLine('peer-client-cert-auth'), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: '--peer-client-cert-auth' } }] },
    { name: 'absent (default false)', yaml: staticPod('etcd', editArgs(base, { remove: ['peer-client-cert-auth'] })).yaml, findings: [{ messageId: 'off', line: 10 }] },
  ],
});
