import { controlPlane, flagPath, forEachComponent, STRONG_CIPHER_SUITES } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-strong-cipher-suites',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'API server offers weak TLS cipher suites',
  description:
    'kube-apiserver should set `--tls-cipher-suites` to strong suites only: the TLS 1.3 suites and ECDHE with ' +
    'AES-GCM or ChaCha20-Poly1305. Unset, it offers Go\'s default list, which still has CBC-mode suites.',
  rationale:
    'CBC-mode, RSA-key-exchange, 3DES and RC4 suites have known weaknesses (padding oracles, no forward ' +
    'secrecy, short blocks); a downgrade to them weakens every connection that carries tokens and Secrets.',
  remediation:
    'Set `--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,' +
    'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,' +
    'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305` (or `--tls-min-version=VersionTLS13`).',
  references: [
    { framework: 'cis-k8s', control: '1.2.29' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    weak: '{apiserver} offers the weak cipher suite {suite}.',
    unset: '{apiserver} offers Go\'s default cipher suites, CBC-mode ones included: --tls-cipher-suites is not set.',
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
        - --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA
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
        - --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      // TLS 1.3 suites are not configurable in Go: with TLS 1.3 only, the list does not matter.
      if (inst.flags.string('tls-min-version')?.value === 'VersionTLS13') return;
      const suites = inst.flags.list('tls-cipher-suites');
      if (!suites || suites.items.length === 0) {
        ctx.reportOn(inst.obj, 'unset', { apiserver: inst.label }, flagPath(inst, 'tls-cipher-suites'));
        return;
      }
      for (const s of suites.items) {
        if (!STRONG_CIPHER_SUITES.has(s.value)) ctx.reportOn(inst.obj, 'weak', { apiserver: inst.label, suite: s.value }, s.occurrence.path);
      }
    });
  },
});
