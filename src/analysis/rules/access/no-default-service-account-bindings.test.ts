import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-default-service-account-bindings.js';

const rb = (subjects: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: b
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
${subjects}`;

const base = { binding: 'RoleBinding/shop/b', role: 'ClusterRole/view', scope: 'in namespace "shop"' };

testRule(rule, {
  valid: [
    { name: 'a dedicated ServiceAccount', yaml: rb('  - kind: ServiceAccount\n    name: backend\n') },
    { name: 'a user called default is not the ServiceAccount', yaml: rb('  - kind: User\n    name: default\n') },
  ],
  invalid: [
    {
      name: 'the default ServiceAccount, with and without a namespace, and as a user name',
      yaml: rb('  - kind: ServiceAccount\n    name: default\n  - kind: ServiceAccount\n    name: default\n    namespace: other\n  - kind: User\n    name: system:serviceaccount:third:default\n'),
      findings: [
        { messageId: 'direct', line: 11, path: 'subjects[0]', data: { ...base, namespace: 'shop' } },
        { messageId: 'direct', line: 13, path: 'subjects[1]', data: { ...base, namespace: 'other' } },
        { messageId: 'direct', line: 16, path: 'subjects[2]', data: { ...base, namespace: 'third' } },
      ],
    },
    {
      name: 'the group of a namespace\'s ServiceAccounts',
      yaml: rb('  - kind: Group\n    name: system:serviceaccounts:shop\n'),
      findings: [{ messageId: 'group', line: 11, data: { ...base, group: 'system:serviceaccounts:shop', namespace: 'shop' } }],
    },
  ],
});
