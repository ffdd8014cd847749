import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-anonymous-bindings.js';

testRule(rule, {
  valid: [
    {
      name: 'system:public-info-viewer for unauthenticated health checks',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: health-for-all
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:public-info-viewer
subjects:
  - kind: Group
    name: system:unauthenticated
`,
    },
    {
      name: 'kubeadm\'s cluster-info RoleBinding for joining nodes',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: kubeadm:bootstrap-signer-clusterinfo
  namespace: kube-public
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: kubeadm:bootstrap-signer-clusterinfo
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: system:anonymous
`,
    },
  ],
  invalid: [
    {
      name: 'anonymous user and unauthenticated group in a RoleBinding',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: status-page
  namespace: status
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: status-reader
subjects:
  - kind: User
    name: alice
  - kind: User
    name: system:anonymous
  - kind: Group
    name: system:unauthenticated
`,
      findings: [
        { messageId: 'anonymous', line: 13, path: 'subjects[1]', data: { binding: 'RoleBinding/status/status-page', role: 'Role/status/status-reader', scope: 'in namespace "status"', subject: 'User system:anonymous' } },
        { messageId: 'anonymous', line: 15, path: 'subjects[2]', data: { binding: 'RoleBinding/status/status-page', role: 'Role/status/status-reader', scope: 'in namespace "status"', subject: 'Group system:unauthenticated' } },
      ],
    },
    {
      name: 'OIDC discovery opened to anonymous requests is still reported',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: oidc-public
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:service-account-issuer-discovery
subjects:
  - kind: Group
    name: system:unauthenticated
`,
      findings: [{ messageId: 'anonymous', line: 10, data: { binding: 'ClusterRoleBinding/oidc-public', role: 'ClusterRole/system:service-account-issuer-discovery', scope: 'cluster-wide', subject: 'Group system:unauthenticated' } }],
    },
  ],
});
