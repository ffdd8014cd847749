import { controlPlane, forEachEtcd, isLoopbackUrl, urlList } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-no-plaintext-client-url',
  area: 'etcd',
  severity: 'critical',
  uses: [controlPlane],
  title: 'etcd listens for clients over plain HTTP on the network',
  description:
    'None of etcd\'s `--listen-client-urls` (or `ETCD_LISTEN_CLIENT_URLS`, or `listen-client-urls` in its ' +
    '`--config-file`) may be `http://` on an address other than loopback. `http://127.0.0.1` and ' +
    '`http://localhost` are reachable only from the node itself and are not reported. etcd\'s default, when ' +
    'nothing is set, is `http://localhost:2379`.',
  rationale:
    'A plain HTTP listener ignores `--client-cert-auth`: whoever reaches it on the network reads and writes the ' +
    'whole keyspace, every Secret included, with no certificate and no RBAC.',
  remediation:
    'Serve clients on `https://` URLs only (`--listen-client-urls=https://127.0.0.1:2379,https://<node-ip>:2379`) ' +
    'with `--cert-file`, `--key-file` and `--client-cert-auth=true`.',
  references: [
    { framework: 'cis-k8s', control: '2.1' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    plaintext: '{etcd} serves clients over plain HTTP on {url} ({where}).',
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
        - --listen-client-urls=https://127.0.0.1:2379,http://0.0.0.0:2379
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
        - --listen-client-urls=https://10.0.0.10:2379,http://127.0.0.1:2379
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd) => {
      const s = etcd.get('listen-client-urls');
      if (typeof s.value !== 'string') return;
      for (const url of urlList(s.value)) {
        if (/^http:\/\//i.test(url) && !isLoopbackUrl(url)) {
          ctx.reportOn(s.obj, 'plaintext', { etcd: etcd.inst.label, url, where: s.where }, s.path);
        }
      }
    });
  },
});
