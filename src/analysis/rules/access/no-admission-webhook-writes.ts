import { grantReports, matchGrants, probeRequests, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const RESOURCES = [
  'validatingwebhookconfigurations', 'mutatingwebhookconfigurations',
  'validatingadmissionpolicies', 'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings',
];

const PROBES: Probe[] = RESOURCES.flatMap((resource) => ['create', 'update', 'patch', 'delete'].map((verb) => ({
  verb, apiGroup: 'admissionregistration.k8s.io', resource, clusterScoped: true,
})));

export default defineRule({
  id: 'no-admission-webhook-writes',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Permission to change admission webhooks and admission policies',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that grant `create`, `update`, ' +
    '`patch` or `delete` on ValidatingWebhookConfigurations, MutatingWebhookConfigurations, ' +
    'ValidatingAdmissionPolicies, MutatingAdmissionPolicies or their bindings. They are cluster-scoped, so ' +
    'only ClusterRoleBindings grant it. Rules that grant everything are reported by ' +
    'no-cluster-admin-binding instead.',
  rationale:
    'Admission is where policy is enforced: whoever changes it can switch off the policy engine, or register ' +
    'a mutating webhook of their own that sees every object created (Secrets included) and rewrites pods, ' +
    'for example to add a privileged container.',
  remediation:
    'Grant writes on admission configuration only to the controller that owns it (cert-manager\'s cainjector ' +
    'needs `patch` on named webhooks: limit it with `resourceNames`), and to no person or application.',
  references: [
    { framework: 'cis-k8s', control: '5.1.12' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1562.001 Impair Defenses: Disable or Modify Tools' },
  ],
  messages: {
    write: '{subjects} can {requests}: {binding} grants {rule}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: policy-operator
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["validatingwebhookconfigurations"]
    verbs: ["get", "list", "update", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: policy-operator
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: policy-operator
subjects:
  - kind: ServiceAccount
    name: operator
    namespace: policy
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: policy-operator
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["validatingwebhookconfigurations"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: policy-operator
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: policy-operator
subjects:
  - kind: ServiceAccount
    name: operator
    namespace: policy
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'write', { ...r.data, requests: probeRequests(r.probes) }, r.path);
  },
});
