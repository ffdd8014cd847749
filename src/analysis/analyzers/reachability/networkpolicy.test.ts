/**
 * NetworkPolicy semantics, one block per point. Expected tables are worked out by hand from the
 * API reference and kubernetes.io "Network Policies"; `EXT` is the whole external address space.
 */
import { describe, expect, it } from 'vitest';
import { deploy, namespace, netpol, pod, setOf } from '../../../../test/fixtures/network/build.js';
import { ALL, EXT, into, outOf, ports, reach, table, tcp, udp } from '../../../../test/fixtures/network/expect.js';
import { computeReachability } from './index.js';

const a = deploy('x', 'a', { app: 'a' });
const b = deploy('x', 'b', { app: 'b' });
const c = deploy('x', 'c', { app: 'c' });

describe('a connection needs egress allowed at the source and ingress allowed at the destination', () => {
  it('ingress allowed at b is not enough when a has no egress rule to b', () => {
    const t = reach([
      a, b,
      netpol('x', 'b-in', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }] }),
      netpol('x', 'a-out', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'] }),
    ]);
    expect(t).toEqual({
      // b: egress open; a's ingress open; b's own ingress only from a.
      'x/b -> x/a': ALL,
      [`x/b -> ${EXT}`]: ALL,
      [`${EXT} -> x/a`]: ALL,
    });
  });

  it('the allowed ports are the intersection of both sides', () => {
    const t = reach([
      a, b,
      netpol('x', 'b-in', {
        podSelector: { matchLabels: { app: 'b' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80, endPort: 90 }] }],
      }),
      netpol('x', 'a-out', {
        podSelector: { matchLabels: { app: 'a' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: { matchLabels: { app: 'b' } } }], ports: [{ port: 85, endPort: 100 }, { port: 53, protocol: 'UDP' }] }],
      }),
    ]);
    expect(t['x/a -> x/b']).toEqual(tcp([85, 90]));
    expect(outOf(t, 'x/a')).toEqual({ 'x/a -> x/b': tcp([85, 90]) });
  });
});

describe('NetworkPolicies add up; a pod no policy selects is not isolated', () => {
  it('unions the rules of every policy selecting the pod, and leaves c open', () => {
    const t = reach([
      a, b, c,
      netpol('x', 'p1', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] }] }),
      netpol('x', 'p2', {
        podSelector: { matchLabels: { app: 'b' } },
        ingress: [
          { from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 443 }] },
          { from: [{ podSelector: { matchLabels: { app: 'c' } } }], ports: [{ port: 53, protocol: 'UDP' }] },
        ],
      }),
      // A policy elsewhere does not touch namespace x.
      netpol('y', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    ]);
    expect(t).toEqual({
      'x/a -> x/a': ALL, 'x/a -> x/b': tcp(80, 443), 'x/a -> x/c': ALL, [`x/a -> ${EXT}`]: ALL,
      'x/b -> x/a': ALL, 'x/b -> x/c': ALL, [`x/b -> ${EXT}`]: ALL,
      'x/c -> x/a': ALL, 'x/c -> x/b': udp(53), 'x/c -> x/c': ALL, [`x/c -> ${EXT}`]: ALL,
      [`${EXT} -> x/a`]: ALL, [`${EXT} -> x/c`]: ALL,
    });
  });
});

describe('policyTypes defaulting: Ingress always, Egress only with egress rules', () => {
  it('without policyTypes and with only ingress rules, egress stays open', () => {
    const t = reach([a, b, netpol('x', 'p', { podSelector: { matchLabels: { app: 'a' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'b' } } }] }] })]);
    // a -> a is blocked by a's own ingress (only from b), not by egress.
    expect(outOf(t, 'x/a')).toEqual({ 'x/a -> x/b': ALL, [`x/a -> ${EXT}`]: ALL });
  });

  it('without policyTypes, egress rules isolate both directions', () => {
    const t = reach([a, b, netpol('x', 'p', { podSelector: { matchLabels: { app: 'a' } }, egress: [{ to: [{ podSelector: { matchLabels: { app: 'b' } } }] }] })]);
    expect(t).toEqual({
      'x/a -> x/b': ALL,
      'x/b -> x/b': ALL, [`x/b -> ${EXT}`]: ALL,
      [`${EXT} -> x/b`]: ALL,
    });
  });

  it('without policyTypes, `egress: []` does not add Egress (upstream defaulting tests len(egress) != 0)', () => {
    const t = reach([a, b, netpol('x', 'p', { podSelector: { matchLabels: { app: 'a' } }, egress: [] })]);
    expect(outOf(t, 'x/a')).toEqual({ 'x/a -> x/b': ALL, [`x/a -> ${EXT}`]: ALL });
    expect(into(t, 'x/a')).toEqual({});
  });

  it('policyTypes [Egress] ignores ingress rules and leaves ingress open, with a note', () => {
    const r = computeReachability(setOf(a, b, netpol('x', 'p', {
      podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'b' } } }] }],
    })));
    expect(into(table(r), 'x/a')).toEqual({ 'x/b -> x/a': ALL, [`${EXT} -> x/a`]: ALL });
    expect(outOf(table(r), 'x/a')).toEqual({});
    expect(r.notes).toContain('NetworkPolicy x/p: has ingress rules but policyTypes lacks Ingress; they have no effect.');
  });
});

describe('an empty podSelector selects every pod of the policy namespace, and only those', () => {
  it('isolates x/a, not y/c', () => {
    const t = reach([a, deploy('y', 'c', { app: 'c' }), netpol('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })]);
    expect(t).toEqual({
      'x/a -> y/c': ALL, [`x/a -> ${EXT}`]: ALL,
      'y/c -> y/c': ALL, [`y/c -> ${EXT}`]: ALL,
      [`${EXT} -> y/c`]: ALL,
    });
  });
});

describe('rules: an empty list isolates, `- {}` allows all, no peers matches every peer, no ports means all', () => {
  const target = { podSelector: { matchLabels: { app: 'a' } } };

  it('`ingress: []` and an absent ingress both isolate', () => {
    for (const spec of [{ ...target, ingress: [] }, { ...target, policyTypes: ['Ingress'] }]) {
      expect(into(reach([a, b, netpol('x', 'p', spec)]), 'x/a')).toEqual({});
    }
  });

  it('`- {}` allows everything, from pods and from outside', () => {
    expect(into(reach([a, b, netpol('x', 'deny', { podSelector: {} }), netpol('x', 'p', { ...target, ingress: [{}] })]), 'x/a'))
      .toEqual({ 'x/a -> x/a': ALL, 'x/b -> x/a': ALL, [`${EXT} -> x/a`]: ALL });
  });

  it('a rule with ports and no from matches every source, external included', () => {
    expect(into(reach([a, b, netpol('x', 'p', { ...target, ingress: [{ ports: [{ port: 8080 }] }] })]), 'x/a'))
      .toEqual({ 'x/a -> x/a': tcp(8080), 'x/b -> x/a': tcp(8080), [`${EXT} -> x/a`]: tcp(8080) });
  });

  it('an empty from list matches every source too', () => {
    expect(into(reach([a, netpol('x', 'p', { ...target, ingress: [{ from: [], ports: [{ port: 1 }] }] })]), 'x/a'))
      .toEqual({ 'x/a -> x/a': tcp(1), [`${EXT} -> x/a`]: tcp(1) });
  });

  it('no ports means every port of every protocol; a protocol without port means all its ports', () => {
    const t = reach([a, b, c, netpol('x', 'p', {
      ...target,
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: 'b' } } }] },
        { from: [{ podSelector: { matchLabels: { app: 'c' } } }], ports: [{ protocol: 'UDP' }, { protocol: 'SCTP', port: 9999 }] },
      ],
    })]);
    expect(into(t, 'x/a')).toEqual({ 'x/b -> x/a': ALL, 'x/c -> x/a': ports({ UDP: [[1, 65535]], SCTP: [9999] }) });
  });
});

describe('peers: namespaceSelector AND podSelector in one peer, OR across peers, namespace defaults', () => {
  const objs = [
    namespace('alpha', { team: 'blue' }), namespace('beta', { team: 'green' }),
    deploy('alpha', 'server', { app: 'server' }),
    deploy('alpha', 'client', { role: 'client' }), deploy('alpha', 'other', { role: 'other' }),
    deploy('beta', 'client', { role: 'client' }), deploy('beta', 'other', { role: 'other' }),
    netpol('alpha', 'p', {
      podSelector: { matchLabels: { app: 'server' } },
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { team: 'green' } }, podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 1 }] },
        { from: [{ namespaceSelector: { matchLabels: { team: 'green' } } }, { podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 2 }] },
        { from: [{ namespaceSelector: {} }], ports: [{ port: 3 }] },
        { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: 'other' } } }], ports: [{ port: 4 }] },
      ],
    }),
  ];

  it('gives each source exactly the rules its peers match (merged ranges)', () => {
    expect(into(reach(objs), 'alpha/server')).toEqual({
      'alpha/client -> alpha/server': tcp([2, 3]), // podSelector alone: own namespace (2); all namespaces (3)
      'alpha/other -> alpha/server': tcp([3, 4]),
      'alpha/server -> alpha/server': tcp(3),
      'beta/client -> alpha/server': tcp([1, 3]), // AND peer (1), green namespace (2), all (3)
      'beta/other -> alpha/server': tcp([2, 4]),
      // namespaceSelector {} means every pod, not every address: nothing from outside.
    });
  });
});

describe('kubernetes.io/metadata.name is set on every namespace', () => {
  it('holds for namespaces only referenced, declared without it, or declared with another value', () => {
    const sel = (name: string, port: number) => ({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }], ports: [{ port }],
    });
    const t = reach([
      deploy('kube-system', 'dns', { k: 'dns' }), // no Namespace object at all
      namespace('declared'), deploy('declared', 'x', { k: 'x' }),
      namespace('liar', { 'kubernetes.io/metadata.name': 'claims-other' }), deploy('liar', 'y', { k: 'y' }),
      deploy('app', 'server', { app: 'server' }),
      netpol('app', 'p', { podSelector: {}, ingress: [sel('kube-system', 1), sel('declared', 2), sel('claims-other', 3), sel('liar', 4)] }),
    ]);
    expect(into(t, 'app/server')).toEqual({
      'kube-system/dns -> app/server': tcp(1),
      'declared/x -> app/server': tcp(2),
      'liar/y -> app/server': tcp(4),
    });
  });
});

describe('named ports: resolved per destination pod, by name and protocol', () => {
  const webA = deploy('x', 'web-a', { role: 'web', v: 'a' }, { ports: [{ name: 'http', containerPort: 8080 }] });
  const webB = deploy('x', 'web-b', { role: 'web', v: 'b' }, { ports: [{ name: 'http', containerPort: 9090 }] });
  const noHttp = deploy('x', 'web-c', { role: 'web', v: 'c' }, { ports: [{ name: 'https', containerPort: 8443 }] });
  const client = deploy('x', 'client', { role: 'client' }, { ports: [{ name: 'http', containerPort: 1111 }] });

  it('ingress: each destination gets its own number; a pod without the name gets nothing', () => {
    const t = reach([webA, webB, noHttp, client, netpol('x', 'p', {
      podSelector: { matchLabels: { role: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 'http' }] }],
    })]);
    expect(outOf(t, 'x/client')).toEqual({
      'x/client -> x/client': ALL, 'x/client -> x/web-a': tcp(8080), 'x/client -> x/web-b': tcp(9090), [`x/client -> ${EXT}`]: ALL,
    });
  });

  it('egress: named ports resolve on the destination, not on the source', () => {
    const t = reach([webA, webB, client, netpol('x', 'p', {
      podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { role: 'web' } } }], ports: [{ port: 'http', protocol: 'TCP' }] }],
    })]);
    expect(outOf(t, 'x/client')).toEqual({ 'x/client -> x/web-a': tcp(8080), 'x/client -> x/web-b': tcp(9090) });
  });

  it('the protocol must match: `dns` (UDP) is not matched by a TCP named port', () => {
    const dns = deploy('x', 'dns', { app: 'dns' }, {
      ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153 }],
    });
    const t = reach([dns, a, b,
      netpol('x', 'p', { podSelector: { matchLabels: { app: 'dns' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 'dns' }, { port: 'dns-tcp' }] }] }),
      netpol('x', 'q', { podSelector: { matchLabels: { app: 'dns' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'b' } } }], ports: [{ port: 'dns', protocol: 'UDP' }, { port: 'metrics', protocol: 'UDP' }] }] }),
    ]);
    expect(into(t, 'x/dns')).toEqual({ 'x/a -> x/dns': tcp(53), 'x/b -> x/dns': udp(53) });
  });

  it('endPort ranges merge with other entries', () => {
    const t = reach([a, b, netpol('x', 'p', {
      podSelector: { matchLabels: { app: 'b' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 8000, endPort: 8100 }, { protocol: 'TCP', port: 8050, endPort: 8200 }, { port: 8201 }, { protocol: 'UDP', port: 53 }] }],
    })]);
    expect(t['x/a -> x/b']).toEqual(ports({ TCP: [[8000, 8201]], UDP: [53] }));
  });
});

describe('ipBlock: external addresses with except, IPv4 and IPv6, minimal CIDR lists', () => {
  const objs = [
    a, b, c,
    netpol('x', 'a-out', {
      podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '2001:db8::/32' } }], ports: [{ port: 443 }] },
        // 0.0.0.0/0 is every IPv4 address outside the cluster, but not pod b.
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 53, protocol: 'UDP' }] },
      ],
    }),
    netpol('x', 'b-in', {
      podSelector: { matchLabels: { app: 'b' } },
      ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.1.0/24', '192.168.2.0/24'] } }] }],
    }),
  ];

  it('egress from a: per-range port sets, grouped, as minimal CIDR lists', () => {
    expect(outOf(reach(objs), 'x/a')).toEqual({
      'x/a -> 0.0.0.0/5 8.0.0.0/7 10.1.0.0/16 11.0.0.0/8 12.0.0.0/6 16.0.0.0/4 32.0.0.0/3 64.0.0.0/2 128.0.0.0/1': udp(53),
      'x/a -> 10.0.0.0/16 10.2.0.0/15 10.4.0.0/14 10.8.0.0/13 10.16.0.0/12 10.32.0.0/11 10.64.0.0/10 10.128.0.0/9': ports({ TCP: [443], UDP: [53] }),
      'x/a -> 2001:db8::/32': tcp(443),
    });
  });

  it('ingress to b: only from the block minus its exceptions, never from pods', () => {
    expect(into(reach(objs), 'x/b')).toEqual({
      '192.168.0.0/24 192.168.3.0/24 192.168.4.0/22 192.168.8.0/21 192.168.16.0/20 192.168.32.0/19 192.168.64.0/18 192.168.128.0/17 -> x/b': ALL,
    });
  });

  it('says how ipBlock is read', () => {
    expect(computeReachability(setOf(...objs)).notes.some((n) => n.startsWith('NetworkPolicy ipBlock peers are read as cluster-external addresses'))).toBe(true);
  });
});

describe('hostNetwork pods are not governed by NetworkPolicy', () => {
  const host = deploy('x', 'host', { app: 'host' }, { hostNetwork: true });
  const base = [
    host, a, b,
    netpol('x', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    // Selects the hostNetwork pod as well: no effect on it.
    netpol('x', 'a-in', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 80 }] }] }),
  ];

  it('is unrestricted itself, and matched as a peer only by address rules covering node addresses', () => {
    const t = reach([...base, netpol('x', 'b-in', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 81 }] }] })]);
    expect(t).toEqual({
      'x/host -> x/b': tcp(81), // 0.0.0.0/0 holds the node addresses; podSelector {} does not match it
      'x/host -> x/host': ALL,
      [`x/host -> ${EXT}`]: ALL,
      '0.0.0.0/0 -> x/b': tcp(81),
      [`${EXT} -> x/host`]: ALL,
    });
  });

  it('with nodeCidrs, a block containing them matches, and they leave the external space', () => {
    const objs = [...base, netpol('x', 'b-in', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16' } }], ports: [{ port: 81 }] }] })];
    expect(reach(objs)['x/host -> x/b']).toBeUndefined();
    const t = reach(objs, { nodeCidrs: ['192.168.0.0/24'] });
    expect(t['x/host -> x/b']).toEqual(tcp(81));
    expect(into(t, 'x/b')).toEqual({
      'x/host -> x/b': tcp(81),
      '192.168.1.0/24 192.168.2.0/23 192.168.4.0/22 192.168.8.0/21 192.168.16.0/20 192.168.32.0/19 192.168.64.0/18 192.168.128.0/17 -> x/b': tcp(81),
    });
  });

  it('says so in the notes', () => {
    const r = computeReachability(setOf(...base));
    expect(r.notes[0]).toMatch(/^hostNetwork workloads \(Deployment\/x\/host\) are not governed by NetworkPolicy/);
    expect(r.workloads.find((w) => w.name === 'host')!.hostNetwork).toBe(true);
  });
});

describe('input the API server would reject', () => {
  it('reports it and lets the broken piece match nothing', () => {
    const r = computeReachability(setOf(a, b, netpol('x', 'p', {
      podSelector: { matchLabels: { app: 'b' } },
      ingress: [{ from: [{}, { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }, { podSelector: { matchExpressions: [{ key: 'k', operator: 'Bogus' }] } }] }],
    })));
    expect(into(table(r), 'x/b')).toEqual({});
    expect(r.notes).toEqual(expect.arrayContaining([
      'NetworkPolicy x/p ingress[0] from[0]: a peer must set podSelector, namespaceSelector or ipBlock; it matches nothing.',
      'NetworkPolicy x/p ingress[0] from[1]: ipBlock cannot be combined with selectors (the API rejects this); the peer matches nothing.',
      'NetworkPolicy x/p ingress[0] from[2] podSelector: invalid label selector (unknown operator Bogus); it selects nothing.',
    ]));
  });

  it('ignores policies of other API groups with a note', () => {
    const r = computeReachability(setOf(a, { apiVersion: 'crd.projectcalico.org/v1', kind: 'NetworkPolicy', metadata: { name: 'c', namespace: 'x' }, spec: { podSelector: {} } }));
    expect(table(r)[`${EXT} -> x/a`]).toEqual(ALL);
    expect(r.notes).toContain('NetworkPolicy x/c has apiVersion crd.projectcalico.org/v1, not networking.k8s.io/v1: not analysed.');
  });
});

describe('pods of one workload that policies tell apart', () => {
  it('unions them at the workload level', () => {
    const objs = [
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'x' }, spec: { template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } },
      pod('x', 'db-0', { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' }, { owner: { kind: 'StatefulSet', name: 'db' } }),
      pod('x', 'db-1', { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-1' }, { owner: { kind: 'StatefulSet', name: 'db' } }),
      netpol('x', 'only-db-0', { podSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': 'db-0' } }, ingress: [] }),
    ];
    const r = computeReachability(setOf(...objs));
    expect(r.workloads.map((w) => w.id)).toEqual(['StatefulSet/x/db']);
    // db-1 still accepts anything; db-0 accepts nothing.
    expect(table(r)).toEqual({ 'x/db -> x/db': ALL, [`x/db -> ${EXT}`]: ALL, [`${EXT} -> x/db`]: ALL });
    expect(r.isolation.workloads[0]!.ingress).toEqual({
      isolated: false, policies: [{ kind: 'NetworkPolicy', namespace: 'x', name: 'only-db-0' }], adminPolicies: [], baseline: false,
    });
  });
});
