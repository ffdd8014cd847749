import { grantReports, matchGrants, rbac, type Probe } from '../../analyzers/rbac/index.js';
import { defineRule } from '../../define-rule.js';

const PROBES: Probe[] = [{ verb: 'create', apiGroup: '', resource: 'persistentvolumes', clusterScoped: true }];

export default defineRule({
  id: 'no-persistent-volume-create',
  area: 'access',
  severity: 'high',
  uses: [rbac],
  title: 'Permission to create PersistentVolumes',
  description:
    'Reports bindings (other than the ones Kubernetes and kubeadm create) that grant `create` on ' +
    'PersistentVolumes. They are cluster-scoped, so only ClusterRoleBindings grant it. Rules that grant ' +
    'everything are reported by no-cluster-admin-binding instead.',
  rationale:
    'A PersistentVolume can be a `hostPath` on the node: whoever creates one and claims it mounts the node\'s ' +
    'filesystem into a pod, which Pod Security Admission does not see because the pod only names a claim.',
  remediation:
    'Let a storage provisioner (through StorageClasses) create PersistentVolumes; grant people and ' +
    'applications PersistentVolumeClaims in their namespaces instead.',
  references: [
    { framework: 'cis-k8s', control: '5.1.9' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: {
    create: '{subjects} can create PersistentVolumes: {binding} grants {rule}.',
  },
  examples: {
    bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: storage-admin
rules:
  - apiGroups: [""]
    resources: ["persistentvolumes", "persistentvolumeclaims"]
    verbs: ["get", "list", "create", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: developers-storage
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: storage-admin
subjects:
  - kind: Group
    name: developers
`,
    good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: claim-editor
rules:
  - apiGroups: [""]
    resources: ["persistentvolumeclaims"]
    verbs: ["get", "list", "create", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: developers-storage
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: claim-editor
subjects:
  - kind: Group
    name: developers
`,
  },
  checkSet(_set, ctx) {
    const matches = matchGrants(ctx.use(rbac).bindings, PROBES, { skipFullWildcards: true });
    for (const r of grantReports(matches, 'verbs')) ctx.reportOn(r.object, 'create', r.data, r.path);
  },
});
