import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-secret-read-access.js';

const roleBinding = (role: string, kind = 'Role'): string => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: app
  namespace: prod
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${kind}
  name: ${role}
subjects:
  - kind: ServiceAccount
    name: app
    namespace: prod
`;

testRule(rule, {
  valid: [
    {
      name: 'get limited to named Secrets',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: prod
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["app-tls"]
    verbs: ["get"]
${roleBinding('reader')}`,
    },
    {
      name: 'a role nobody is bound to grants nothing',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secret-reader
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list"]
`,
    },
    {
      name: 'secrets in another API group are not core Secrets',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: prod
rules:
  - apiGroups: ["external-secrets.io"]
    resources: ["secrets"]
    verbs: ["get"]
${roleBinding('reader')}`,
    },
    {
      name: 'the view ClusterRole does not read Secrets',
      yaml: roleBinding('view', 'ClusterRole'),
    },
    {
      name: 'bindings Kubernetes creates are the cluster\'s own',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:controller:expand-controller
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:controller:expand-controller
  labels:
    kubernetes.io/bootstrapping: rbac-defaults
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:controller:expand-controller
subjects:
  - kind: ServiceAccount
    name: expand-controller
    namespace: kube-system
`,
    },
  ],
  invalid: [
    {
      name: 'list on secrets through a Role',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: prod
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["secrets", "configmaps"]
    verbs: ["list", "watch"]
${roleBinding('reader')}`,
      findings: [{
        messageId: 'read', line: 12, column: 5, path: 'rules[1].verbs',
        data: { subjects: 'ServiceAccount prod/app', verbs: 'list, watch', scope: 'in namespace "prod"', names: '', binding: 'RoleBinding/prod/app', rule: 'Role/prod/reader rules[1]' },
      }],
    },
    {
      name: 'verbs: ["*"] reads, and resourceNames do not limit list',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secrets-admin
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["*"]
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["a"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ops
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: secrets-admin
subjects:
  - kind: Group
    name: ops
  - kind: User
    name: alice
`,
      findings: [{
        messageId: 'read', line: 8,
        data: { subjects: 'Group ops, User alice', verbs: 'get, list, watch', scope: 'cluster-wide', names: '', binding: 'ClusterRoleBinding/ops', rule: 'ClusterRole/secrets-admin rules[0]' },
      }],
    },
    {
      name: 'the edit ClusterRole (a Kubernetes default) reads Secrets: reported at the binding',
      yaml: roleBinding('edit', 'ClusterRole'),
      findings: [{
        messageId: 'read', line: 12, path: 'subjects[0]',
        data: { subjects: 'ServiceAccount prod/app', verbs: 'get, list, watch', scope: 'in namespace "prod"', names: '', binding: 'RoleBinding/prod/app', rule: 'ClusterRole/edit rules[0] (from ClusterRole/system:aggregate-to-edit)' },
      }],
    },
    {
      name: 'a rule aggregated into a ClusterRole is reported where it is written',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring
aggregationRule:
  clusterRoleSelectors:
    - matchLabels:
        example.com/aggregate-to-monitoring: "true"
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-secrets
  labels:
    example.com/aggregate-to-monitoring: "true"
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: prometheus
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: monitoring
subjects:
  - kind: ServiceAccount
    name: prometheus
    namespace: monitoring
`,
      findings: [{
        messageId: 'read', line: 19,
        data: { subjects: 'ServiceAccount monitoring/prometheus', verbs: 'watch', scope: 'cluster-wide', names: '', binding: 'ClusterRoleBinding/prometheus', rule: 'ClusterRole/monitoring rules[0] (from ClusterRole/monitoring-secrets)' },
      }],
    },
  ],
});
