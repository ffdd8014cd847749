import { grantReports, matchGrants, probeVerbs, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const PROBES: Probe[] = ['create', 'update', 'patch', 'delete'].map((verb) => ({
  verb, apiGroup: '', resource: 'configmaps', namespace: 'kube-system', ...(verb === 'create' ? {} : { name: 'aws-auth' }),
}));

export default defineRule({
  id: 'no-aws-auth-writes',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Write access to the EKS aws-auth ConfigMap',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that let a subject create, ' +
    'update, patch or delete the `aws-auth` ConfigMap in `kube-system`: ClusterRoleBindings, and ' +
    'RoleBindings in kube-system. Rules limited by `resourceNames` to other ConfigMaps are not reported. ' +
    'Rules that grant everything are reported by no-cluster-admin-binding instead.',
  rationale:
    'On EKS, aws-auth maps IAM roles and users to Kubernetes users and groups: whoever edits it can map an ' +
    'IAM identity they control to `system:masters` and become cluster-admin from outside the cluster.',
  remediation:
    'Remove write access to ConfigMaps in kube-system; manage cluster access with EKS access entries, or ' +
    'change aws-auth only through the infrastructure pipeline.',
  references: [
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1098 Account Manipulation' },
  ],
  messages: {
    write: '{subjects} can {verbs} the aws-auth ConfigMap in kube-system: {binding} grants {rule}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-editor
  namespace: kube-system
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "update", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: node-onboarding
  namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-editor
subjects:
  - kind: ServiceAccount
    name: onboarding
    namespace: tools
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-editor
  namespace: kube-system
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    resourceNames: ["coredns"]
    verbs: ["get", "update", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: dns-config
  namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-editor
subjects:
  - kind: ServiceAccount
    name: dns-operator
    namespace: tools
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'write', { ...r.data, verbs: probeVerbs(r.probes) }, r.path);
  },
});
