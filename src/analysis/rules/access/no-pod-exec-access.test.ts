import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-pod-exec-access.js';

/** A Role (lines 1-5, then its rules) and a RoleBinding of it to Group devs in prod. */
const role = (rules: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: r
  namespace: prod
rules:
${rules}---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: devs
  namespace: prod
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: r
subjects:
  - kind: Group
    name: devs
`;

const common = { binding: 'RoleBinding/prod/devs', subjects: 'Group devs', scope: 'in namespace "prod"' };

testRule(rule, {
  valid: [
    { name: 'pods does not grant pods/exec', yaml: role('  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["*"]\n') },
    { name: 'another subresource with a wildcard (*/log)', yaml: role('  - apiGroups: [""]\n    resources: ["*/log"]\n    verbs: ["get"]\n') },
    { name: 'the view ClusterRole', yaml: role('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n').replace('kind: Role\n  name: r', 'kind: ClusterRole\n  name: view') },
  ],
  invalid: [
    {
      name: 'get on pods/exec (exec over websockets) and create on pods/attach',
      yaml: role('  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["get"]\n  - apiGroups: [""]\n    resources: ["pods/attach", "pods/portforward"]\n    verbs: ["create"]\n'),
      findings: [
        { messageId: 'exec', line: 9, path: 'rules[0].verbs', data: { ...common, requests: 'get pods/exec', names: '', rule: 'Role/prod/r rules[0]' } },
        { messageId: 'exec', line: 12, path: 'rules[1].verbs', data: { ...common, requests: 'create pods/attach; create pods/portforward', names: '', rule: 'Role/prod/r rules[1]' } },
      ],
    },
    {
      name: '*/exec, ephemeral containers, and exec limited to one pod',
      yaml: role('  - apiGroups: [""]\n    resources: ["*/exec"]\n    verbs: ["create"]\n  - apiGroups: [""]\n    resources: ["pods/ephemeralcontainers"]\n    verbs: ["patch"]\n  - apiGroups: [""]\n    resources: ["pods/exec"]\n    resourceNames: ["debug"]\n    verbs: ["create"]\n'),
      findings: [
        { messageId: 'exec', line: 9, data: { ...common, requests: 'create pods/exec', names: '', rule: 'Role/prod/r rules[0]' } },
        { messageId: 'exec', line: 12, data: { ...common, requests: 'patch pods/ephemeralcontainers', names: '', rule: 'Role/prod/r rules[1]' } },
        { messageId: 'exec', line: 16, data: { ...common, requests: 'create pods/exec', names: ' (only "debug")', rule: 'Role/prod/r rules[2]' } },
      ],
    },
    {
      name: 'the edit ClusterRole: its rules merge into one finding at the binding',
      yaml: role('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n').replace('kind: Role\n  name: r', 'kind: ClusterRole\n  name: edit'),
      findings: [{
        messageId: 'exec', line: 21, path: 'subjects[0]',
        data: {
          ...common, names: '',
          requests: 'get, create pods/exec; get, create pods/attach; get, create pods/portforward',
          rule: 'ClusterRole/edit rules[0] (from ClusterRole/system:aggregate-to-edit), ClusterRole/edit rules[2] (from ClusterRole/system:aggregate-to-edit)',
        },
      }],
    },
  ],
});
