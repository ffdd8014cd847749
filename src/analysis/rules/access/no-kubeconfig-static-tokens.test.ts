import { expect, it } from 'vitest';
import { runRuleOnYaml, testRule } from '../../../../test/rule-tester.js';
import rule from './no-kubeconfig-static-tokens.js';

/** An unsigned JWT with these claims (the rule never checks signatures). */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part(claims)}.${Buffer.from('signature-bytes').toString('base64url')}`;
}

const NOW = '2030-01-01T00:00:00Z';
const at = (iso: string): number => Date.parse(iso) / 1000;

const legacy = jwt({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:ci:deployer' });
const bound1h = jwt({ iss: 'https://kubernetes.default.svc', sub: 'system:serviceaccount:ci:deployer', iat: at('2029-12-31T23:30:00Z'), exp: at('2030-01-01T00:30:00Z') });
const bound1y = jwt({ iss: 'https://kubernetes.default.svc', sub: 'system:serviceaccount:ci:deployer', iat: at('2029-06-01T00:00:00Z'), exp: at('2030-06-01T00:00:00Z') });
const expired = jwt({ iss: 'https://issuer', sub: 'jane', iat: at('2029-01-01T00:00:00Z'), exp: at('2029-01-01T01:00:00Z') });
const noExp = jwt({ iss: 'https://issuer', sub: 'robot' });

const kubeconfig = (user: string): string => `apiVersion: v1
kind: Config
users:
  - name: u
    user:
${user}`;

testRule(rule, {
  valid: [
    { name: 'a JWT that expires within the hour', yaml: kubeconfig(`      token: ${bound1h}\n`), options: { now: NOW } },
    { name: 'an exec plugin', yaml: kubeconfig('      exec:\n        apiVersion: client.authentication.k8s.io/v1\n        command: gke-gcloud-auth-plugin\n') },
    { name: 'a year-long JWT under a raised maxLifetimeHours', yaml: kubeconfig(`      token: ${bound1y}\n`), options: { now: NOW, maxLifetimeHours: 24 * 400 } },
  ],
  invalid: [
    {
      name: 'a ServiceAccount token Secret\'s token never expires',
      yaml: kubeconfig(`      token: ${legacy}\n`),
      options: { now: NOW },
      findings: [{ messageId: 'legacy', line: 6, column: 7, path: 'users[0].user.token', data: { user: 'u', subject: ' for system:serviceaccount:ci:deployer' } }],
    },
    {
      name: 'a bound token valid for a year',
      yaml: kubeconfig(`      token: ${bound1y}\n`),
      options: { now: NOW },
      findings: [{ messageId: 'longLived', line: 6, data: { user: 'u', subject: ' for system:serviceaccount:ci:deployer', lifetime: '365 days', expires: '2030-06-01 00:00 UTC' } }],
    },
    { name: 'expired', yaml: kubeconfig(`      token: ${expired}\n`), options: { now: NOW }, findings: [{ messageId: 'expired', line: 6, data: { user: 'u', subject: ' for jane', expires: '2029-01-01 01:00 UTC' } }] },
    { name: 'a JWT without exp', yaml: kubeconfig(`      token: ${noExp}\n`), findings: [{ messageId: 'noExpiry', line: 6, data: { user: 'u', subject: ' for robot' } }] },
    { name: 'an opaque static token', yaml: kubeconfig('      token: 8f14e45fceea167a5a36dedd4bea2543\n'), findings: [{ messageId: 'opaque', line: 6, data: { user: 'u' } }] },
    { name: 'a kubeadm bootstrap token', yaml: kubeconfig('      token: abcdef.0123456789abcdef\n'), findings: [{ messageId: 'bootstrap', line: 6 }] },
    { name: 'a token file', yaml: kubeconfig('      tokenFile: /var/run/secrets/token\n'), findings: [{ messageId: 'tokenFile', line: 6, data: { user: 'u', file: '/var/run/secrets/token' } }] },
    {
      name: 'the removed oidc auth-provider with its refresh token',
      yaml: kubeconfig('      auth-provider:\n        name: oidc\n        config:\n          client-id: kubernetes\n          client-secret: s3cr3t\n          refresh-token: r3fr3sh\n'),
      findings: [{ messageId: 'authProvider', line: 11, path: 'users[0].user.auth-provider.config.refresh-token', data: { user: 'u', fields: 'refresh-token, client-secret', provider: 'oidc' } }],
    },
  ],
});

it('never prints the token', () => {
  for (const token of [legacy, bound1y, noExp, '8f14e45fceea167a5a36dedd4bea2543']) {
    const run = runRuleOnYaml(rule, kubeconfig(`      token: ${token}\n`), { now: NOW });
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).not.toContain(token.slice(0, 12));
    expect(run.findings[0]!.message).not.toContain(token.slice(-12));
  }
});
