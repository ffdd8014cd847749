import { controlPlane } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

const DAY = 24 * 60 * 60 * 1000;
/** kubeadm's own warning threshold for `kubeadm certs check-expiration` is a month or so; use 30 days. */
const SOON_DAYS = 30;

export default defineRule({
  id: 'apiserver-pki-certificate-expiry',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'Control-plane certificate expired or about to',
  description:
    `With \`--node\`: every certificate kubeward read on the node (the PKI under /etc/kubernetes/pki and the ` +
    `files the components and the kubelet name) must be valid for at least ${SOON_DAYS} more days.`,
  rationale:
    'An expired serving or client certificate stops the control plane (kubeadm leaf certificates last one ' +
    'year); the usual emergency fixes, skipping verification or reissuing by hand, weaken it.',
  remediation: 'Renew with `kubeadm certs renew all` (then restart the static Pods), or with your PKI; check with `kubeadm certs check-expiration`.',
  references: [
    { framework: 'nsa-cisa', control: 'Authentication and authorization: certificate-based authentication' },
    { framework: 'mitre', control: 'T1499 Endpoint Denial of Service' },
  ],
  messages: {
    expired: '{path}: certificate {subject} expired on {date}.',
    soon: '{path}: certificate {subject} expires on {date}, in {days} days.',
  },
  examples: {
    bad: `apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/pki/apiserver.crt
spec:
  path: /etc/kubernetes/pki/apiserver.crt
  type: file
  mode: "0644"
  certificates:
    - { subject: CN=kube-apiserver, issuer: CN=kubernetes, notBefore: "2020-01-01T00:00:00.000Z", notAfter: "2021-01-01T00:00:00.000Z", fingerprint256: "AA:BB", isCA: false }
`,
    good: `apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/pki/ca.crt
spec:
  path: /etc/kubernetes/pki/ca.crt
  type: file
  mode: "0644"
  certificates:
    - { subject: CN=kubernetes, issuer: CN=kubernetes, notBefore: "2024-01-01T00:00:00.000Z", notAfter: "2124-01-01T00:00:00.000Z", fingerprint256: "CC:DD", isCA: true }
`,
  },
  checkSet(_set, ctx) {
    const now = Date.now();
    for (const file of ctx.use(controlPlane).nodeFiles.values()) {
      for (const cert of file.spec.certificates ?? []) {
        const end = Date.parse(cert.notAfter);
        if (Number.isNaN(end)) continue;
        const data = { path: file.spec.path, subject: cert.subject, date: cert.notAfter.slice(0, 10) };
        if (end <= now) ctx.reportOn(file.obj, 'expired', data, ['spec', 'certificates']);
        else if (end - now < SOON_DAYS * DAY) ctx.reportOn(file.obj, 'soon', { ...data, days: Math.floor((end - now) / DAY) }, ['spec', 'certificates']);
      }
    }
  },
});
