import { describe, expect, it } from 'vitest';
import { containersOf, formatPath, ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { envSecretRefs, isLiveObject, managedSecretsOf, parseGoBool, secretUsesOf } from './references.js';

const load = (yaml: string) => parseManifests(yaml, 'test.yaml').objects;

describe('secretUsesOf', () => {
  it('every kind of reference, in manifest order, in the workload\'s namespace', () => {
    const [deploy] = load(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      imagePullSecrets:
        - name: registry
      initContainers:
        - name: migrate
          image: migrate:1
          envFrom:
            - secretRef: { name: db-admin }
            - configMapRef: { name: settings }
      containers:
        - name: api
          image: api:1
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db, key: password }
            - name: MODE
              valueFrom:
                configMapKeyRef: { name: settings, key: mode }
      volumes:
        - name: tls
          secret: { secretName: api-tls }
        - name: bundle
          projected:
            sources:
              - secret: { name: ca }
              - configMap: { name: settings }
        - name: vault
          csi:
            driver: secrets-store.csi.k8s.io
            volumeAttributes: { secretProviderClass: api }
            nodePublishSecretRef: { name: csi-creds }
`);
    expect(secretUsesOf(deploy!).map((u) => `${u.via} ${u.namespace}/${u.secret} ${formatPath(u.path)}`)).toEqual([
      'volume shop/api-tls spec.template.spec.volumes[0].secret.secretName',
      'projected shop/ca spec.template.spec.volumes[1].projected.sources[0].secret.name',
      'csiNodePublish shop/csi-creds spec.template.spec.volumes[2].csi.nodePublishSecretRef.name',
      'envFrom shop/db-admin spec.template.spec.initContainers[0].envFrom[0].secretRef',
      'env shop/db spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef',
      'imagePullSecret shop/registry spec.template.spec.imagePullSecrets[0].name',
    ]);
  });

  it('nothing for objects without a pod template, and nothing for empty names', () => {
    const objs = load(`apiVersion: v1
kind: ConfigMap
metadata: { name: c }
data: { a: b }
---
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: c
      image: x
      env:
        - name: A
          valueFrom: { secretKeyRef: { name: "", key: k } }
  volumes:
    - name: v
      secret: {}
`);
    expect(objs.flatMap(secretUsesOf)).toEqual([]);
  });
});

describe('envSecretRefs', () => {
  it('names the variable and key of a secretKeyRef', () => {
    const [pod] = load(`apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: c
      image: x
      env:
        - name: TOKEN
          valueFrom: { secretKeyRef: { name: api, key: token, optional: true } }
`);
    expect(envSecretRefs(containersOf(pod!)[0]!)).toEqual([
      { from: 'secretKeyRef', secret: 'api', variable: 'TOKEN', key: 'token', path: ['spec', 'containers', 0, 'env', 0, 'valueFrom', 'secretKeyRef'] },
    ]);
  });
});

describe('managedSecretsOf', () => {
  it('ExternalSecret targets (default: its own name) and SealedSecrets', () => {
    const set = new ObjectSet(load(`apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: db, namespace: shop }
spec:
  target: { name: db-credentials }
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: { name: api-token, namespace: shop }
spec: {}
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: { name: registry, namespace: ci }
spec: { encryptedData: { x: AgB } }
---
apiVersion: example.com/v1
kind: ExternalSecret
metadata: { name: other, namespace: shop }
`));
    expect(managedSecretsOf(set).map((m) => `${m.object.kind} ${m.namespace}/${m.name} ${formatPath(m.path)}`)).toEqual([
      'ExternalSecret shop/db-credentials spec.target.name',
      'ExternalSecret shop/api-token metadata.name',
      'SealedSecret ci/registry metadata.name',
    ]);
  });
});

describe('parseGoBool (strconv.ParseBool)', () => {
  it.each([['1', true], ['t', true], ['T', true], ['TRUE', true], ['true', true], ['True', true], [true, true],
    ['0', false], ['f', false], ['FALSE', false], ['False', false], [false, false]] as const)('%s', (v, b) => {
    expect(parseGoBool(v)).toBe(b);
  });
  it.each(['yes', 'on', 'tRuE', '', ' true', 1, null])('%s is not a Go bool', (v) => {
    expect(parseGoBool(v)).toBeUndefined();
  });
});

describe('isLiveObject', () => {
  it('server-set metadata marks an export from a cluster; a dry-run output does not', () => {
    const [live, managed, created, dryRun, written] = load(`apiVersion: v1
kind: Secret
metadata: { name: a, namespace: x, uid: 7c6d1e0a-1111-2222-3333-444455556666 }
---
apiVersion: v1
kind: Secret
metadata:
  name: b
  managedFields:
    - manager: kubectl-client-side-apply
      operation: Update
---
apiVersion: v1
kind: Secret
metadata: { name: c, creationTimestamp: "2024-05-01T10:00:00Z" }
---
apiVersion: v1
kind: Secret
metadata: { name: d, creationTimestamp: null }
---
apiVersion: v1
kind: Secret
metadata: { name: e }
`);
    expect([live, managed, created, dryRun, written].map((o) => isLiveObject(o!))).toEqual([true, true, true, false, false]);
  });
});
