import { grantReports, matchGrants, probeVerbs, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const PROBES: Probe[] = ['get', 'list', 'watch'].map((verb) => ({ verb, apiGroup: '', resource: 'secrets' }));

export default defineRule({
  id: 'no-secret-read-access',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Read access to all Secrets',
  description:
    'No one outside the control plane should be able to `get`, `list` or `watch` Secrets without a ' +
    '`resourceNames` limit. Reported for every binding (other than the ones Kubernetes and kubeadm create) ' +
    'that grants such a rule, naming the subjects, the binding and the rule. `get` limited to named ' +
    'Secrets is not reported; `list` and `watch` return every Secret of the namespace.',
  rationale:
    'Secrets hold database passwords, API keys, TLS keys and ServiceAccount tokens: whoever can read them ' +
    'in a namespace can act as every workload there, and cluster-wide read is a short path to cluster-admin.',
  remediation:
    'Drop `get`/`list`/`watch` on `secrets` from the role, or limit `get` to the Secrets the workload needs ' +
    'with `resourceNames`; mount Secrets into pods instead of reading them through the API.',
  references: [
    { framework: 'cis-k8s', control: '5.1.2' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    read: '{subjects} can {verbs} all Secrets {scope}{names}: {binding} grants {rule}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["configmaps", "secrets"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: backend-config
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-reader
subjects:
  - kind: ServiceAccount
    name: backend
    namespace: shop
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list"]
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["backend-tls"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: backend-config
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-reader
subjects:
  - kind: ServiceAccount
    name: backend
    namespace: shop
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'read', { ...r.data, verbs: probeVerbs(r.probes) }, r.path);
  },
});
