import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-pod-create-access.js';

/** A ClusterRole (rules from line 6) bound by a RoleBinding in `ns` or a ClusterRoleBinding. */
const granted = (rules: string, namespace?: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: r
rules:
${rules}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${namespace ? 'RoleBinding' : 'ClusterRoleBinding'}
metadata:
  name: ci
${namespace ? `  namespace: ${namespace}\n` : ''}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: r
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: ci
`;

testRule(rule, {
  valid: [
    { name: 'update and patch only', yaml: granted('  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "update", "patch"]\n') },
    { name: 'create on a subresource is not creating pods', yaml: granted('  - apiGroups: [""]\n    resources: ["pods/eviction"]\n    verbs: ["create"]\n') },
    { name: 'resourceNames never limit create, so such a rule grants no create at all', yaml: granted('  - apiGroups: [""]\n    resources: ["pods"]\n    resourceNames: ["x"]\n    verbs: ["create"]\n') },
    { name: 'deployments in the core group do not exist', yaml: granted('  - apiGroups: [""]\n    resources: ["deployments"]\n    verbs: ["create"]\n') },
  ],
  invalid: [
    {
      name: 'create pods cluster-wide',
      yaml: granted('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]\n'),
      findings: [{ messageId: 'create', line: 8, path: 'rules[0].verbs', data: { subjects: 'ServiceAccount ci/ci', resources: 'pods', scope: 'cluster-wide', binding: 'ClusterRoleBinding/ci', rule: 'ClusterRole/r rules[0]' } }],
    },
    {
      name: 'controllers in their groups, through a RoleBinding',
      yaml: granted('  - apiGroups: ["apps", "batch"]\n    resources: ["deployments", "cronjobs", "statefulsets"]\n    verbs: ["*"]\n', 'shop'),
      findings: [{ messageId: 'create', line: 8, data: { subjects: 'ServiceAccount ci/ci', resources: 'deployments, statefulsets, cronjobs', scope: 'in namespace "shop"', binding: 'RoleBinding/shop/ci', rule: 'ClusterRole/r rules[0]' } }],
    },
  ],
});
