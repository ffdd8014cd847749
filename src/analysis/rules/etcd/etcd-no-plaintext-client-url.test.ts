import { editArgs, KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import rule from './etcd-no-plaintext-client-url.js';

const base = KUBEADM_ARGS.etcd;
const withUrls = (urls: string) => staticPod('etcd', editArgs(base, { set: { 'listen-client-urls': urls } }));
const allInterfaces = withUrls('https://127.0.0.1:2379,http://0.0.0.0:2379');
const two = withUrls('http://10.0.0.10:2379,http://[fd00::10]:2379');
const env = staticPod('etcd', editArgs(base, { remove: ['listen-client-urls'] }), { env: { ETCD_LISTEN_CLIENT_URLS: 'http://10.0.0.10:2379' } });

testRule(rule, {
  valid: [
    { name: 'kubeadm defaults', yaml: staticPod('etcd', base).yaml },
    { name: 'plain HTTP on loopback only', yaml: withUrls('http://127.0.0.1:2379,http://localhost:2379,http://[::1]:2379').yaml },
    { name: 'the default (http://localhost:2379) when unset', yaml: staticPod('etcd', editArgs(base, { remove: ['listen-client-urls'] })).yaml },
    { name: 'metrics on plain HTTP are not client URLs', yaml: staticPod('etcd', [...base, '--listen-metrics-urls=http://0.0.0.0:2381']).yaml },
  ],
  invalid: [
    { name: 'http on all interfaces', yaml: allInterfaces.yaml, findings: [{ messageId: 'plaintext', line: allInterfaces.flagLine('listen-client-urls'), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', url: 'http://0.0.0.0:2379', where: '--listen-client-urls' } }] },
    { name: 'one finding per plain URL', yaml: two.yaml, findings: [
      { messageId: 'plaintext', line: two.flagLine('listen-client-urls'), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', url: 'http://10.0.0.10:2379', where: '--listen-client-urls' } },
      { messageId: 'plaintext', line: two.flagLine('listen-client-urls'), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', url: 'http://[fd00::10]:2379', where: '--listen-client-urls' } },
    ] },
    { name: 'from ETCD_LISTEN_CLIENT_URLS', yaml: env.yaml, findings: [{ messageId: 'plaintext', line: env.envLine(0), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', url: 'http://10.0.0.10:2379', where: 'ETCD_LISTEN_CLIENT_URLS' } }] },
  ],
});
