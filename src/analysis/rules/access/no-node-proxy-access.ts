import { grantReports, matchGrants, probeVerbs, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const PROBES: Probe[] = ['get', 'create'].map((verb) => ({ verb, apiGroup: '', resource: 'nodes', subresource: 'proxy', clusterScoped: true }));

export default defineRule({
  id: 'no-node-proxy-access',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Access to the kubelet API through nodes/proxy',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that grant `get` or `create` on ' +
    '`nodes/proxy`. Nodes are cluster-scoped, so only ClusterRoleBindings grant it. Rules that grant ' +
    'everything are reported by no-cluster-admin-binding instead.',
  rationale:
    'nodes/proxy reaches the kubelet API of every node through the API server: `create` runs commands in any ' +
    'pod on the node (`/exec`, `/run`), and the kubelet authorizes its websocket endpoints with `get`, so ' +
    'read access is exec too. Requests made through the kubelet bypass admission control and the API ' +
    'server\'s audit of the pod exec itself.',
  remediation:
    'Remove `nodes/proxy` from the role. Monitoring agents need `nodes/metrics` and `nodes/stats`, which do ' +
    'not allow running commands.',
  references: [
    { framework: 'cis-k8s', control: '5.1.10' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1609 Container Administration Command' },
  ],
  messages: {
    proxy: '{subjects} can {verbs} nodes/proxy (the kubelet API of every node){names}: {binding} grants {rule}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: metrics-reader
rules:
  - apiGroups: [""]
    resources: ["nodes", "nodes/proxy", "nodes/metrics"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: prometheus
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: metrics-reader
subjects:
  - kind: ServiceAccount
    name: prometheus
    namespace: monitoring
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: metrics-reader
rules:
  - apiGroups: [""]
    resources: ["nodes", "nodes/metrics", "nodes/stats"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: prometheus
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: metrics-reader
subjects:
  - kind: ServiceAccount
    name: prometheus
    namespace: monitoring
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true, namesLimited: 'include' });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'proxy', { ...r.data, verbs: probeVerbs(r.probes) }, r.path);
  },
});
