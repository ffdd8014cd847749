import { isRecord } from '../../../model/index.js';
import { usersOf } from '../../analyzers/kubeconfig/index.js';
import { defineRule } from '../../define-rule.js';

/** Variable names that carry credentials (AWS_SECRET_ACCESS_KEY, VAULT_TOKEN, CLIENT_SECRET...). */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY)/i;

export default defineRule({
  id: 'no-kubeconfig-exec-env-secrets',
  area: 'access',
  severity: 'medium',
  title: 'Secrets in the environment of kubeconfig exec plugins',
  kinds: ['Config'],
  description:
    'Reports `exec` credential plugins whose `env` sets a variable with a credential-like name (`TOKEN`, ' +
    '`SECRET`, `PASSWORD`, `CREDENTIAL`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`...) to a literal value in ' +
    'the kubeconfig. Values are never printed.',
  rationale:
    'An exec plugin exists to keep long-lived secrets out of the kubeconfig; a cloud access key or client ' +
    'secret written into its `env` puts them back, in a file that is copied around far more than the ' +
    'credential store the plugin would read.',
  remediation:
    'Let the plugin read its credentials from its own store (the cloud CLI profile, the OS keychain, an ' +
    'OIDC browser login) and keep only non-secret settings such as a profile name in `env`.',
  references: [
    { framework: 'nsa-cisa', control: 'Authentication and authorization: strong, short-lived credentials' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
  ],
  messages: {
    env: 'The exec plugin of user "{user}" ({command}) gets {variable} as a literal value from the file.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Config
users:
  - name: eks-admin
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: aws
        args: ["eks", "get-token", "--cluster-name", "prod"]
        env:
          - name: AWS_ACCESS_KEY_ID
            value: AKIAEXAMPLEEXAMPLE00
          - name: AWS_SECRET_ACCESS_KEY
            value: example-not-a-real-secret
        interactiveMode: Never
`,
    good: `apiVersion: v1
kind: Config
users:
  - name: eks-admin
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: aws
        args: ["eks", "get-token", "--cluster-name", "prod"]
        env:
          - name: AWS_PROFILE
            value: prod-admin
        interactiveMode: Never
`,
  },
  check(obj, ctx) {
    for (const u of usersOf(obj)) {
      const exec = u.value.exec;
      if (!isRecord(exec) || !Array.isArray(exec.env)) continue;
      const command = typeof exec.command === 'string' ? exec.command : 'no command';
      exec.env.forEach((e, i) => {
        if (!isRecord(e) || typeof e.name !== 'string' || typeof e.value !== 'string' || e.value === '') return;
        if (SECRET_NAME.test(e.name)) ctx.report('env', { user: u.name, command, variable: e.name }, [...u.path, 'exec', 'env', i, 'value']);
      });
    }
  },
});
