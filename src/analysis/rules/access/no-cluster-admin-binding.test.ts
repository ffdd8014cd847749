import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-cluster-admin-binding.js';

testRule(rule, {
  valid: [
    {
      name: 'the default binding of cluster-admin to system:masters',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cluster-admin
  labels:
    kubernetes.io/bootstrapping: rbac-defaults
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: system:masters
`,
    },
    {
      name: 'kubeadm\'s kubeadm:cluster-admins binding',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kubeadm:cluster-admins
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: kubeadm:cluster-admins
`,
    },
    {
      name: 'control-plane users in a hand-written binding',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: controller-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: User
    name: system:kube-controller-manager
  - kind: Group
    name: system:masters
`,
    },
    {
      name: 'admin (not cluster-admin) in a namespace',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: team-admin
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: admin
subjects:
  - kind: Group
    name: shop-team
`,
    },
  ],
  invalid: [
    {
      name: 'a ServiceAccount bound to cluster-admin (its ClusterRole not in the files)',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: backend-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: backend
    namespace: shop
  - kind: User
    name: system:kube-scheduler
  - kind: User
    name: system:anonymous
`,
      findings: [
        { messageId: 'clusterAdmin', line: 10, column: 5, path: 'subjects[0]', data: { subject: 'ServiceAccount shop/backend', scope: 'cluster-wide', binding: 'ClusterRoleBinding/backend-admin', what: 'the cluster' } },
        { messageId: 'clusterAdmin', line: 15, path: 'subjects[2]', data: { subject: 'User system:anonymous', scope: 'cluster-wide', binding: 'ClusterRoleBinding/backend-admin', what: 'the cluster' } },
      ],
    },
    {
      name: 'a RoleBinding to cluster-admin is full control of its namespace',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: ci
`,
      findings: [{ messageId: 'clusterAdmin', line: 11, data: { subject: 'ServiceAccount shop/ci', scope: 'in namespace "shop"', binding: 'RoleBinding/shop/ci', what: 'namespace "shop"' } }],
    },
    {
      name: 'a hand-written role that grants everything is cluster-admin by another name',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: god-mode
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ops
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: god-mode
subjects:
  - kind: Group
    name: ops
`,
      findings: [{ messageId: 'equivalent', line: 22, data: { subject: 'Group ops', scope: 'cluster-wide', binding: 'ClusterRoleBinding/ops', rule: 'ClusterRole/god-mode rules[1]' } }],
    },
  ],
});
