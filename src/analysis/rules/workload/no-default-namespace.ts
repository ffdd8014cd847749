import { controllerOwnerOf, type KubeObject } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

/** Objects that Kubernetes itself keeps in `default`: they are not a user's choice. */
function isSystemManaged(obj: KubeObject): boolean {
  switch (obj.kind) {
    case 'Service':
    case 'Endpoints':
    case 'EndpointSlice':
      return obj.name === 'kubernetes';
    case 'ServiceAccount':
      return obj.name === 'default';
    case 'ConfigMap':
      return obj.name === 'kube-root-ca.crt';
    case 'Event':
      return true;
    default:
      return false;
  }
}

export default defineRule({
  id: 'no-default-namespace',
  area: 'workload',
  severity: 'low',
  title: 'Object in the default namespace',
  description:
    'Flags every namespaced object (workloads, Services, ConfigMaps, Secrets, RBAC objects, custom ' +
    'resources...) whose manifest sets `metadata.namespace: default`. A manifest with no namespace is ' +
    'not flagged: it lands in whatever namespace `kubectl`, Helm or Argo CD targets. Also not flagged: ' +
    'objects Kubernetes keeps in `default` itself (the `kubernetes` Service, Endpoints and ' +
    'EndpointSlice, the `default` ServiceAccount, the `kube-root-ca.crt` ConfigMap, Events), and ' +
    'objects created by a controller (with a `controller: true` ownerReference, e.g. the ReplicaSets ' +
    'and Pods of a Deployment read from a cluster): the object that owns them is the one to move.',
  rationale:
    'Namespaces are where isolation is configured: Pod Security Admission labels, NetworkPolicies, ' +
    'ResourceQuotas, LimitRanges and RoleBindings. `default` usually has none of them and is shared by ' +
    'everything deployed without thought, so an application there gets no policy and its secrets sit ' +
    'beside whatever anyone else dropped in, with RBAC that cannot be scoped to it.',
  remediation:
    'Create a namespace per application or team, configure its policies, and set `metadata.namespace` ' +
    'to it (or remove the field and deploy with `--namespace`).',
  references: [
    { framework: 'cis-k8s', control: '5.6.4' },
    { framework: 'nsa-cisa', control: 'Network separation and hardening: namespaces' },
  ],
  messages: {
    inDefault: '{kind} "{name}" is in the default namespace.',
  },
  examples: {
    bad: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27.5
`,
    good: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27.5
`,
  },
  checkSet(set, ctx) {
    for (const obj of set) {
      if (!obj.namespaceExplicit || obj.namespace !== 'default') continue;
      if (isSystemManaged(obj) || controllerOwnerOf(obj)) continue;
      ctx.reportOn(obj, 'inDefault', { kind: obj.kind, name: obj.name }, ['metadata', 'namespace']);
    }
  },
});
