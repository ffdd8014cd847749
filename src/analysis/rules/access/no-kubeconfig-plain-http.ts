import { clustersOf } from '../../analyzers/kubeconfig/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-kubeconfig-plain-http',
  area: 'access',
  severity: 'high',
  title: 'kubeconfig clusters reached over plain HTTP',
  kinds: ['Config'],
  description: 'Reports kubeconfig clusters whose `server` is an `http://` URL.',
  rationale:
    'Over plain HTTP every request, its credentials (tokens, passwords) and every answer (Secrets included) ' +
    'cross the network in clear text; an API server that answers on plain HTTP is usually the insecure ' +
    'port, which skips authentication and authorization altogether.',
  remediation: 'Point `server` at the API server\'s HTTPS endpoint and verify it with the cluster CA.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    http: 'Cluster "{cluster}" is reached over plain HTTP ({server}).',
  },
  examples: {
    bad: `apiVersion: v1
kind: Config
clusters:
  - name: lab
    cluster:
      server: http://10.0.0.10:8080
`,
    good: `apiVersion: v1
kind: Config
clusters:
  - name: lab
    cluster:
      server: https://10.0.0.10:6443
      certificate-authority: /etc/kubernetes/pki/ca.crt
`,
  },
  check(obj, ctx) {
    for (const c of clustersOf(obj)) {
      const server = c.value.server;
      if (typeof server === 'string' && /^http:\/\//i.test(server.trim())) ctx.report('http', { cluster: c.name, server: server.trim() }, [...c.path, 'server']);
    }
  },
});
