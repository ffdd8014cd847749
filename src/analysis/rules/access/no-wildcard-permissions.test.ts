import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-wildcard-permissions.js';

const binding = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: tool
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: tool
subjects:
  - kind: ServiceAccount
    name: tool
    namespace: tools
`;

testRule(rule, {
  valid: [
    {
      name: 'explicit lists',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: tool
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list"]
${binding}`,
    },
    {
      name: 'a wildcard role nobody is bound to',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: tool
rules:
  - apiGroups: ["apps"]
    resources: ["*"]
    verbs: ["get"]
`,
    },
    {
      name: 'everything (* * *) is no-cluster-admin-binding\'s to report',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: tool
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
${binding}`,
    },
    {
      name: 'default roles of Kubernetes (admin carries no wildcard, cluster-admin is all wildcards)',
      yaml: binding.replace('name: tool\nsubjects', 'name: admin\nsubjects'),
    },
  ],
  invalid: [
    {
      name: 'wildcard resources in one group, and * verbs on a subresource pattern',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: tool
rules:
  - apiGroups: ["apps"]
    resources: ["*"]
    verbs: ["get", "list"]
  - apiGroups: [""]
    resources: ["*/scale"]
    verbs: ["*"]
  - nonResourceURLs: ["*"]
    verbs: ["get"]
${binding}`,
      findings: [
        { messageId: 'wildcard', line: 7, path: 'rules[0].resources', data: { rule: 'ClusterRole/tool rules[0]', fields: 'resources', binding: 'ClusterRoleBinding/tool', subjects: 'ServiceAccount tools/tool', scope: 'cluster-wide' } },
        { messageId: 'wildcard', line: 11, path: 'rules[1].verbs', data: { rule: 'ClusterRole/tool rules[1]', fields: 'verbs, resources', binding: 'ClusterRoleBinding/tool', subjects: 'ServiceAccount tools/tool', scope: 'cluster-wide' } },
        { messageId: 'wildcard', line: 12, path: 'rules[2].nonResourceURLs', data: { rule: 'ClusterRole/tool rules[2]', fields: 'nonResourceURLs', binding: 'ClusterRoleBinding/tool', subjects: 'ServiceAccount tools/tool', scope: 'cluster-wide' } },
      ],
    },
    {
      name: 'one finding per binding that grants the rule',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: tool
rules:
  - apiGroups: ["*"]
    resources: ["configmaps"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: a
  namespace: one
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: tool
subjects:
  - kind: User
    name: alice
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: b
  namespace: two
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: tool
subjects:
  - kind: User
    name: bob
`,
      findings: [
        { messageId: 'wildcard', line: 6, data: { rule: 'ClusterRole/tool rules[0]', fields: 'apiGroups', binding: 'RoleBinding/one/a', subjects: 'User alice', scope: 'in namespace "one"' } },
        { messageId: 'wildcard', line: 6, data: { rule: 'ClusterRole/tool rules[0]', fields: 'apiGroups', binding: 'RoleBinding/two/b', subjects: 'User bob', scope: 'in namespace "two"' } },
      ],
    },
  ],
});
