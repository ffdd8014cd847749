import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-all-authenticated-bindings.js';

const crb = (name: string, role: string, group: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
subjects:
  - kind: User
    name: alice
  - kind: Group
    name: ${group}
`;

testRule(rule, {
  valid: [
    { name: 'the defaults Kubernetes ships', yaml: crb('system:discovery', 'system:discovery', 'system:authenticated') },
    { name: 'a hand-written binding of a harmless default role', yaml: crb('self-review', 'system:basic-user', 'system:authenticated') },
    { name: 'OIDC discovery for every ServiceAccount', yaml: crb('oidc', 'system:service-account-issuer-discovery', 'system:serviceaccounts') },
    { name: 'a namespace\'s ServiceAccounts are not everyone', yaml: crb('ns-sas', 'view', 'system:serviceaccounts:shop') },
  ],
  invalid: [
    {
      name: 'view for every authenticated identity',
      yaml: crb('everyone-views', 'view', 'system:authenticated'),
      findings: [{ messageId: 'broad', line: 12, path: 'subjects[1]', data: { binding: 'ClusterRoleBinding/everyone-views', role: 'ClusterRole/view', scope: 'cluster-wide', group: 'system:authenticated', who: 'every authenticated user and every ServiceAccount of every namespace' } }],
    },
    {
      name: 'a custom role for every ServiceAccount',
      yaml: crb('all-sas', 'pod-reader', 'system:serviceaccounts'),
      findings: [{ messageId: 'broad', line: 12, data: { binding: 'ClusterRoleBinding/all-sas', role: 'ClusterRole/pod-reader', scope: 'cluster-wide', group: 'system:serviceaccounts', who: 'every ServiceAccount of every namespace' } }],
    },
  ],
});
