import { grantReports, matchGrants, probeResources, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

/** Pods, and every built-in controller that creates pods from a template it is given. */
const PROBES: Probe[] = [
  { verb: 'create', apiGroup: '', resource: 'pods' },
  { verb: 'create', apiGroup: 'apps', resource: 'deployments' },
  { verb: 'create', apiGroup: 'apps', resource: 'replicasets' },
  { verb: 'create', apiGroup: 'apps', resource: 'statefulsets' },
  { verb: 'create', apiGroup: 'apps', resource: 'daemonsets' },
  { verb: 'create', apiGroup: 'batch', resource: 'jobs' },
  { verb: 'create', apiGroup: 'batch', resource: 'cronjobs' },
  { verb: 'create', apiGroup: '', resource: 'replicationcontrollers' },
];

export default defineRule({
  id: 'no-pod-create-access',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Permission to create pods or pod controllers',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that grant `create` on pods or on ' +
    'a controller that creates pods from a template: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, ' +
    'CronJobs and ReplicationControllers. Rules that grant everything (`*` verbs, groups and resources) are ' +
    'reported by no-cluster-admin-binding instead.',
  rationale:
    'Creating a pod is running any code as any ServiceAccount of the namespace, with any of its Secrets ' +
    'mounted, so the permission is worth every Secret and every ServiceAccount\'s permissions there; without ' +
    'an enforced Pod Security Standard it is also a privileged pod and the node under it.',
  remediation:
    'Grant `create` on pods and controllers only to deployment pipelines and controllers that need it, in ' +
    'the namespaces they deploy to (a RoleBinding, not a ClusterRoleBinding), and enforce a Pod Security ' +
    'Standard in those namespaces.',
  references: [
    { framework: 'cis-k8s', control: '5.1.4' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1610 Deploy Container' },
  ],
  messages: {
    create: '{subjects} can create {resources} {scope}: {binding} grants {rule}. A pod created there can mount any Secret and run as any ServiceAccount of its namespace.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "create", "update", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-deployer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: deployer
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: ci
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rollout-restarter
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci-restarter
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: rollout-restarter
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: ci
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'create', { ...r.data, resources: probeResources(r.probes) }, r.path);
  },
});
