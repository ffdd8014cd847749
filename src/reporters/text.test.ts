import { CORE_RULES } from '../../test/core-rules.js';
import { describe, expect, it } from 'vitest';
import { parseManifests, scanObjects } from '../index.js';
import {
  SCHEMA_VERSION, summarize,
  type Finding, type ReportContext, type ScanResult,
} from '../model/index.js';
import { renderText } from './text.js';

const ctx: ReportContext = { rules: [], toolVersion: '1.2.3', color: false, failOn: 'high' };
const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'run-as-non-root',
    area: 'workload',
    severity: 'high',
    message: 'Root.',
    remediation: 'Set runAsNonRoot.',
    object: web,
    location: { file: 'deploy.yaml', line: 14, column: 11, endLine: 14, endColumn: 30 },
    path: 'spec.template.spec.containers[0].securityContext',
    suppressed: null,
    ...over,
  };
}

function resultOf(findings: Finding[], extra: Partial<ScanResult> = {}, objects = 5, files = 2): ScanResult {
  const errors = extra.errors ?? [];
  return {
    schemaVersion: SCHEMA_VERSION,
    findings,
    errors,
    notes: [],
    notAssessed: [],
    files: [],
    objects,
    summary: summarize(findings, objects, files, errors.length),
    ...extra,
  };
}

const f1 = finding({
  ruleId: 'default-deny', area: 'network', severity: 'high', message: 'No default-deny policy.', remediation: 'Add one.',
  object: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }, location: { file: 'net.yaml', line: 1, column: 1, endLine: 3, endColumn: 1 },
});
const f2 = finding({
  ruleId: 'no-privileged', severity: 'critical', message: 'Runs privileged.', remediation: 'Remove privileged.',
  location: { file: 'deploy.yaml', line: 20, column: 13, endLine: 20, endColumn: 29 },
});
const f3 = finding();
const f4 = finding({
  ruleId: 'no-escalation', severity: 'medium', suppressed: { kind: 'config', reason: 'legacy' },
  location: { file: 'deploy.yaml', line: 30, column: 13, endLine: 30, endColumn: 40 },
});
const f5 = finding({ ruleId: 'low-rule', severity: 'low', message: 'Low thing.', remediation: 'Lower it.', location: { ref: 'cluster:prod/x' } });

const full = resultOf([f3, f2, f1, f5, f4], {
  errors: [{ file: 'bad.yaml', line: 3, column: 7, message: 'bad indentation' }],
  notes: [{ file: 'a.yaml', line: 2, message: 'document 2 skipped' }],
  notAssessed: [{ area: 'etcd', ruleId: 'etcd-tls', reason: 'no node files' }],
});

// eslint-disable-next-line no-control-regex -- stripping ANSI sequences
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('renderText', () => {
  it('groups by area, then severity worst first, and ends with summary and verdict', () => {
    expect(renderText(full, ctx)).toBe(`=== network: 1 finding ===

--- high (1) ---
net.yaml:1:1 high default-deny No default-deny policy. (Namespace/shop)
    fix: Add one.

=== workload: 3 findings ===

--- critical (1) ---
deploy.yaml:20:13 critical no-privileged Runs privileged. (Deployment/shop/web)
    fix: Remove privileged.

--- high (1) ---
deploy.yaml:14:11 high run-as-non-root Root. (Deployment/shop/web)
    fix: Set runAsNonRoot.

--- low (1) ---
cluster:prod/x low low-rule Low thing. (Deployment/shop/web)
    fix: Lower it.

Suppressed (1):
  deploy.yaml:30:13 no-escalation Deployment/shop/web (config exception: legacy)

Errors (1):
  bad.yaml:3:7: bad indentation

Notes (1):
  a.yaml:2: document 2 skipped

Not assessed (1):
  etcd (etcd-tls): no node files

Summary: 4 findings (1 critical, 2 high, 0 medium, 1 low, 0 info); 1 suppressed
By area: network 1, workload 3
Scanned 5 objects in 2 files; 1 error, 1 note, 1 not assessed.
FAIL: 3 findings at or above high (scan incomplete: 1 error)
`);
  });

  it('colours severities and the verdict only when asked', () => {
    const plain = renderText(full, ctx);
    expect(plain).not.toContain('\x1b');
    const coloured = renderText(full, { ...ctx, color: true });
    expect(coloured).toContain('\x1b[1;35mcritical\x1b[0m');
    expect(coloured).toContain('\x1b[31mhigh\x1b[0m');
    expect(coloured).toContain('\x1b[34mlow\x1b[0m');
    expect(coloured).toContain('\x1b[1mdeploy.yaml:20:13\x1b[0m');
    expect(coloured.trimEnd().split('\n').at(-1)).toBe('\x1b[1;31mFAIL: 3 findings at or above high (scan incomplete: 1 error)\x1b[0m');
    // Same words, same lines: colour changes nothing else.
    expect(stripAnsi(coloured)).toBe(plain);
  });

  it('says "No findings" and PASS when nothing is found', () => {
    const out = renderText(resultOf([]), ctx);
    expect(out).toBe(`No findings.

Summary: 0 findings (0 critical, 0 high, 0 medium, 0 low, 0 info); 0 suppressed
Scanned 5 objects in 2 files.
PASS: nothing at or above high
`);
    expect(renderText(resultOf([]), { ...ctx, color: true })).toContain('\x1b[1;32mPASS: nothing at or above high\x1b[0m');
  });

  it('still lists and counts suppressed findings when all are suppressed', () => {
    const out = renderText(resultOf([f4]), ctx);
    expect(out.split('\n')[0]).toBe('No findings.');
    expect(out).toContain('Suppressed (1):\n  deploy.yaml:30:13 no-escalation Deployment/shop/web (config exception: legacy)\n');
    expect(out).toContain('; 1 suppressed\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe('PASS: nothing at or above high');
  });

  it('counts only findings at or above failOn for the verdict', () => {
    expect(renderText(resultOf([f5]), ctx).trimEnd().split('\n').at(-1)).toBe('PASS: nothing at or above high');
    expect(renderText(resultOf([f5]), { ...ctx, failOn: 'low' }).trimEnd().split('\n').at(-1)).toBe('FAIL: 1 finding at or above low');
    expect(renderText(resultOf([f2, f3]), { ...ctx, failOn: 'critical' }).trimEnd().split('\n').at(-1)).toBe('FAIL: 1 finding at or above critical');
  });

  it('never reads as a pass when errors cut the scan short', () => {
    const out = renderText(resultOf([], { errors: [{ file: 'x.yaml', message: 'cannot read' }, { message: 'rule crashed' }] }), ctx);
    expect(out).toContain('Errors (2):\n  x.yaml: cannot read\n  rule crashed\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe('ERROR: scan incomplete (2 errors); nothing at or above high in what was read');
  });

  it('wraps long messages and remediations within 80 columns, keeping every word', () => {
    const message = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const remediation = Array.from({ length: 30 }, (_, i) => `step${i}`).join(' ');
    const out = renderText(resultOf([finding({ message, remediation })]), { ...ctx, color: true });
    const lines = stripAnsi(out).split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    const start = lines.findIndex((l) => l.startsWith('deploy.yaml:14:11 high run-as-non-root word0'));
    expect(start).toBeGreaterThan(0);
    const block = [];
    for (let i = start + 1; lines[i]!.startsWith('    '); i++) block.push(lines[i]!);
    const fixAt = block.findIndex((l) => l.startsWith('    fix: '));
    expect(block.slice(0, fixAt).join(' ').replace(/\s+/g, ' ').trim())
      .toBe(`${Array.from({ length: 40 }, (_, i) => `word${i}`).slice(lines[start]!.split(' ').length - 3).join(' ')} (Deployment/shop/web)`);
    expect(block.slice(fixAt).join(' ').replace(/\s+/g, ' ').trim()).toBe(`fix: ${remediation}`);
    // Continuation lines of the fix align under its text.
    expect(block[fixAt + 1]).toMatch(/^ {9}step/);
  });

  it('neutralises control characters from manifests', () => {
    const out = renderText(resultOf([finding({ message: 'evil \x1b]0;pwned\x07 \x1b[2J\nnext', object: { ...web, name: 'a\u202eb' } })]), ctx);
    // eslint-disable-next-line no-control-regex -- looking for the raw control characters
    expect(out).not.toMatch(/[\x1b\x07\u202e]/);
    expect(out).toContain('evil \\u001b]0;pwned\\u0007 \\u001b[2J next');
    expect(out).toContain('Deployment/shop/a\\u202eb');
  });

  it('prints what a real scan finds at its line and column', () => {
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          securityContext:\n            privileged: true\n';
    const scanned = scanObjects(parseManifests(yaml, 'web.yaml').objects, { rules: CORE_RULES, files: ['web.yaml'] });
    const out = renderText(scanned, ctx);
    // `privileged: true` is on line 13 after 12 spaces.
    expect(out).toMatch(/^web\.yaml:13:13 critical no-privileged Container "web" /m);
    expect(out).toContain('(Deployment/shop/web)');
    expect(out).toContain('Scanned 1 object in 1 file.');
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^FAIL: \d+ findings? at or above high$/);
  });
});
