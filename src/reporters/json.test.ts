import { CORE_RULES } from '../../test/core-rules.js';
import { describe, expect, it } from 'vitest';
import { parseManifests, scanObjects } from '../index.js';
import {
  SCHEMA_VERSION, summarize,
  type Finding, type ReportContext, type ScanResult,
} from '../model/index.js';
import { jsonDocument, jsonReportLines, renderJson } from './json.js';

const ctx: ReportContext = { rules: [], toolVersion: '1.2.3', color: true, failOn: 'medium' };

const fileFinding: Finding = {
  ruleId: 'run-as-non-root',
  area: 'workload',
  severity: 'high',
  message: 'Container "web" may run as root.',
  remediation: 'Set runAsNonRoot.',
  // Keys deliberately out of order: the report writes them in its own fixed order.
  object: { name: 'web', namespace: 'shop', kind: 'Deployment', apiVersion: 'apps/v1' },
  location: { endColumn: 30, endLine: 15, column: 11, line: 14, file: 'deploy/web.yaml' },
  path: 'spec.template.spec.containers[0].securityContext',
  suppressed: null,
};

const refFinding: Finding = {
  ruleId: 'default-deny',
  area: 'network',
  severity: 'medium',
  message: 'No default-deny policy.',
  remediation: 'Add one.',
  object: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' },
  location: { ref: 'cluster:prod/api/v1/namespaces/shop' },
  path: '',
  suppressed: { reason: 'tracked in SEC-9', kind: 'annotation' },
};

const result: ScanResult = {
  schemaVersion: SCHEMA_VERSION,
  findings: [fileFinding, refFinding],
  errors: [{ file: 'bad.yaml', line: 3, column: 7, message: 'bad indentation' }, { message: 'rule crashed' }],
  notes: [{ file: 'a.yaml', line: 2, message: 'document 2 skipped' }],
  notAssessed: [{ area: 'etcd', ruleId: 'etcd-tls', reason: 'no node files' }, { area: 'mtls', reason: 'no mesh' }],
  files: ['deploy/web.yaml', 'bad.yaml', 'a.yaml'],
  objects: 4,
  objectRefs: [fileFinding.object],
  rulesRun: ['run-as-non-root'],
  summary: summarize([fileFinding, refFinding], 4, 3, 2),
};

describe('renderJson', () => {
  it('writes the documented shape, with tool and failOn', () => {
    expect(JSON.parse(renderJson(result, ctx))).toEqual({
      schemaVersion: 1,
      tool: { name: 'kubeward', version: '1.2.3' },
      failOn: 'medium',
      findings: [
        {
          ruleId: 'run-as-non-root',
          area: 'workload',
          severity: 'high',
          message: 'Container "web" may run as root.',
          remediation: 'Set runAsNonRoot.',
          object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
          location: { file: 'deploy/web.yaml', line: 14, column: 11, endLine: 15, endColumn: 30 },
          path: 'spec.template.spec.containers[0].securityContext',
          suppressed: null,
        },
        {
          ruleId: 'default-deny',
          area: 'network',
          severity: 'medium',
          message: 'No default-deny policy.',
          remediation: 'Add one.',
          object: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' },
          location: { ref: 'cluster:prod/api/v1/namespaces/shop' },
          path: '',
          suppressed: { kind: 'annotation', reason: 'tracked in SEC-9' },
        },
      ],
      errors: [{ file: 'bad.yaml', line: 3, column: 7, message: 'bad indentation' }, { message: 'rule crashed' }],
      notes: [{ file: 'a.yaml', line: 2, message: 'document 2 skipped' }],
      notAssessed: [{ area: 'etcd', ruleId: 'etcd-tls', reason: 'no node files' }, { area: 'mtls', reason: 'no mesh' }],
      summary: {
        bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
        byArea: { etcd: 0, network: 0, mtls: 0, secrets: 0, workload: 1, access: 0 },
        suppressed: 1,
        objects: 4,
        files: 3,
        errors: 2,
      },
    });
  });

  it('writes keys in a fixed order', () => {
    const out = JSON.parse(renderJson(result, ctx));
    expect(Object.keys(out)).toEqual(['schemaVersion', 'tool', 'failOn', 'findings', 'errors', 'notes', 'notAssessed', 'summary']);
    expect(Object.keys(out.findings[0])).toEqual(['ruleId', 'area', 'severity', 'message', 'remediation', 'object', 'location', 'path', 'suppressed']);
    expect(Object.keys(out.findings[0].object)).toEqual(['apiVersion', 'kind', 'namespace', 'name']);
    expect(Object.keys(out.findings[0].location)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn']);
    expect(Object.keys(out.findings[1].suppressed)).toEqual(['kind', 'reason']);
    expect(Object.keys(out.summary.bySeverity)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });

  it('is pretty-printed, ends with a newline and has no colour codes', () => {
    const text = renderJson(result, ctx);
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain('\x1b');
  });

  it('reports an empty scan with zero counts', () => {
    const empty: ScanResult = { ...result, findings: [], errors: [], notes: [], notAssessed: [], summary: summarize([], 0, 0, 0) };
    const out = JSON.parse(renderJson(empty, { ...ctx, failOn: 'high' }));
    expect(out.findings).toEqual([]);
    expect(out.failOn).toBe('high');
    expect(out.summary.bySeverity).toEqual({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  });

  it('carries the real line and column of a scanned manifest', () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext:\n        privileged: true\n';
    const out = JSON.parse(renderJson(scanObjects(parseManifests(yaml, 'pod.yaml').objects, { rules: CORE_RULES, files: ['pod.yaml'] }), ctx));
    const f = out.findings.find((x: { ruleId: string }) => x.ruleId === 'no-privileged');
    // `privileged: true` on line 10, key after 8 spaces; the range ends after `true` (column 25).
    expect(f.location).toEqual({ file: 'pod.yaml', line: 10, column: 9, endLine: 10, endColumn: 25 });
    expect(f.object).toEqual({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p' });
    expect(out.summary.objects).toBe(1);
  });

  it('is written line by line exactly as JSON.stringify writes the whole document', () => {
    const tricky: Finding = { ...fileFinding, message: 'line one\nline "two"\u2028 \\ end', remediation: '' };
    const cases: ScanResult[] = [
      result,
      { ...result, findings: [], summary: summarize([], 4, 3, 2) },
      { ...result, findings: [tricky], summary: summarize([tricky], 4, 3, 2) },
      { ...result, findings: Array.from({ length: 50 }, (_, i) => ({ ...fileFinding, message: `m${i}` })) },
    ];
    for (const r of cases) {
      const whole = `${JSON.stringify(jsonDocument(r, ctx), null, 2)}\n`;
      expect(`${[...jsonReportLines(r, ctx)].join('\n')}\n`).toBe(whole);
      expect(renderJson(r, ctx)).toBe(whole);
    }
  });
});
