import { grantReports, matchGrants, rbac, ruleAllows, type Probe, type RbacRole } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const CERTS = 'certificates.k8s.io';

const PROBES: Probe[] = ['update', 'patch'].map((verb) => ({ verb, apiGroup: CERTS, resource: 'certificatesigningrequests', subresource: 'approval', clusterScoped: true }));

/** Signer names a role may `approve` for; `*` when any. Approval also needs this. */
function approvableSigners(role: RbacRole): string[] {
  const out = new Set<string>();
  for (const { rule } of role.rules) {
    const req = { verb: 'approve', apiGroup: CERTS, resource: 'signers', subresource: '', name: '', namespace: '' };
    if (ruleAllows(rule, req)) out.add('*');
    else if (rule.resourceNames.length > 0 && ruleAllows({ ...rule, resourceNames: [] }, req)) for (const n of rule.resourceNames) out.add(n);
  }
  return out.has('*') ? ['*'] : [...out].sort();
}

function canCreateCsrs(role: RbacRole): boolean {
  return role.rules.some(({ rule }) => ruleAllows(rule, { verb: 'create', apiGroup: CERTS, resource: 'certificatesigningrequests', subresource: '', name: '', namespace: '' }));
}

export default defineRule({
  id: 'no-csr-approval-access',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Permission to approve certificate signing requests',
  description:
    'Reports ClusterRoleBindings (other than the ones Kubernetes and kubeadm create) that grant `update` or ' +
    '`patch` on `certificatesigningrequests/approval`. The message says whether the same role also grants ' +
    '`approve` on `signers` (which approval needs too) and `create` on CertificateSigningRequests: with ' +
    'all three a subject issues itself certificates. Rules that grant everything are reported by ' +
    'no-cluster-admin-binding instead.',
  rationale:
    'A client certificate from the `kubernetes.io/kube-apiserver-client` signer authenticates as whatever ' +
    'user and groups it names, `system:masters` included, and cannot be revoked before it expires: approving ' +
    'CSRs is minting identities.',
  remediation:
    'Leave CSR approval to the controller manager\'s approvers; if a tool must approve, limit `approve` on ' +
    '`signers` with `resourceNames` to the signer it serves (never `kubernetes.io/kube-apiserver-client`).',
  references: [
    { framework: 'cis-k8s', control: '5.1.11' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1649 Steal or Forge Authentication Certificates' },
  ],
  messages: {
    approve: '{subjects} can update certificatesigningrequests/approval: {binding} grants {rule}.{more}',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: csr-approver
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests"]
    verbs: ["get", "list", "create"]
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests/approval"]
    verbs: ["update"]
  - apiGroups: ["certificates.k8s.io"]
    resources: ["signers"]
    verbs: ["approve"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: csr-approver
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: csr-approver
subjects:
  - kind: ServiceAccount
    name: approver
    namespace: tools
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: csr-viewer
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: csr-viewer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: csr-viewer
subjects:
  - kind: ServiceAccount
    name: approver
    namespace: tools
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true });
    for (const r of grantReports(matches, 'verbs')) {
      const role = r.matches[0]!.role;
      const signers = approvableSigners(role);
      const create = canCreateCsrs(role);
      let more = '';
      if (signers.length > 0) {
        const which = signers[0] === '*' ? 'any signer' : `signers ${signers.map((s) => `"${s}"`).join(', ')}`;
        more = create
          ? ` The role also approves for ${which} and creates CSRs: the subjects can issue themselves client certificates.`
          : ` The role also approves for ${which}.`;
      }
      ctx.reportOn(r.object, 'approve', { ...r.data, more }, r.path);
    }
  },
});
