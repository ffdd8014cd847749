import { grantReports, matchGrants, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const PROBES: Probe[] = [{ verb: 'create', apiGroup: '', resource: 'serviceaccounts', subresource: 'token' }];

export default defineRule({
  id: 'no-token-create-access',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Permission to create ServiceAccount tokens',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that grant `create` on ' +
    '`serviceaccounts/token` for every ServiceAccount of a namespace (or of the cluster). A rule limited ' +
    'by `resourceNames` to the accounts a component must mint tokens for is not reported. The default ' +
    '`edit` and `admin` ClusterRoles include it for their namespace. Rules that grant everything are ' +
    'reported by no-cluster-admin-binding instead.',
  rationale:
    'The TokenRequest API issues a token for any ServiceAccount in reach, with a lifetime the caller ' +
    'chooses: that is acting as every one of those accounts, from anywhere, for as long as the token lives.',
  remediation:
    'Remove `create` on `serviceaccounts/token`, or limit it with `resourceNames` to the specific ' +
    'ServiceAccounts involved; let pods get their tokens through projected volumes instead.',
  references: [
    { framework: 'cis-k8s', control: '5.1.13' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1528 Steal Application Access Token' },
  ],
  messages: {
    token: '{subjects} can create tokens for any ServiceAccount {scope}: {binding} grants {rule}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: token-issuer
rules:
  - apiGroups: [""]
    resources: ["serviceaccounts/token"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: vault-token-issuer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: token-issuer
subjects:
  - kind: ServiceAccount
    name: vault
    namespace: vault
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: token-issuer
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["serviceaccounts/token"]
    resourceNames: ["backend"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: vault-token-issuer
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: token-issuer
subjects:
  - kind: ServiceAccount
    name: vault
    namespace: vault
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'token', r.data, r.path);
  },
});
