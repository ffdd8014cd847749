/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), as the
 * network-policy-api types document them. Expected values worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { anp, banp, deploy, namespace, netpol, setOf } from '../../../../test/fixtures/network/build.js';
import { ALL, EXT, into, outOf, ports, reach, table, tcp } from '../../../../test/fixtures/network/expect.js';
import { computeReachability, explainConnection } from './index.js';

const base = [
  namespace('prod', { env: 'prod' }), namespace('dev', { env: 'dev' }),
  deploy('prod', 'api', { app: 'api' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
  deploy('dev', 'tool', { app: 'tool' }),
  deploy('mon', 'scraper', { app: 'scraper' }), // namespace mon has no Namespace object
];
const nsSel = (labels: Record<string, string>) => ({ matchLabels: labels });
const fromDev = [{ namespaces: nsSel({ env: 'dev' }) }];
const prodSubject = { namespaces: nsSel({ env: 'prod' }) };
const allowAllPods = netpol('prod', 'from-all-pods', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
const denyIngress = netpol('prod', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });

describe('ANP: priority order, first matching rule wins, Allow and Deny are final', () => {
  const denyDev = anp('deny-dev', { priority: 20, subject: prodSubject, ingress: [{ name: 'deny-dev', action: 'Deny', from: fromDev }] });
  const allow8080 = (priority: number) => anp('allow-8080', {
    priority,
    subject: { pods: { namespaceSelector: nsSel({ env: 'prod' }), podSelector: nsSel({ app: 'api' }) } },
    ingress: [{ action: 'Allow', from: fromDev, ports: [{ portNumber: { protocol: 'TCP', port: 8080 } }] }],
  });

  it('the lower priority number decides first; Deny overrides what NetworkPolicy allows', () => {
    expect(into(reach([...base, allowAllPods, denyDev, allow8080(10)]), 'prod/api')).toEqual({
      'dev/tool -> prod/api': tcp(8080), // Allow at 10 takes TCP 8080, Deny at 20 the rest
      'mon/scraper -> prod/api': ALL, // no ANP matches; the NetworkPolicy allows all pods
      'prod/api -> prod/api': ALL,
    });
    expect(into(reach([...base, allowAllPods, denyDev, allow8080(30)]), 'prod/api')).toEqual({
      'mon/scraper -> prod/api': ALL,
      'prod/api -> prod/api': ALL,
    });
  });

  it('Allow overrides NetworkPolicy isolation; namedPort resolves on the subject for ingress', () => {
    const allowMon = anp('allow-mon', {
      priority: 5, subject: prodSubject,
      ingress: [{ action: 'Allow', from: [{ namespaces: nsSel({ 'kubernetes.io/metadata.name': 'mon' }) }], ports: [{ namedPort: 'http' }] }],
    });
    expect(into(reach([...base, denyIngress, allowMon]), 'prod/api')).toEqual({ 'mon/scraper -> prod/api': tcp(8080) });
  });

  it('rules of one ANP apply in written order; portRange', () => {
    const ordered = anp('ordered', {
      priority: 1, subject: prodSubject,
      ingress: [
        { action: 'Deny', from: fromDev, ports: [{ portRange: { protocol: 'TCP', start: 8000, end: 8100 } }] },
        { action: 'Allow', from: fromDev },
      ],
    });
    expect(into(reach([...base, denyIngress, ordered]), 'prod/api')).toEqual({
      'dev/tool -> prod/api': ports({ TCP: [[1, 7999], [8101, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] }),
    });
  });
});

describe('ANP Pass hands over to NetworkPolicy, or to the BANP when no NetworkPolicy selects the pod', () => {
  const objs = [
    ...base,
    anp('pass', { priority: 1, subject: { namespaces: {} }, ingress: [{ name: 'pass-dev', action: 'Pass', from: fromDev }] }),
    anp('deny-later', { priority: 2, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: fromDev }] }),
    netpol('prod', 'from-dev', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: nsSel({ env: 'dev' }) }], ports: [{ port: 80 }] }] }),
    banp({ subject: { namespaces: {} }, ingress: [{ name: 'deny-dev', action: 'Deny', from: fromDev }] }),
  ];

  it('skips the later Deny ANP', () => {
    expect(reach(objs)).toEqual({
      'dev/tool -> prod/api': tcp(80), // passed to the NetworkPolicy of prod
      [`dev/tool -> ${EXT}`]: ALL,
      // dev -> dev and dev -> mon: passed, no NetworkPolicy there, the BANP denies.
      'mon/scraper -> dev/tool': ALL, 'mon/scraper -> mon/scraper': ALL, [`mon/scraper -> ${EXT}`]: ALL,
      'prod/api -> dev/tool': ALL, 'prod/api -> mon/scraper': ALL, [`prod/api -> ${EXT}`]: ALL,
      [`${EXT} -> dev/tool`]: ALL, [`${EXT} -> mon/scraper`]: ALL,
    });
  });

  it('explains which tier decided and which Pass rule handed it down', () => {
    const set = setOf(...objs);
    const toApi = explainConnection(set, { namespace: 'dev', name: 'tool' }, { namespace: 'prod', name: 'api' }, { port: 80 });
    expect(toApi.allowed).toBe(true);
    expect(toApi.egress).toMatchObject({ decision: 'allow', tier: 'default', rules: [] });
    expect(toApi.ingress).toMatchObject({
      decision: 'allow', tier: 'NetworkPolicy',
      rules: [{ kind: 'NetworkPolicy', namespace: 'prod', name: 'from-dev', direction: 'ingress', index: 0 }],
      passedBy: { kind: 'AdminNetworkPolicy', name: 'pass', direction: 'ingress', index: 0, ruleName: 'pass-dev', action: 'Pass' },
    });
    const toMon = explainConnection(set, { namespace: 'dev', name: 'tool' }, { namespace: 'mon', name: 'scraper' }, { port: 80, protocol: 'TCP' });
    expect(toMon.allowed).toBe(false);
    expect(toMon.ingress).toMatchObject({
      decision: 'deny', tier: 'BANP',
      rules: [{ kind: 'BaselineAdminNetworkPolicy', name: 'default', direction: 'ingress', index: 0, ruleName: 'deny-dev', action: 'Deny' }],
    });
    const port81 = explainConnection(set, { namespace: 'dev', name: 'tool' }, { namespace: 'prod', name: 'api' }, { port: 81 });
    expect(port81.allowed).toBe(false);
    expect(port81.ingress).toMatchObject({ decision: 'deny', tier: 'NetworkPolicy', rules: [], policies: [{ kind: 'NetworkPolicy', namespace: 'prod', name: 'from-dev' }] });
  });
});

describe('BANP applies only to pods no NetworkPolicy selects for the direction', () => {
  it('is skipped for prod (isolated by a NetworkPolicy) and decides for the others', () => {
    expect(reach([
      ...base,
      netpol('prod', 'from-dev', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: nsSel({ env: 'dev' }) }], ports: [{ port: 80 }] }] }),
      banp({ subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }),
    ])).toEqual({
      'dev/tool -> prod/api': tcp(80),
      [`dev/tool -> ${EXT}`]: ALL, [`mon/scraper -> ${EXT}`]: ALL, [`prod/api -> ${EXT}`]: ALL,
      // BANP peers are namespaces and pods: traffic from outside is not theirs to deny.
      [`${EXT} -> dev/tool`]: ALL, [`${EXT} -> mon/scraper`]: ALL,
    });
  });

  it('ignores a BANP not named default', () => {
    const r = computeReachability(setOf(...base, banp({ subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }, 'other')));
    expect(table(r)['dev/tool -> prod/api']).toEqual(ALL);
    expect(r.notes).toContain('BaselineAdminNetworkPolicy other: only one named "default" can exist; ignored.');
  });
});

describe('ANP egress: networks (CIDR) peers, namedPort on the destination', () => {
  it('Deny and Allow on networks, then NetworkPolicy egress isolation for the rest', () => {
    const t = reach([
      ...base,
      netpol('prod', 'no-egress', { podSelector: {}, policyTypes: ['Egress'] }),
      anp('egress', {
        priority: 1, subject: prodSubject,
        egress: [
          { action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] },
          { action: 'Allow', to: [{ networks: ['10.0.0.0/8', '169.254.0.0/16'] }], ports: [{ portNumber: { protocol: 'TCP', port: 5432 } }] },
        ],
      }),
    ]);
    expect(outOf(t, 'prod/api')).toEqual({
      'prod/api -> 10.0.0.0/8 169.254.0.0/17 169.254.128.0/19 169.254.160.0/21 169.254.168.0/24 169.254.169.0/25 169.254.169.128/26 169.254.169.192/27 169.254.169.224/28 169.254.169.240/29 169.254.169.248/30 169.254.169.252/31 169.254.169.255/32 169.254.170.0/23 169.254.172.0/22 169.254.176.0/20 169.254.192.0/18': tcp(5432),
    });
  });

  it('a network covering a whole family matches pod traffic too; a partial one only with podCidrs', () => {
    const denyV4 = anp('deny-v4', { priority: 1, subject: { namespaces: nsSel({ env: 'dev' }) }, egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] });
    expect(outOf(reach([...base, denyV4]), 'dev/tool')).toEqual({ 'dev/tool -> ::/0': ALL });

    const deny10 = anp('deny-10', { priority: 1, subject: { namespaces: nsSel({ env: 'dev' }) }, egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }] });
    const without = computeReachability(setOf(...base, deny10));
    expect(table(without)['dev/tool -> prod/api']).toEqual(ALL);
    expect(without.notes).toContain('AdminNetworkPolicy deny-10 egress[0]: networks peer is not a whole address family and pod CIDRs are unknown (option podCidrs); it is taken to match no pods.');
    expect(outOf(reach([...base, deny10], { podCidrs: ['10.244.0.0/16'] }), 'dev/tool')).toEqual({
      'dev/tool -> 0.0.0.0/5 8.0.0.0/7 11.0.0.0/8 12.0.0.0/6 16.0.0.0/4 32.0.0.0/3 64.0.0.0/2 128.0.0.0/1 ::/0': ALL,
    });
  });

  it('egress namedPort resolves on the destination pod', () => {
    const t = reach([
      ...base,
      netpol('mon', 'no-egress', { podSelector: {}, policyTypes: ['Egress'] }),
      anp('scrape', {
        priority: 3,
        subject: { pods: { namespaceSelector: nsSel({ 'kubernetes.io/metadata.name': 'mon' }), podSelector: {} } },
        egress: [{ action: 'Allow', to: [{ pods: { namespaceSelector: nsSel({ env: 'prod' }), podSelector: {} } }], ports: [{ namedPort: 'http' }] }],
      }),
    ]);
    expect(outOf(t, 'mon/scraper')).toEqual({ 'mon/scraper -> prod/api': tcp(8080) });
  });
});

describe('hostNetwork pods are neither ANP subjects nor namespace/pod peers', () => {
  it('leaves them open both ways', () => {
    const t = reach([
      ...base,
      deploy('prod', 'host', { app: 'host' }, { hostNetwork: true }),
      anp('deny-all', {
        priority: 1, subject: { namespaces: {} },
        ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
        egress: [{ action: 'Deny', to: [{ namespaces: {} }] }],
      }),
    ]);
    expect(t['prod/host -> prod/api']).toEqual(ALL);
    expect(t['prod/api -> prod/host']).toEqual(ALL);
    expect(t['prod/host -> prod/host']).toEqual(ALL);
    expect(t['dev/tool -> prod/api']).toBeUndefined();
    expect(t[`${EXT} -> prod/api`]).toEqual(ALL);
  });
});
