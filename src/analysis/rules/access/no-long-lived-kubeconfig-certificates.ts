import { factsFromOptions, formatDate, formatHours, usersOf, userCertificate } from '../../analyzers/kubeconfig/index.js';
import { defineRule } from '../../define-rule.js';

const DEFAULT_MAX_HOURS = 24;

export default defineRule({
  id: 'no-long-lived-kubeconfig-certificates',
  area: 'access',
  severity: 'medium',
  title: 'Long-lived client certificates in kubeconfigs',
  kinds: ['Config'],
  description:
    'Reports kubeconfig users whose client certificate (`client-certificate-data`, or the file ' +
    '`client-certificate` names when `kubeward kubeconfig` reads it) is valid for more than 24 hours ' +
    '(option `maxValidityHours`), has expired, or cannot be read. Only the certificate\'s subject and ' +
    'dates are used; keys are never read.',
  rationale:
    'Kubernetes cannot revoke a client certificate: a copied kubeconfig works until the certificate ' +
    'expires, and kubeadm issues them for a year. Short-lived certificates, or tokens from single sign-on ' +
    'through an exec plugin, limit a leak to hours.',
  remediation:
    'Log in through an OIDC or cloud exec plugin (kubelogin, aws eks get-token, gke-gcloud-auth-plugin), or ' +
    'issue certificates valid for hours (a CertificateSigningRequest with `expirationSeconds`); keep ' +
    'long-lived admin credentials offline for break-glass use.',
  references: [
    { framework: 'cis-k8s', control: '3.1.1' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: strong, short-lived credentials' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
  ],
  messages: {
    longLived: 'User "{user}" has a client certificate ({subject}) valid for {validity}, until {notAfter}: it cannot be revoked before then.',
    expired: 'User "{user}" has a client certificate ({subject}) that expired at {notAfter}.',
    unreadable: 'User "{user}": {error}.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://prod.example.com:6443
users:
  - name: jane
    user:
      client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJuVENDQVVPZ0F3SUJBZ0lVVmlyQUk2QU5xc1ZGeldQYytldHNqeWNZeWU4d0NnWUlLb1pJemowRUF3SXcKSkRFVE1CRUdBMVVFQ2d3S1pHVjJaV3h2Y0dWeWN6RU5NQXNHQTFVRUF3d0VhbUZ1WlRBZUZ3MHlOakV4TWpjdwpOekF4TVRGYUZ3MHpOakV4TWpRd056QXhNVEZhTUNReEV6QVJCZ05WQkFvTUNtUmxkbVZzYjNCbGNuTXhEVEFMCkJnTlZCQU1NQkdwaGJtVXdXVEFUQmdjcWhrak9QUUlCQmdncWhrak9QUU1CQndOQ0FBU2tkTmI2aUJTUVZYb2gKTUNVbFI3MVhmdUpaVG5McXBPNWJQWHYrN1RLemtpTEMySkcrczVkRGVYZXBRTUY4dkt3SFhMbC8vcXo2TkQwZwo1SkpOcWUrWW8xTXdVVEFkQmdOVkhRNEVGZ1FVaDRUMHZtaFhCbzNOdjQ0WXFFZ3FiSkxUV1FBd0h3WURWUjBqCkJCZ3dGb0FVaDRUMHZtaFhCbzNOdjQ0WXFFZ3FiSkxUV1FBd0R3WURWUjBUQVFIL0JBVXdBd0VCL3pBS0JnZ3EKaGtqT1BRUURBZ05JQURCRkFpRUF2N3ZDNWNGUDVTOEtQYjh6ODlNY0tCUUQ1QVlRVWRjdUdzWVhRS3FtaWdBQwpJQ29WdkVFWHN3Sks0Y1ppQWlqT1p0ek9aUDJnZTcxUFRMK2F2a01HeUxKUAotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==
      client-key: /home/jane/.kube/jane.key
contexts:
  - name: prod
    context:
      cluster: prod
      user: jane
current-context: prod
`,
    good: `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://prod.example.com:6443
users:
  - name: jane
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: kubectl
        args: ["oidc-login", "get-token", "--oidc-issuer-url=https://sso.example.com", "--oidc-client-id=kubernetes"]
        interactiveMode: IfAvailable
contexts:
  - name: prod
    context:
      cluster: prod
      user: jane
current-context: prod
`,
  },
  check(obj, ctx) {
    const facts = factsFromOptions(ctx.options);
    const max = typeof ctx.options.maxValidityHours === 'number' ? ctx.options.maxValidityHours : DEFAULT_MAX_HOURS;
    for (const user of usersOf(obj)) {
      const cert = userCertificate(obj, user, facts);
      if (!cert) continue;
      if (!cert.info) {
        ctx.report('unreadable', { user: user.name, error: cert.error ?? 'unreadable certificate' }, cert.path);
        continue;
      }
      const data = { user: user.name, subject: cert.info.subject.replace(/\n/g, ', '), notAfter: formatDate(cert.info.notAfter) };
      if (cert.info.notAfter.getTime() <= facts.now.getTime()) ctx.report('expired', data, cert.path);
      else if (cert.info.validityHours > max) ctx.report('longLived', { ...data, validity: formatHours(cert.info.validityHours) }, cert.path);
    }
  },
});
