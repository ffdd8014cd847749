import { isDefaultBinding, isDefaultRoleObject, isFullWildcard, rbac, ruleLabel, scopeLabel, subjectsLabel } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const FIELDS = ['verbs', 'apiGroups', 'resources', 'nonResourceURLs'] as const;

export default defineRule({
  id: 'no-wildcard-permissions',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Wildcards in granted RBAC rules',
  description:
    'Reports rules of Roles and ClusterRoles that use `*` in `verbs`, `apiGroups`, `resources` (including ' +
    '`*/subresource`) or `nonResourceURLs`, once for every binding that grants them, naming the subjects. ' +
    'Roles nobody is bound to, the default roles of Kubernetes and kubeadm, and rules that grant everything ' +
    '(reported by no-cluster-admin-binding) are left out.',
  rationale:
    'A wildcard grants more than its author listed, and keeps growing: `*` resources in a group covers ' +
    'every resource a later version or a newly installed CRD adds there, `*` verbs includes `escalate`, ' +
    '`bind` and `impersonate` where they apply.',
  remediation:
    'List the verbs, API groups and resources the subject uses; `kubeward can <subject>` shows what the ' +
    'rule grants today.',
  references: [
    { framework: 'cis-k8s', control: '5.1.3' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1078 Valid Accounts' },
  ],
  messages: {
    wildcard: '{rule} uses * in {fields}; {binding} grants it to {subjects} {scope}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app-operator
  namespace: shop
rules:
  - apiGroups: ["apps"]
    resources: ["*"]
    verbs: ["get", "list", "update"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: app-operator
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: app-operator
subjects:
  - kind: ServiceAccount
    name: operator
    namespace: shop
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app-operator
  namespace: shop
rules:
  - apiGroups: ["apps"]
    resources: ["deployments", "deployments/scale"]
    verbs: ["get", "list", "update"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: app-operator
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: app-operator
subjects:
  - kind: ServiceAccount
    name: operator
    namespace: shop
`,
  },
  checkSet(_set, ctx) {
    for (const b of ctx.use(rbac).bindings) {
      if (!b.role || b.subjects.length === 0 || isDefaultBinding(b)) continue;
      b.role.rules.forEach((rr, i) => {
        if (isFullWildcard(rr.rule) || isDefaultRoleObject(rr.object)) return;
        const fields = FIELDS.filter((f) => rr.rule[f].some((v) => v === '*' || (f === 'resources' && v.startsWith('*/'))));
        if (fields.length === 0) return;
        ctx.reportOn(rr.object, 'wildcard', {
          rule: ruleLabel(b.role!, i), fields: fields.join(', '), binding: b.ref, subjects: subjectsLabel(b.subjects), scope: scopeLabel(b),
        }, [...rr.path, fields[0]!]);
      });
    }
  },
});
