import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-kubeconfig-basic-auth.js';

const kubeconfig = (user: string): string => `apiVersion: v1
kind: Config
users:
  - name: legacy
    user:
${user}`;

testRule(rule, {
  valid: [
    { name: 'a username alone is not a credential', yaml: kubeconfig('      username: admin\n      token: x\n') },
    { name: 'an empty password', yaml: kubeconfig('      username: admin\n      password: ""\n') },
  ],
  invalid: [
    {
      name: 'username and password',
      yaml: kubeconfig('      username: admin\n      password: hunter2\n'),
      findings: [{ messageId: 'password', line: 7, column: 7, path: 'users[0].user.password', data: { user: 'legacy', username: ' for "admin"' } }],
    },
    { name: 'a password without a username', yaml: kubeconfig('      password: hunter2\n'), findings: [{ messageId: 'password', line: 6, data: { user: 'legacy', username: '' } }] },
  ],
});
