import { controllerOwnerOf } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-bare-pods',
  area: 'workload',
  severity: 'low',
  title: 'Pod without a controller',
  kinds: ['Pod'],
  description:
    'Flags a Pod with no controller: no entry in `metadata.ownerReferences` has `controller: true`. ' +
    'Pods created by a Deployment (through its ReplicaSet), StatefulSet, DaemonSet, Job and the like ' +
    'carry such a reference when read from a cluster (`kubectl get pods -o yaml`), and so do mirror ' +
    'pods of static pods (owned by their Node); owner references without `controller: true` do not ' +
    'count. Static pod manifests read from a node\'s disk have no owner and are flagged: suppress them.',
  rationale:
    'Nothing recreates a bare Pod: when its node fails, is drained or is upgraded, or the pod is ' +
    'evicted, the workload is simply gone until someone notices. It also gets no rolling updates, and ' +
    'scaling and disruption budgets do not apply to it.',
  remediation:
    'Run the pod from a controller: a Deployment for stateless services, a StatefulSet for stateful ' +
    'ones, a DaemonSet for per-node agents, a Job or CronJob for tasks that run to completion.',
  references: [
    { framework: 'mitre', control: 'T1499 Endpoint Denial of Service' },
  ],
  messages: {
    bare: 'Pod "{name}" has no controller: nothing recreates it when its node fails or it is evicted.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.5
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: web-7d9c5b8f4d-x2k8q
  ownerReferences:
    - apiVersion: apps/v1
      kind: ReplicaSet
      name: web-7d9c5b8f4d
      uid: 3f6e2a49-6d7b-4a51-9a8e-1c2b3d4e5f60
      controller: true
      blockOwnerDeletion: true
spec:
  containers:
    - name: web
      image: nginx:1.27.5
`,
  },
  check(obj, ctx) {
    if (!controllerOwnerOf(obj)) ctx.report('bare', { name: obj.name }, ['kind']);
  },
});
