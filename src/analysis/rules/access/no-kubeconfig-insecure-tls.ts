import { clustersOf } from '../../analyzers/kubeconfig/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-kubeconfig-insecure-tls',
  area: 'access',
  severity: 'high',
  title: 'kubeconfig clusters that skip TLS verification',
  kinds: ['Config'],
  description: 'Reports kubeconfig clusters with `insecure-skip-tls-verify: true`: the client accepts any certificate from the server.',
  rationale:
    'Without verifying the server, anyone on the network path can pose as the API server and collect the ' +
    'bearer tokens and passwords the client sends, or feed it forged answers.',
  remediation:
    'Remove `insecure-skip-tls-verify` and set `certificate-authority-data` (or `certificate-authority`) to ' +
    'the cluster CA; set `tls-server-name` when connecting through an address the certificate does not name.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    insecure: 'Cluster "{cluster}" ({server}) skips TLS verification: any server certificate is accepted.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Config
clusters:
  - name: dev
    cluster:
      server: https://dev.example.com:6443
      insecure-skip-tls-verify: true
`,
    good: `apiVersion: v1
kind: Config
clusters:
  - name: dev
    cluster:
      server: https://dev.example.com:6443
      certificate-authority: /etc/kubernetes/pki/ca.crt
`,
  },
  check(obj, ctx) {
    for (const c of clustersOf(obj)) {
      if (c.value['insecure-skip-tls-verify'] !== true) continue;
      const server = typeof c.value.server === 'string' ? c.value.server : 'no server';
      ctx.report('insecure', { cluster: c.name, server }, [...c.path, 'insecure-skip-tls-verify']);
    }
  },
});
