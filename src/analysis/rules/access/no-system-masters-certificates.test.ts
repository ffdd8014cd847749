import { afterAll, expect, it } from 'vitest';
import { TestCa } from '../../../../test/helpers/client-certs.js';
import { runRuleOnYaml, testRule } from '../../../../test/rule-tester.js';
import rule from './no-system-masters-certificates.js';

const ca = new TestCa();
afterAll(() => ca.cleanup());

const masters = ca.issue('/O=system:masters/CN=kubernetes-super-admin', 365);
const mastersShort = ca.issue('/O=dev/O=system:masters/CN=oncall', 1);
const admins = ca.issue('/O=kubeadm:cluster-admins/CN=kubernetes-admin', 365);
const lookalike = ca.issue('/O=system:masters-readonly/CN=auditor', 1);

const kubeconfig = (users: string): string => `apiVersion: v1
kind: Config
users:
${users}`;
const user = (name: string, data: string): string => `  - name: ${name}\n    user:\n      client-certificate-data: ${data}\n`;

testRule(rule, {
  valid: [
    { name: 'kubeadm:cluster-admins (revocable through its binding)', yaml: kubeconfig(user('admin', admins.certData)) },
    { name: 'a group that only starts like system:masters', yaml: kubeconfig(user('auditor', lookalike.certData)) },
  ],
  invalid: [
    {
      name: 'super-admin, and a short-lived one among other groups',
      yaml: kubeconfig(user('super-admin', masters.certData) + user('oncall', mastersShort.certData) + user('admin', admins.certData)),
      findings: [
        { messageId: 'masters', line: 6, column: 7, path: 'users[0].user.client-certificate-data' },
        { messageId: 'masters', line: 9, path: 'users[1].user.client-certificate-data' },
      ],
    },
  ],
});

it('names the user and the certificate\'s CN', () => {
  const run = runRuleOnYaml(rule, kubeconfig(user('super-admin', masters.certData)));
  expect(run.findings[0]!.message).toMatch(
    /^User "super-admin" has a client certificate for "kubernetes-super-admin" in group system:masters, valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC: unrestricted, bypasses RBAC and cannot be revoked\.$/,
  );
});
