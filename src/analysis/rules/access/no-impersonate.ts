import { grantReports, matchGrants, probeResources, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

// Users, groups and UIDs are cluster-scoped: only a ClusterRoleBinding can grant impersonating them.
const PROBES: Probe[] = [
  { verb: 'impersonate', apiGroup: '', resource: 'users', clusterScoped: true },
  { verb: 'impersonate', apiGroup: '', resource: 'groups', clusterScoped: true },
  { verb: 'impersonate', apiGroup: 'authentication.k8s.io', resource: 'uids', clusterScoped: true },
  { verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts' },
];

export default defineRule({
  id: 'no-impersonate',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Permission to impersonate users, groups or ServiceAccounts',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that grant `impersonate` on ' +
    'users, groups, UIDs or ServiceAccounts, even when limited by `resourceNames`. The default `edit` and ' +
    '`admin` ClusterRoles include impersonating the ServiceAccounts of their namespace. Rules that grant ' +
    'everything are reported by no-cluster-admin-binding instead.',
  rationale:
    'Impersonation makes every request with another identity\'s permissions: impersonating any user or the ' +
    'group `system:masters` is cluster-admin, and impersonating a ServiceAccount is all that account may do, ' +
    'with the audit log naming the impersonated identity first.',
  remediation:
    'Remove `impersonate`, or limit it with `resourceNames` to the few identities a tool must act as. Prefer ' +
    'granting the permissions themselves over letting a subject borrow another identity.',
  references: [
    { framework: 'cis-k8s', control: '5.1.8' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1134 Access Token Manipulation' },
  ],
  messages: {
    impersonate: '{subjects} can impersonate {resources} {scope}{names}: {binding} grants {rule}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: impersonator
rules:
  - apiGroups: [""]
    resources: ["users", "groups"]
    verbs: ["impersonate"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: support-impersonation
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: impersonator
subjects:
  - kind: Group
    name: support
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: viewer
rules:
  - apiGroups: [""]
    resources: ["pods", "services"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: support-view
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: viewer
subjects:
  - kind: Group
    name: support
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true, namesLimited: 'include' });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'impersonate', { ...r.data, resources: probeResources(r.probes) }, r.path);
  },
});
