import { expect, it } from 'vitest';
import { runRuleOnYaml, testRule } from '../../../../test/rule-tester.js';
import rule from './no-kubeconfig-exec-env-secrets.js';

const kubeconfig = (env: string): string => `apiVersion: v1
kind: Config
users:
  - name: ops
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: aws
        env:
${env}`;

testRule(rule, {
  valid: [
    { name: 'a profile name', yaml: kubeconfig('          - name: AWS_PROFILE\n            value: prod\n') },
    { name: 'an empty value', yaml: kubeconfig('          - name: VAULT_TOKEN\n            value: ""\n') },
  ],
  invalid: [
    {
      name: 'a cloud secret key and a token among harmless variables',
      yaml: kubeconfig('          - name: AWS_REGION\n            value: eu-west-1\n          - name: AWS_SECRET_ACCESS_KEY\n            value: wJalrXUtnFEMI\n          - name: vault_token\n            value: hvs.abc\n'),
      findings: [
        { messageId: 'env', line: 13, path: 'users[0].user.exec.env[1].value', data: { user: 'ops', command: 'aws', variable: 'AWS_SECRET_ACCESS_KEY' } },
        { messageId: 'env', line: 15, data: { user: 'ops', command: 'aws', variable: 'vault_token' } },
      ],
    },
  ],
});

it('never prints the value', () => {
  const run = runRuleOnYaml(rule, kubeconfig('          - name: CLIENT_SECRET\n            value: do-not-print-me\n'));
  expect(run.findings).toHaveLength(1);
  expect(run.findings[0]!.message).not.toContain('do-not-print-me');
});
