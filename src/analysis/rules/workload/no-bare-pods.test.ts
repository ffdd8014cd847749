import { testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-bare-pods.js';

const podWith = (metadataExtra: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
${metadataExtra}spec:
  containers:
    - name: app
      image: nginx:1.27
`;

const valid: ValidCase[] = [
  {
    name: 'a pod of a ReplicaSet, as kubectl get pods -o yaml prints it',
    yaml: podWith(`  ownerReferences:
    - apiVersion: apps/v1
      kind: ReplicaSet
      name: web-7d9c5b8f4d
      uid: 3f6e2a49-6d7b-4a51-9a8e-1c2b3d4e5f60
      controller: true
      blockOwnerDeletion: true
`),
  },
  {
    name: 'a mirror pod owned by its Node',
    yaml: podWith(`  annotations:
    kubernetes.io/config.mirror: 9d2c
  ownerReferences:
    - apiVersion: v1
      kind: Node
      name: node-1
      uid: 1b2c3d4e-0000-4000-8000-000000000001
      controller: true
`),
  },
  {
    name: 'the controller reference need not be the first',
    yaml: podWith(`  ownerReferences:
    - apiVersion: example.com/v1
      kind: Tracker
      name: t
      uid: 1b2c3d4e-0000-4000-8000-000000000002
    - apiVersion: batch/v1
      kind: Job
      name: report
      uid: 1b2c3d4e-0000-4000-8000-000000000003
      controller: true
`),
  },
  {
    name: 'Deployments are not judged (only Pods)',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
${podWith(`  ownerReferences:
    - { apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u, controller: true }
`)}`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'a bare pod is reported at its kind',
    yaml: podWith(''),
    findings: [{ messageId: 'bare', line: 2, column: 1, path: 'kind', data: { name: 'p' } }],
  },
  {
    name: 'an owner without controller: true does not count',
    yaml: podWith(`  ownerReferences:
    - apiVersion: example.com/v1
      kind: Tracker
      name: t
      uid: 1b2c3d4e-0000-4000-8000-000000000002
      controller: false
`),
    findings: [{ messageId: 'bare', line: 2, column: 1 }],
  },
  {
    name: 'controller: "true" as a string is not true',
    yaml: podWith(`  ownerReferences:
    - { apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u, controller: "true" }
`),
    findings: [{ messageId: 'bare', line: 2, column: 1 }],
  },
  {
    name: 'a one-shot debug pod (restartPolicy: Never) is bare too',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: default
spec:
  restartPolicy: Never
  containers:
    - name: shell
      image: busybox:1.36
`,
    findings: [{ messageId: 'bare', line: 2, column: 1, data: { name: 'debug' } }],
  },
];

testRule(rule, { valid, invalid });
