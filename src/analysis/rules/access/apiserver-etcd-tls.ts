import { controlPlane, flagPath, forEachComponent, isLoopbackUrl, missingFlags, urlList } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-etcd-tls',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'API server talks to etcd without TLS client authentication',
  description:
    'kube-apiserver must reach etcd over `https://` (`--etcd-servers`), verify it with `--etcd-cafile`, and ' +
    'authenticate with `--etcd-certfile` and `--etcd-keyfile`. Plain `http://` on loopback is reported too: it ' +
    'means etcd accepts anyone on the node.',
  rationale:
    'Everything the API server stores, Secrets included, crosses this connection. Without TLS it can be read or ' +
    'altered on the way; without a client certificate etcd cannot require one from anybody else either.',
  remediation:
    'Set `--etcd-servers=https://...`, `--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt`, ' +
    '`--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt` and `--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.23' },
    { framework: 'cis-k8s', control: '1.2.26' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    missing: '{apiserver} does not authenticate to etcd or verify it: {missing} not set.',
    plaintext: '{apiserver} talks to etcd over plain HTTP at {url}{where}.',
  },
  examples: {
    bad: `apiVersion: v1
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
        - --etcd-servers=http://10.0.0.10:2379
`,
    good: `apiVersion: v1
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
        - --etcd-servers=https://127.0.0.1:2379
        - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
        - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
        - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const missing = missingFlags(inst, ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile']);
      if (missing.length > 0) {
        ctx.reportOn(inst.obj, 'missing', { apiserver: inst.label, missing: missing.map((f) => `--${f}`).join(', ') }, flagPath(inst, missing[0]!));
      }
      // --etcd-servers is a string slice; --etcd-servers-overrides point resources at other etcds.
      for (const item of inst.flags.list('etcd-servers')?.items ?? []) {
        for (const url of urlList(item.value)) {
          if (/^http:\/\//i.test(url)) {
            ctx.reportOn(inst.obj, 'plaintext', { apiserver: inst.label, url, where: isLoopbackUrl(url) ? ' (loopback)' : '' }, item.occurrence.path);
          }
        }
      }
      for (const item of inst.flags.list('etcd-servers-overrides')?.items ?? []) {
        for (const url of item.value.split('#').slice(1).flatMap((s) => s.split(';'))) {
          if (/^http:\/\//i.test(url)) ctx.reportOn(inst.obj, 'plaintext', { apiserver: inst.label, url, where: ' (--etcd-servers-overrides)' }, item.occurrence.path);
        }
      }
    });
  },
});
