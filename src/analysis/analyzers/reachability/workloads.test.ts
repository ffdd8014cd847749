import { describe, expect, it } from 'vitest';
import { deploy, pod, setOf, workload } from '../../../../test/fixtures/network/build.js';
import { ALL, EXT, table } from '../../../../test/fixtures/network/expect.js';
import { computeReachability } from './index.js';

function owned(kind: string, ns: string, name: string, owner: { kind: string; name: string }, labels: Record<string, string>) {
  const obj = workload(kind, ns, name, labels);
  (obj.metadata as Record<string, unknown>).ownerReferences = [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true, uid: 'u' }];
  return obj;
}

describe('a workload is identified by its controller', () => {
  const objs = [
    // Deployment -> ReplicaSet -> Pods, all present: one Deployment.
    deploy('shop', 'web', { app: 'web' }),
    owned('ReplicaSet', 'shop', 'web-5d8f7c9b6', { kind: 'Deployment', name: 'web' }, { app: 'web', 'pod-template-hash': '5d8f7c9b6' }),
    pod('shop', 'web-5d8f7c9b6-abc12', { app: 'web', 'pod-template-hash': '5d8f7c9b6' }, { owner: { kind: 'ReplicaSet', name: 'web-5d8f7c9b6' } }),
    pod('shop', 'web-5d8f7c9b6-def34', { app: 'web', 'pod-template-hash': '5d8f7c9b6' }, { owner: { kind: 'ReplicaSet', name: 'web-5d8f7c9b6' } }),
    // A Pod whose ReplicaSet is absent collapses into the Deployment named by the prefix.
    deploy('shop', 'api', { app: 'api' }),
    pod('shop', 'api-7f9c4-xyz', { app: 'api', 'pod-template-hash': '7f9c4' }, { owner: { kind: 'ReplicaSet', name: 'api-7f9c4' } }),
    // ...but not when there is no such Deployment.
    pod('shop', 'legacy-abc-1', { app: 'legacy' }, { owner: { kind: 'ReplicaSet', name: 'legacy-abc' } }),
    workload('StatefulSet', 'shop', 'db', { app: 'db' }),
    pod('shop', 'db-0', { app: 'db' }, { owner: { kind: 'StatefulSet', name: 'db' } }),
    pod('shop', 'db-1', { app: 'db' }, { owner: { kind: 'StatefulSet', name: 'db' } }),
    workload('DaemonSet', 'shop', 'agent', { app: 'agent' }),
    workload('Job', 'shop', 'migrate', { app: 'migrate' }),
    workload('CronJob', 'shop', 'report', { app: 'report' }),
    owned('Job', 'shop', 'report-28000000', { kind: 'CronJob', name: 'report' }, { app: 'report' }),
    pod('shop', 'report-28000000-q1', { app: 'report' }, { owner: { kind: 'Job', name: 'report-28000000' } }),
    workload('ReplicationController', 'shop', 'old', { app: 'old' }),
    pod('shop', 'debug', { app: 'debug' }),
    // Owned by an operator's resource: named after it.
    pod('shop', 'wf-1-step', { app: 'wf' }, { owner: { kind: 'Workflow', name: 'wf-1' } }),
    // No namespace: default.
    workload('Deployment', undefined, 'nons', { app: 'nons' }),
  ];

  it('finds each workload once, replicas and intermediate controllers collapsed', () => {
    const r = computeReachability(setOf(...objs));
    expect(r.workloads.map((w) => w.id)).toEqual([
      'Deployment/default/nons',
      'DaemonSet/shop/agent', 'Deployment/shop/api', 'StatefulSet/shop/db', 'Pod/shop/debug', 'ReplicaSet/shop/legacy-abc',
      'Job/shop/migrate', 'ReplicationController/shop/old', 'CronJob/shop/report', 'Deployment/shop/web', 'Workflow/shop/wf-1',
    ]);
    const web = r.workloads.find((w) => w.name === 'web')!;
    expect(web.sourceObject.kind).toBe('Deployment');
    expect(web.labels).toEqual({ app: 'web' });
    expect(web.peer).toEqual({ type: 'workload', namespace: 'shop', name: 'web', kind: 'Deployment' });
    const wf = r.workloads.find((w) => w.name === 'wf-1')!;
    expect(wf.sourceObject.kind).toBe('Pod');
  });

  it('with no policies every workload reaches every other and itself, except a bare Pod itself', () => {
    const r = computeReachability(setOf(...objs));
    const t = table(r);
    const names = r.workloads.map((w) => `${w.namespace}/${w.name}`);
    const expected: Record<string, unknown> = {};
    for (const from of names) {
      for (const to of names) if (!(from === to && from === 'shop/debug')) expected[`${from} -> ${to}`] = ALL;
      expected[`${from} -> ${EXT}`] = ALL;
      expected[`${EXT} -> ${from}`] = ALL;
    }
    expect(t).toEqual(expected);
  });
});
