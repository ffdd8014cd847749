import { KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import autoTls from './etcd-no-auto-tls.js';
import peerAutoTls from './etcd-no-peer-auto-tls.js';

const base = KUBEADM_ARGS.etcd;
const peerOn = staticPod('etcd', [...base, '--peer-auto-tls=true']);
const clientOn = staticPod('etcd', [...base, '--auto-tls']);
const envOn = staticPod('etcd', base, { env: { ETCD_AUTO_TLS: 'true' } });
const both = staticPod('etcd', [...base, '--auto-tls=false', '--peer-auto-tls=true']);

// Matching flags by substring makes --peer-auto-tls look like --auto-tls: a known bug elsewhere.
testRule(autoTls, {
  valid: [
    { name: 'kubeadm defaults', yaml: staticPod('etcd', base).yaml },
    { name: '--peer-auto-tls=true is not --auto-tls', yaml: peerOn.yaml },
    { name: '--auto-tls=false', yaml: staticPod('etcd', [...base, '--auto-tls=false']).yaml },
    { name: 'ETCD_PEER_AUTO_TLS is not ETCD_AUTO_TLS', yaml: staticPod('etcd', base, { env: { ETCD_PEER_AUTO_TLS: 'true' } }).yaml },
  ],
  invalid: [
    { name: 'bare --auto-tls', yaml: clientOn.yaml, findings: [{ messageId: 'on', line: clientOn.argLine(base.length), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: '--auto-tls' } }] },
    { name: 'ETCD_AUTO_TLS=true', yaml: envOn.yaml, findings: [{ messageId: 'on', line: envOn.envLine(0), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: 'ETCD_AUTO_TLS' } }] },
    { name: '--auto-tls=on is not a Go boolean', yaml: staticPod('etcd', [...base, '--auto-tls=on']).yaml, findings: [{ messageId: 'invalid', line: 12 + base.length, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: '--auto-tls', value: 'on' } }] },
  ],
});

testRule(peerAutoTls, {
  valid: [
    { name: 'kubeadm defaults', yaml: staticPod('etcd', base).yaml },
    { name: '--auto-tls=true is not --peer-auto-tls', yaml: clientOn.yaml },
  ],
  invalid: [
    { name: '--peer-auto-tls=true', yaml: peerOn.yaml, findings: [{ messageId: 'on', line: peerOn.argLine(base.length), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: '--peer-auto-tls' } }] },
    { name: 'only the peer flag of the two', yaml: both.yaml, findings: [{ messageId: 'on', line: both.argLine(base.length + 1) }] },
    { name: 'config file peer-transport-security.auto-tls: true', yaml: `${staticPod('etcd', ['--config-file=/etc/etcd.yaml']).yaml}---
apiVersion: kubeward.io/v1
kind: EtcdConfiguration
metadata:
  name: /etc/etcd.yaml
client-transport-security:
  auto-tls: false
peer-transport-security:
  auto-tls: true
`, findings: [{ messageId: 'on', line: 21, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: 'peer-transport-security.auto-tls' } }] },
  ],
});
