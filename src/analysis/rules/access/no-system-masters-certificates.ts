import { factsFromOptions, formatDate, usersOf, userCertificate } from '../../analyzers/kubeconfig/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-system-masters-certificates',
  area: 'access',
  severity: 'critical',
  title: 'Client certificates in the system:masters group',
  kinds: ['Config'],
  description:
    'Reports kubeconfig users whose client certificate names `O=system:masters`: the API server puts the ' +
    'user in that group, which is allowed everything before any authorizer is asked. kubeadm\'s ' +
    '`super-admin.conf` (and `admin.conf` before Kubernetes 1.29) is such a file.',
  rationale:
    'system:masters bypasses RBAC and admission webhooks cannot stop it, no binding can be removed to take ' +
    'it away, and the certificate cannot be revoked: a leaked copy is unrestricted control of the cluster ' +
    'until it expires, typically a year later.',
  remediation:
    'Use a certificate (or better, an SSO identity) in a group bound to cluster-admin through a ' +
    'ClusterRoleBinding, such as kubeadm\'s `kubeadm:cluster-admins`, so access can be withdrawn by ' +
    'deleting a binding; keep the system:masters kubeconfig offline for break-glass use.',
  references: [
    { framework: 'cis-k8s', control: '5.1.7' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1078 Valid Accounts' },
  ],
  messages: {
    masters: 'User "{user}" has a client certificate for {commonName} in group system:masters, valid until {notAfter}: unrestricted, bypasses RBAC and cannot be revoked.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Config
clusters:
  - name: kubernetes
    cluster:
      server: https://10.0.0.10:6443
users:
  - name: kubernetes-super-admin
    user:
      client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ2VENDQVdPZ0F3SUJBZ0lVUFNDdEhnei83WldKYWh6bnhYYVFYczE4WERvd0NnWUlLb1pJemowRUF3SXcKTkRFWE1CVUdBMVVFQ2d3T2MzbHpkR1Z0T20xaGMzUmxjbk14R1RBWEJnTlZCQU1NRUd0MVltVnlibVYwWlhNdApZV1J0YVc0d0hoY05Nall4TVRJM01EY3dNVEV4V2hjTk16WXhNVEkwTURjd01URXhXakEwTVJjd0ZRWURWUVFLCkRBNXplWE4wWlcwNmJXRnpkR1Z5Y3pFWk1CY0dBMVVFQXd3UWEzVmlaWEp1WlhSbGN5MWhaRzFwYmpCWk1CTUcKQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQTBJQUJGTmhTTXFhSnBIVDBLSTJxWGRrMS9yV3RBTmZFM0l1MGh1YwpkdElZM0pMbDRUV2l6cVJPS25Day9UTFlQazJ4aUpHWU4vVjQzUDF2Tm12WVhUS09vcnVqVXpCUk1CMEdBMVVkCkRnUVdCQlFyU3JlU0k2VGV1ZUxFZTdzb1pZQ0p2UHJncFRBZkJnTlZIU01FR0RBV2dCUXJTcmVTSTZUZXVlTEUKZTdzb1pZQ0p2UHJncFRBUEJnTlZIUk1CQWY4RUJUQURBUUgvTUFvR0NDcUdTTTQ5QkFNQ0EwZ0FNRVVDSUROcQpRMitrdnBWeTUyZCt4Z2lDK2VUdUZYdDc3aUFsdTQ0SHNDcVcvZ1BTQWlFQXZQYTRlNk1sNm8rV0FtV09CNWllCmFlTTNTZmc5eUNjenZlT2NURTUwWnZJPQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==
      client-key: /etc/kubernetes/pki/super-admin.key
contexts:
  - name: kubernetes-super-admin@kubernetes
    context:
      cluster: kubernetes
      user: kubernetes-super-admin
current-context: kubernetes-super-admin@kubernetes
`,
    good: `apiVersion: v1
kind: Config
clusters:
  - name: kubernetes
    cluster:
      server: https://10.0.0.10:6443
users:
  - name: kubernetes-admin
    user:
      client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJuVENDQVVPZ0F3SUJBZ0lVVmlyQUk2QU5xc1ZGeldQYytldHNqeWNZeWU4d0NnWUlLb1pJemowRUF3SXcKSkRFVE1CRUdBMVVFQ2d3S1pHVjJaV3h2Y0dWeWN6RU5NQXNHQTFVRUF3d0VhbUZ1WlRBZUZ3MHlOakV4TWpjdwpOekF4TVRGYUZ3MHpOakV4TWpRd056QXhNVEZhTUNReEV6QVJCZ05WQkFvTUNtUmxkbVZzYjNCbGNuTXhEVEFMCkJnTlZCQU1NQkdwaGJtVXdXVEFUQmdjcWhrak9QUUlCQmdncWhrak9QUU1CQndOQ0FBU2tkTmI2aUJTUVZYb2gKTUNVbFI3MVhmdUpaVG5McXBPNWJQWHYrN1RLemtpTEMySkcrczVkRGVYZXBRTUY4dkt3SFhMbC8vcXo2TkQwZwo1SkpOcWUrWW8xTXdVVEFkQmdOVkhRNEVGZ1FVaDRUMHZtaFhCbzNOdjQ0WXFFZ3FiSkxUV1FBd0h3WURWUjBqCkJCZ3dGb0FVaDRUMHZtaFhCbzNOdjQ0WXFFZ3FiSkxUV1FBd0R3WURWUjBUQVFIL0JBVXdBd0VCL3pBS0JnZ3EKaGtqT1BRUURBZ05JQURCRkFpRUF2N3ZDNWNGUDVTOEtQYjh6ODlNY0tCUUQ1QVlRVWRjdUdzWVhRS3FtaWdBQwpJQ29WdkVFWHN3Sks0Y1ppQWlqT1p0ek9aUDJnZTcxUFRMK2F2a01HeUxKUAotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==
      client-key: /etc/kubernetes/pki/admin.key
contexts:
  - name: kubernetes-admin@kubernetes
    context:
      cluster: kubernetes
      user: kubernetes-admin
current-context: kubernetes-admin@kubernetes
`,
  },
  check(obj, ctx) {
    const facts = factsFromOptions(ctx.options);
    for (const user of usersOf(obj)) {
      const cert = userCertificate(obj, user, facts);
      if (!cert?.info || !cert.info.organizations.includes('system:masters')) continue;
      ctx.report('masters', { user: user.name, commonName: cert.info.commonName !== undefined ? `"${cert.info.commonName}"` : 'a subject without CN', notAfter: formatDate(cert.info.notAfter) }, cert.path);
    }
  },
});
