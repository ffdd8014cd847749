import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-kubeconfig-insecure-tls.js';

const kubeconfig = (cluster: string): string => `apiVersion: v1
kind: Config
clusters:
  - name: dev
    cluster:
${cluster}`;

testRule(rule, {
  valid: [
    { name: 'a CA', yaml: kubeconfig('      server: https://dev:6443\n      certificate-authority-data: LS0tLQ==\n') },
    { name: 'explicitly false', yaml: kubeconfig('      server: https://dev:6443\n      insecure-skip-tls-verify: false\n') },
    { name: 'not a kubeconfig (another apiVersion)', yaml: 'apiVersion: example.com/v1\nkind: Config\nclusters:\n  - name: x\n    cluster:\n      insecure-skip-tls-verify: true\n' },
  ],
  invalid: [
    {
      name: 'insecure-skip-tls-verify: true',
      yaml: kubeconfig('      server: https://dev:6443\n      insecure-skip-tls-verify: true\n'),
      findings: [{ messageId: 'insecure', line: 7, column: 7, path: 'clusters[0].cluster.insecure-skip-tls-verify', data: { cluster: 'dev', server: 'https://dev:6443' } }],
    },
  ],
});
