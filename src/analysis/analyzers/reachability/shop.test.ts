/**
 * The shop example of the README (`examples/shop`), with the cluster DNS and the ingress
 * controller it talks to (`test/fixtures/network/cluster-addons.yaml`). Expected values come from
 * reading the manifests: ports are the named container ports of the destination pods.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploy, netpol, setOf } from '../../../../test/fixtures/network/build.js';
import { setOfDirs } from '../../../../test/fixtures/network/load.js';
import { ALL, EXT, ports, table, tcp } from '../../../../test/fixtures/network/expect.js';
import {
  analyzeReachability, computeReachability, explainConnection, isolation, reachability, ReachabilityQueryError, toConnectionsJson,
} from './index.js';
import { REPO_ROOT } from '../../../../test/helpers/repo.js';

const ROOT = REPO_ROOT;
const hardened = () => setOfDirs(path.join(ROOT, 'examples/shop/hardened'), path.join(ROOT, 'test/fixtures/network'));
const insecure = () => setOfDirs(path.join(ROOT, 'examples/shop/insecure'), path.join(ROOT, 'test/fixtures/network'));
const DNS = ports({ TCP: [53], UDP: [53] });

describe('examples/shop/hardened', () => {
  it('allows exactly frontend -> backend:8080, backend -> db:5432, DNS, and ingress-nginx -> frontend:8080', () => {
    expect(table(computeReachability(hardened()))).toEqual({
      // Namespaces without policies: open.
      'ingress-nginx/ingress-nginx-controller -> ingress-nginx/ingress-nginx-controller': ALL,
      'ingress-nginx/ingress-nginx-controller -> kube-system/coredns': ALL,
      'ingress-nginx/ingress-nginx-controller -> shop/frontend': tcp(8080), // frontend's `http`
      [`ingress-nginx/ingress-nginx-controller -> ${EXT}`]: ALL,
      'kube-system/coredns -> ingress-nginx/ingress-nginx-controller': ALL,
      'kube-system/coredns -> kube-system/coredns': ALL,
      [`kube-system/coredns -> ${EXT}`]: ALL,
      // shop: default deny both ways, then the allows.
      'shop/frontend -> shop/backend': tcp(8080), // backend's `http`
      'shop/frontend -> kube-system/coredns': DNS,
      'shop/backend -> shop/db': tcp(5432), // db's `postgres`
      'shop/backend -> kube-system/coredns': DNS,
      'shop/db -> kube-system/coredns': DNS,
      [`${EXT} -> ingress-nginx/ingress-nginx-controller`]: ALL,
      [`${EXT} -> kube-system/coredns`]: ALL,
    });
  });

  it('frontend cannot reach db, and explain says why on both sides', () => {
    const e = explainConnection(hardened(), { namespace: 'shop', name: 'frontend' }, { namespace: 'shop', name: 'db' }, { port: 5432 });
    expect(e.allowed).toBe(false);
    expect(e.from).toEqual({ type: 'workload', namespace: 'shop', name: 'frontend', kind: 'Deployment' });
    expect(e.egress).toMatchObject({
      decision: 'deny', tier: 'NetworkPolicy', rules: [],
      policies: [
        { kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny' },
        { kind: 'NetworkPolicy', namespace: 'shop', name: 'allow-dns' },
        { kind: 'NetworkPolicy', namespace: 'shop', name: 'frontend' },
      ],
    });
    expect(e.ingress).toMatchObject({
      decision: 'deny', tier: 'NetworkPolicy', rules: [],
      policies: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny' }, { kind: 'NetworkPolicy', namespace: 'shop', name: 'db' }],
    });
  });

  it('explains frontend -> backend:8080 by the rule on each side', () => {
    const e = explainConnection(hardened(), { namespace: 'shop', name: 'frontend' }, { namespace: 'shop', name: 'backend' }, { port: 8080, protocol: 'TCP' });
    expect(e.allowed).toBe(true);
    expect(e.egress.rules).toEqual([{ kind: 'NetworkPolicy', namespace: 'shop', name: 'frontend', direction: 'egress', index: 0 }]);
    expect(e.ingress.rules).toEqual([{ kind: 'NetworkPolicy', namespace: 'shop', name: 'backend', direction: 'ingress', index: 0 }]);
    expect(e.egress.reason).toBe('allowed by NetworkPolicy shop/frontend egress rule 0.');
    // The same pair on UDP is not allowed.
    expect(explainConnection(hardened(), { namespace: 'shop', name: 'frontend' }, { namespace: 'shop', name: 'backend' }, { port: 8080, protocol: 'UDP' }).allowed).toBe(false);
  });

  it('explains external endpoints', () => {
    const out = explainConnection(hardened(), { namespace: 'kube-system', name: 'coredns' }, { cidr: '8.8.8.8' }, { port: 53, protocol: 'UDP' });
    expect(out).toMatchObject({ allowed: true, to: { type: 'external', cidrs: ['8.8.8.8/32'] }, ingress: { tier: 'default' } });
    const into = explainConnection(hardened(), { cidr: '203.0.113.0/24' }, { namespace: 'shop', name: 'frontend' }, { port: 8080 });
    expect(into).toMatchObject({ allowed: false, egress: { tier: 'default' }, ingress: { decision: 'deny', tier: 'NetworkPolicy' } });
  });

  it('rejects queries for workloads that do not exist, with a plain message', () => {
    expect(() => explainConnection(hardened(), { namespace: 'shop', name: 'nope' }, { cidr: '1.1.1.1' }, { port: 1 }))
      .toThrow(new ReachabilityQueryError('from: no workload shop/nope in the input.'));
    expect(() => explainConnection(hardened(), { namespace: 'shop', name: 'db' }, { cidr: '1.1.1.1' }, { port: 70000 })).toThrow(ReachabilityQueryError);
  });

  it('isolation: who is selected by what', () => {
    const iso = isolation(hardened());
    const frontend = iso.workloads.find((w) => w.workload.name === 'frontend')!;
    expect(frontend.ingress).toEqual({
      isolated: true, adminPolicies: [], baseline: false,
      policies: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny' }, { kind: 'NetworkPolicy', namespace: 'shop', name: 'frontend' }],
    });
    expect(frontend.egress.isolated).toBe(true);
    const dns = iso.workloads.find((w) => w.workload.name === 'coredns')!;
    expect(dns.ingress.isolated).toBe(false);
    expect(dns.ingress.policies).toEqual([]);
    const shop = iso.namespaces.find((n) => n.namespace === 'shop')!;
    expect(shop.defaultDeny).toEqual({
      ingress: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny' }],
      egress: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny' }, { kind: 'NetworkPolicy', namespace: 'shop', name: 'allow-dns' }],
    });
    expect(shop.workloads).toBe(3);
    expect(iso.namespaces.find((n) => n.namespace === 'kube-system')).toMatchObject({
      labels: { 'kubernetes.io/metadata.name': 'kube-system' }, workloads: 1, defaultDeny: { ingress: [], egress: [] },
    });
    expect(iso.policies.find((p) => p.policy.name === 'db')).toEqual({
      policy: { kind: 'NetworkPolicy', namespace: 'shop', name: 'db' }, directions: ['ingress', 'egress'],
      selects: [{ type: 'workload', namespace: 'shop', name: 'db', kind: 'StatefulSet' }],
    });
  });

  it('isolation: a policy that selects no pod selects nothing', () => {
    const iso = isolation(setOf(deploy('x', 'a', { app: 'a' }), netpol('x', 'typo', { podSelector: { matchLabels: { app: 'aa' } } })));
    expect(iso.policies).toEqual([{ policy: { kind: 'NetworkPolicy', namespace: 'x', name: 'typo' }, directions: ['ingress'], selects: [] }]);
    expect(iso.workloads[0]!.ingress.isolated).toBe(false);
  });
});

describe('examples/shop/insecure', () => {
  it('has no policies: everything reaches everything, the hostNetwork db included', () => {
    const r = computeReachability(insecure());
    // debug-shell is the bare Pod of debug-pod.yaml: one pod, so no connection to itself.
    const names = ['default/debug-shell', 'ingress-nginx/ingress-nginx-controller', 'kube-system/coredns', 'shop/backend', 'shop/db', 'shop/frontend'];
    const expected: Record<string, unknown> = {};
    for (const from of names) {
      for (const to of names) if (!(from === to && from === 'default/debug-shell')) expected[`${from} -> ${to}`] = ALL;
      expected[`${from} -> ${EXT}`] = ALL;
      expected[`${EXT} -> ${from}`] = ALL;
    }
    expect(table(r)).toEqual(expected);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toContain('StatefulSet/shop/db');
  });
});

describe('toConnectionsJson', () => {
  it('writes schemaVersion 1 with peers in the documented key order', () => {
    const r = computeReachability(setOf(
      deploy('shop', 'frontend', { app: 'frontend' }),
      netpol('shop', 'p', {
        podSelector: {}, policyTypes: ['Ingress', 'Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 80 }, { port: 8080, endPort: 8090 }, { port: 53, protocol: 'UDP' }] }],
      }),
    ));
    expect(JSON.parse(toConnectionsJson(r))).toEqual({
      schemaVersion: 1,
      connections: [{
        from: { type: 'workload', namespace: 'shop', name: 'frontend', kind: 'Deployment' },
        to: { type: 'external', cidrs: ['0.0.0.0/0'] },
        allowed: { all: false, protocols: { TCP: [[80, 80], [8080, 8090]], UDP: [[53, 53]] } },
      }],
      notes: [expect.stringMatching(/^NetworkPolicy ipBlock peers are read as cluster-external addresses/)],
    });
    expect(toConnectionsJson(r, 0)).toContain('{"from":{"type":"workload","namespace":"shop","name":"frontend","kind":"Deployment"},"to":{"type":"external","cidrs":["0.0.0.0/0"]},"allowed":{"all":false,"protocols":{"TCP":[[80,80],[8080,8090]],"UDP":[[53,53]]}}}');
  });
});

describe('the analyzer', () => {
  it('is what rules get through ctx.use', () => {
    expect(reachability.id).toBe('network-reachability');
    expect(reachability.compute(hardened()).workloads).toHaveLength(5);
  });
});

describe('analyzeReachability', () => {
  it('answers several questions from one model, consistently with the one-shot functions', () => {
    const set = hardened();
    const a = analyzeReachability(set);
    expect(a.explain({ namespace: 'shop', name: 'backend' }, { namespace: 'shop', name: 'db', kind: 'StatefulSet' }, { port: 5432 }).allowed).toBe(true);
    expect(a.explain({ namespace: 'shop', name: 'backend' }, { namespace: 'shop', name: 'db' }, { port: 5433 }).allowed).toBe(false);
    expect(a.result()).toBe(a.result());
    expect(table(a.result())).toEqual(table(computeReachability(set)));
    expect(a.isolation()).toEqual(isolation(set));
  });
});
