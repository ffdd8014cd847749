import { grantReports, matchGrants, probeRequests, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const PROBES: Probe[] = [
  ...['exec', 'attach', 'portforward'].flatMap((subresource) => ['create', 'get'].map((verb) => ({ verb, apiGroup: '', resource: 'pods', subresource }))),
  { verb: 'update', apiGroup: '', resource: 'pods', subresource: 'ephemeralcontainers' },
  { verb: 'patch', apiGroup: '', resource: 'pods', subresource: 'ephemeralcontainers' },
];

export default defineRule({
  id: 'no-pod-exec-access',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Permission to exec, attach or port-forward into pods',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that grant `create` or `get` on ' +
    '`pods/exec`, `pods/attach` or `pods/portforward`, or `update`/`patch` on `pods/ephemeralcontainers`. ' +
    '`get` counts: kubectl opens these streams with a websocket GET, which API servers without the newer ' +
    'check for `create` on the upgrade authorize as `get`. A plain `pods` entry does not grant these ' +
    'subresources; `*` and `*/exec` do.',
  rationale:
    'A shell in a running pod is its ServiceAccount token, its mounted Secrets and its network position; an ' +
    'ephemeral debug container does the same in any pod, and port-forwarding reaches ports that network ' +
    'policies and the Service never exposed.',
  remediation:
    'Keep exec, attach, port-forward and ephemeral containers for break-glass roles bound to named people ' +
    'for a limited time, in the namespaces they operate; read logs (`pods/log`) instead where that is enough.',
  references: [
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1609 Container Administration Command' },
  ],
  messages: {
    exec: '{subjects} can {requests} {scope}{names}: {binding} grants {rule}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log", "pods/exec"]
    verbs: ["get", "create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: developers-debug
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: debugger
subjects:
  - kind: Group
    name: developers
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: developers-debug
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: debugger
subjects:
  - kind: Group
    name: developers
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true, namesLimited: 'include' });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'exec', { ...r.data, requests: probeRequests(r.probes) }, r.path);
  },
});
