import { afterAll, expect, it } from 'vitest';
import { TestCa } from '../../../../test/helpers/client-certs.js';
import { runRuleOnYaml, testRule } from '../../../../test/rule-tester.js';
import rule from './no-long-lived-kubeconfig-certificates.js';

const ca = new TestCa();
afterAll(() => ca.cleanup());

const oneDay = ca.issue('/O=developers/CN=jane', 1);
const month = ca.issue('/O=developers/CN=jane', 30);
const masters = ca.issue('/O=system:masters/CN=kubernetes-admin', 365);

/** A kubeconfig with one user (lines 6-9) whose `user` map is `fields` (6-space indent). */
const kubeconfig = (fields: string): string => `apiVersion: v1
kind: Config
clusters:
  - name: c
    cluster: {server: "https://k.example.com:6443"}
users:
  - name: jane
    user:
${fields}`;

testRule(rule, {
  valid: [
    { name: 'a certificate valid for exactly 24 hours', yaml: kubeconfig(`      client-certificate-data: ${oneDay.certData}\n      client-key-data: ${oneDay.keyData}\n`) },
    { name: 'within a raised maxValidityHours', yaml: kubeconfig(`      client-certificate-data: ${month.certData}\n`), options: { maxValidityHours: 24 * 31 } },
    { name: 'no certificate (an exec plugin)', yaml: kubeconfig('      exec:\n        apiVersion: client.authentication.k8s.io/v1\n        command: kubelogin\n') },
    { name: 'a referenced certificate file kubeward did not read (scan)', yaml: kubeconfig('      client-certificate: /home/jane/jane.crt\n') },
  ],
  invalid: [
    {
      name: 'a 30-day certificate',
      yaml: kubeconfig(`      client-certificate-data: ${month.certData}\n      client-key-data: ${month.keyData}\n`),
      findings: [{ messageId: 'longLived', line: 9, column: 7, path: 'users[0].user.client-certificate-data' }],
    },
    {
      name: 'a system:masters certificate for a year',
      yaml: kubeconfig(`      client-certificate-data: ${masters.certData}\n`),
      findings: [{ messageId: 'longLived', line: 9 }],
    },
    {
      name: 'expired (judged in 2100)',
      yaml: kubeconfig(`      client-certificate-data: ${oneDay.certData}\n`),
      options: { now: '2100-01-01T00:00:00Z' },
      findings: [{ messageId: 'expired', line: 9 }],
    },
    {
      name: 'not a certificate',
      yaml: kubeconfig('      client-certificate-data: bm90IGEgY2VydGlmaWNhdGU=\n'),
      findings: [{ messageId: 'unreadable', line: 9, data: { user: 'jane', error: 'client-certificate-data: not a PEM or DER X.509 certificate' } }],
    },
    {
      name: 'a referenced certificate file that kubeward kubeconfig read',
      yaml: kubeconfig('      client-certificate: certs/jane.crt\n'),
      options: { kubeconfigFacts: { referenced: { 'no-long-lived-kubeconfig-certificates.yaml\u0000certs/jane.crt': { mode: 0o644, certificate: month.certPem } } } },
      findings: [{ messageId: 'longLived', line: 9, path: 'users[0].user.client-certificate' }],
    },
  ],
});

it('says how long and until when, with the subject and without key material', () => {
  const run = runRuleOnYaml(rule, kubeconfig(`      client-certificate-data: ${month.certData}\n      client-key-data: ${month.keyData}\n`));
  const message = run.findings[0]!.message;
  const until = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString().slice(0, 10);
  expect(message).toMatch(/^User "jane" has a client certificate \(O=developers, CN=jane\) valid for 30 days, until \d{4}-\d\d-\d\d \d\d:\d\d UTC: it cannot be revoked before then\.$/);
  // openssl starts the validity now, so the end date is 30 days from now (give or take a minute).
  expect([until, new Date(Date.now() + 30 * 24 * 3_600_000 - 120_000).toISOString().slice(0, 10)]).toContain(message.match(/until (\d{4}-\d\d-\d\d)/)![1]);
  for (const secret of [month.keyData, month.certData]) expect(message).not.toContain(secret.slice(20, 60));
});
