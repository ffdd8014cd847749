import { grantReports, matchGrants, probeRequests, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const RBAC = 'rbac.authorization.k8s.io';

// The API server checks `bind` with the binding's own namespace, so a RoleBinding can grant
// `bind` on ClusterRoles there; `escalate` on a ClusterRole is checked cluster-wide.
const PROBES: Probe[] = [
  { verb: 'escalate', apiGroup: RBAC, resource: 'roles' },
  { verb: 'escalate', apiGroup: RBAC, resource: 'clusterroles', clusterScoped: true },
  { verb: 'bind', apiGroup: RBAC, resource: 'roles' },
  { verb: 'bind', apiGroup: RBAC, resource: 'clusterroles' },
];

export default defineRule({
  id: 'no-escalate-or-bind',
  area: 'access',
  severity: 'critical',
  uses: [rbac],
  title: 'Permission to escalate or bind roles',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that grant the `escalate` or ' +
    '`bind` verb on Roles or ClusterRoles, even when limited by `resourceNames`. These verbs switch off the ' +
    'API server\'s privilege-escalation check: `escalate` lets a subject write roles with permissions it ' +
    'does not hold, `bind` lets it bind roles it does not hold. Rules that grant everything are reported ' +
    'by no-cluster-admin-binding instead.',
  rationale:
    'With `escalate` on a role it is bound to, or `bind` on `cluster-admin`, a subject raises itself to any ' +
    'permission, up to cluster-admin for ClusterRoles: RBAC stops limiting it.',
  remediation:
    'Remove `escalate` and `bind` from the role. Let people who manage RBAC do it through a reviewed ' +
    'pipeline, or grant `bind` only on the specific, low-privilege roles they hand out (`resourceNames`).',
  references: [
    { framework: 'cis-k8s', control: '5.1.8' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1098 Account Manipulation' },
  ],
  messages: {
    escalate: '{subjects} can {requests} {scope}{names}: {binding} grants {rule}. RBAC\'s escalation check no longer limits them.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-manager
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterroles", "clusterrolebindings"]
    verbs: ["get", "list", "create", "update", "bind", "escalate"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: platform-rbac
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: rbac-manager
subjects:
  - kind: Group
    name: platform
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-viewer
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterroles", "clusterrolebindings"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: platform-rbac
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: rbac-viewer
subjects:
  - kind: Group
    name: platform
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true, namesLimited: 'include' });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'escalate', { ...r.data, requests: probeRequests(r.probes) }, r.path);
  },
});
