import { usersOf } from '../../analyzers/kubeconfig/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-kubeconfig-basic-auth',
  area: 'access',
  severity: 'high',
  title: 'Passwords in kubeconfigs',
  kinds: ['Config'],
  description:
    'Reports kubeconfig users with a `password` (HTTP basic authentication). The API server dropped basic ' +
    'authentication in Kubernetes 1.19, so such a password is either for a proxy in front of it or left ' +
    'over, and sits in the file in clear text. The password is never printed.',
  rationale:
    'A password stored in a kubeconfig is readable by anyone who gets the file, usually reused elsewhere, ' +
    'and never expires by itself.',
  remediation:
    'Remove `username` and `password`; authenticate through single sign-on (an OIDC exec plugin) or ' +
    'short-lived certificates.',
  references: [
    { framework: 'nsa-cisa', control: 'Authentication and authorization: strong, short-lived credentials' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
  ],
  messages: {
    password: 'User "{user}" stores a password{username} in the file.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Config
clusters:
  - name: legacy
    cluster:
      server: https://legacy.example.com
users:
  - name: admin
    user:
      username: admin
      password: correct-horse-battery-staple
`,
    good: `apiVersion: v1
kind: Config
clusters:
  - name: legacy
    cluster:
      server: https://legacy.example.com
users:
  - name: admin
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: kubelogin
        args: ["get-token"]
        interactiveMode: IfAvailable
`,
  },
  check(obj, ctx) {
    for (const u of usersOf(obj)) {
      const password = u.value.password;
      if (typeof password !== 'string' || password === '') continue;
      const username = typeof u.value.username === 'string' && u.value.username !== '' ? ` for "${u.value.username}"` : '';
      ctx.report('password', { user: u.name, username }, [...u.path, 'password']);
    }
  },
});
