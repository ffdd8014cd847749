import { describe, expect, it } from 'vitest';
import type { IntentTestReport, NetpolConnectionsView, NetpolExplainReport, NetpolPeer } from '../model/netpol.js';
import {
  formatPortSet, renderConnectionsDot, renderConnectionsJson, renderConnectionsMermaid, renderConnectionsText,
  renderExplainText, renderIntentsText,
} from './netpol.js';

const web = { type: 'workload', namespace: 'shop', name: 'web', kind: 'Deployment' } as const;
const webJob = { type: 'workload', namespace: 'shop', name: 'web', kind: 'Job' } as const;
const odd = { type: 'workload', namespace: 'x', name: 'a"b\\c', kind: 'Pod' } as const;
const ext: NetpolPeer = { type: 'external', cidrs: ['0.0.0.0/0', '::/0'] };

const view: NetpolConnectionsView = {
  workloads: [web, webJob, odd],
  document: {
    schemaVersion: 1,
    connections: [
      { from: web, to: webJob, allowed: { all: false, protocols: { TCP: [[80, 80], [8080, 8090]], UDP: [[53, 53]] } } },
      { from: odd, to: ext, allowed: { all: true } },
    ],
    notes: ['a note'],
  },
};

describe('formatPortSet', () => {
  it('writes ranges per protocol, and all', () => {
    expect(formatPortSet({ all: true })).toBe('all ports');
    expect(formatPortSet({ all: false, protocols: { UDP: [[1, 65535]], TCP: [[22, 22], [1000, 2000]] } })).toBe('TCP 22, 1000-2000; UDP all');
    expect(formatPortSet({ all: false, protocols: {} })).toBe('nothing');
  });
});

describe('connections renderings', () => {
  it('text names the kind only where two workloads share a name', () => {
    // Column widths: FROM 21 ("shop/web (Deployment)"), TO 14, two spaces between columns.
    expect(renderConnectionsText(view)).toBe([
      `FROM${' '.repeat(17)}  TO${' '.repeat(12)}  ALLOWED`,
      'shop/web (Deployment)  shop/web (Job)  TCP 80, 8080-8090; UDP 53',
      `x/a"b\\c${' '.repeat(14)}  0.0.0.0/0 ::/0  all ports`,
      '',
      'Notes:',
      '  - a note',
      '',
      '2 connections among 3 workloads and external addresses.',
      '',
    ].join('\n'));
  });

  it('json is the document', () => {
    expect(JSON.parse(renderConnectionsJson(view.document))).toEqual(view.document);
  });

  it('dot escapes quotes and backslashes in labels', () => {
    const dot = renderConnectionsDot(view);
    expect(dot).toContain('    w2 [label="a\\"b\\\\c\\nPod"];');
    expect(dot).toContain('  x3 [label="0.0.0.0/0\\n::/0", shape=ellipse, style=dashed];');
    expect(dot).toContain('  w0 -> w1 [label="TCP 80, 8080-8090; UDP 53"];');
    expect(dot).toContain('  w2 -> x3 [label="all ports"];');
  });

  it('mermaid writes quotes as entities', () => {
    const m = renderConnectionsMermaid(view);
    expect(m).toContain('    w2["a#quot;b\\c<br/>Pod"]');
    expect(m).toContain('  x3(["0.0.0.0/0<br/>::/0"])');
    expect(m).toContain('  w0 -->|"TCP 80, 8080-8090; UDP 53"| w1');
  });

  it('text keeps terminal escapes out', () => {
    const evil = { type: 'workload', namespace: 'x', name: 'e\u001b[31m', kind: 'Pod' } as const;
    const out = renderConnectionsText({ workloads: [evil], document: { schemaVersion: 1, connections: [{ from: evil, to: evil, allowed: { all: true } }], notes: [] } });
    expect(out).not.toContain('\u001b');
    expect(out).toContain('x/e\\u001b[31m');
  });
});

describe('renderExplainText', () => {
  it('shows the passing ANP rule, the deciding rules and the policies, with locations', () => {
    const report: NetpolExplainReport = {
      schemaVersion: 1, allowed: false, from: web, to: ext, port: { port: 443, protocol: 'TCP' },
      egress: {
        decision: 'deny', tier: 'BANP',
        rules: [{ kind: 'BaselineAdminNetworkPolicy', name: 'default', direction: 'egress', index: 1, ruleName: 'no-internet', action: 'Deny', file: 'b.yaml', line: 12 }],
        policies: [{ kind: 'BaselineAdminNetworkPolicy', name: 'default', file: 'b.yaml', line: 1 }],
        passedBy: { kind: 'AdminNetworkPolicy', name: 'tenants', direction: 'egress', index: 0, action: 'Pass', ref: 'cluster:anp/tenants' },
        reason: 'passed on; denied.',
      },
      ingress: { decision: 'allow', tier: 'default', rules: [], policies: [], reason: 'the destination is outside the cluster: no ingress policy applies.' },
      notes: [],
    };
    expect(renderExplainText(report, { color: false })).toBe([
      'shop/web (Deployment) -> 0.0.0.0/0 ::/0 on 443/TCP: DENIED',
      '',
      'Egress at shop/web (Deployment): deny (decided by BANP)',
      '  passed on; denied.',
      '  passed on by:',
      '    AdminNetworkPolicy tenants egress rule 0 (Pass)  cluster:anp/tenants',
      '  denied by:',
      '    BaselineAdminNetworkPolicy default egress rule 1 "no-internet" (Deny)  b.yaml:12',
      '',
      'Ingress at 0.0.0.0/0 ::/0: allow (no policy decides)',
      '  the destination is outside the cluster: no ingress policy applies.',
      '',
    ].join('\n'));
  });
});

describe('renderIntentsText', () => {
  it('aligns locations, shows details under failures, and errors last', () => {
    const report: IntentTestReport = {
      schemaVersion: 1, file: 'i.yaml',
      results: [
        { name: 'a', file: 'i.yaml', line: 9, expect: 'deny', from: 'x', to: 'y', port: 'any port', status: 'pass', details: [] },
        { name: 'b', file: 'i.yaml', line: 12, expect: 'allow', from: 'x', to: 'y', port: '80/TCP', status: 'fail', details: ['x -> y 80/TCP: denied'] },
      ],
      errors: [{ file: 'i.yaml', line: 20, column: 5, message: 'intent 3: expect must be allow or deny' }],
      summary: { passed: 1, failed: 1, errors: 1 },
    };
    expect(renderIntentsText(report, { color: false })).toBe([
      'PASS  i.yaml:9   a',
      'FAIL  i.yaml:12  b',
      '        x -> y 80/TCP: denied',
      'error: i.yaml:20:5: intent 3: expect must be allow or deny',
      '',
      '2 intents: 1 passed, 1 failed, 1 error.',
      '',
    ].join('\n'));
  });
});
