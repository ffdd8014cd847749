import { isDefaultBinding, rbac, roleRefLabel } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const SA_USER = /^system:serviceaccount:([^:]+):default$/;
const SA_GROUP = /^system:serviceaccounts:([^:]+)$/;

export default defineRule({
  id: 'no-default-service-account-bindings',
  area: 'access',
  severity: 'medium',
  uses: [rbac],
  title: 'Permissions granted to default ServiceAccounts',
  description:
    'Reports binding subjects that give a namespace\'s `default` ServiceAccount permissions: the ' +
    'ServiceAccount itself, its user name `system:serviceaccount:<namespace>:default`, or the group ' +
    '`system:serviceaccounts:<namespace>`, which it belongs to. Bindings Kubernetes and kubeadm create are ' +
    'left out.',
  rationale:
    'Every pod that names no ServiceAccount runs as `default`, so a permission given to it is given to ' +
    'every such pod, including ones nobody meant to have API access.',
  remediation:
    'Create a ServiceAccount for the workload that needs the permission, bind the role to it and set ' +
    '`serviceAccountName` in that workload; leave `default` without bindings (and with ' +
    '`automountServiceAccountToken: false`).',
  references: [
    { framework: 'cis-k8s', control: '5.1.5' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1078.001 Valid Accounts: Default Accounts' },
  ],
  messages: {
    direct: '{binding} grants {role} {scope} to the default ServiceAccount of namespace "{namespace}": every pod there without a serviceAccountName gets it.',
    group: '{binding} grants {role} {scope} to Group {group}, which includes the default ServiceAccount of namespace "{namespace}": every pod there gets it.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: default-edit
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: ServiceAccount
    name: default
    namespace: shop
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: backend-view
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: backend
    namespace: shop
`,
  },
  checkSet(_set, ctx) {
    for (const b of ctx.use(rbac).bindings) {
      if (isDefaultBinding(b)) continue;
      const scope = b.namespace === undefined ? 'cluster-wide' : `in namespace "${b.namespace}"`;
      for (const s of b.subjects) {
        const base = { binding: b.ref, role: roleRefLabel(b), scope };
        const path = ['subjects', s.index];
        if (s.kind === 'ServiceAccount' && s.name === 'default') ctx.reportOn(b.object, 'direct', { ...base, namespace: s.namespace! }, path);
        const user = s.kind === 'User' ? SA_USER.exec(s.name) : null;
        if (user) ctx.reportOn(b.object, 'direct', { ...base, namespace: user[1]! }, path);
        const group = s.kind === 'Group' ? SA_GROUP.exec(s.name) : null;
        if (group) ctx.reportOn(b.object, 'group', { ...base, group: s.name, namespace: group[1]! }, path);
      }
    }
  },
});
