import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-kubeconfig-plain-http.js';

const kubeconfig = (server: string): string => `apiVersion: v1
kind: Config
clusters:
  - name: lab
    cluster:
      server: ${server}
`;

testRule(rule, {
  valid: [kubeconfig('https://10.0.0.1:6443'), kubeconfig('"https://api.example.com"')],
  invalid: [
    { name: 'http', yaml: kubeconfig('http://10.0.0.1:8080'), findings: [{ messageId: 'http', line: 6, column: 7, data: { cluster: 'lab', server: 'http://10.0.0.1:8080' } }] },
    { name: 'HTTP in capitals', yaml: kubeconfig('HTTP://lab'), findings: [{ messageId: 'http', line: 6 }] },
  ],
});
