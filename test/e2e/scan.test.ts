import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RULES, FIXTURES, findingKeys, kubeward, makeWorkspace, parseJsonReport, requireBuiltCli } from './run-cli.js';

let ws: { dir: string; cleanup: () => void };
beforeAll(() => {
  requireBuiltCli();
  ws = makeWorkspace('scan');
});
afterAll(() => ws?.cleanup());

const scan = (args: string[], extra: { input?: string; env?: Record<string, string> } = {}) =>
  kubeward(['scan', ...CORE_RULES, ...args], { cwd: ws.dir, ...extra });

const DEBUG_POD = readFileSync(path.join(FIXTURES, 'findings/debug-pod.yaml'), 'utf8');

describe('kubeward scan: exit codes', () => {
  it('0 for a clean folder', () => {
    const r = scan(['clean']);
    expect(r.stderr).toBe('');
    expect(r.status, r.stdout).toBe(0);
  });

  it('1 for a finding at or above the default threshold (high), with the finding on stdout', () => {
    const r = scan(['findings']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('no-privileged');
    expect(r.stdout).toContain('findings/debug-pod.yaml:11:9');
  });

  it('--fail-on moves the threshold: a high finding passes at critical and fails at medium', () => {
    const report = parseJsonReport(scan(['high-only', '-o', 'json']));
    expect(findingKeys(report)).toEqual(['run-as-non-root high-only/worker.yaml:22']);
    expect(report.findings[0]!.severity).toBe('high');
    expect(scan(['high-only']).status).toBe(1);
    expect(scan(['high-only', '--fail-on', 'critical']).status).toBe(0);
    expect(scan(['high-only', '--fail-on=medium']).status).toBe(1);
    expect(scan(['high-only', '--fail-on', 'high']).status).toBe(1);
  });

  it('2 when a finding and an input error come together: an incomplete scan is not a pass', () => {
    const r = scan(['findings', 'no-such-dir', '-o', 'json']);
    expect(r.status).toBe(2);
    const report = parseJsonReport(r);
    expect(report.findings.map((f) => f.ruleId)).toContain('no-privileged');
    expect(report.errors).toEqual([{ file: 'no-such-dir', message: 'cannot read: no such file or directory' }]);
    expect(r.stderr).toBe('kubeward: no-such-dir: cannot read: no such file or directory\n');
  });

  it('scans the current folder when no path is given', () => {
    const r = kubeward(['scan', ...CORE_RULES, '-o', 'json'], { cwd: path.join(ws.dir, 'findings') });
    expect(r.status).toBe(1);
    expect(findingKeys(parseJsonReport(r))).toContain('no-privileged debug-pod.yaml:11');
  });
});

describe('kubeward scan: usage errors exit 2 with one line on stderr', () => {
  it.each([
    [['--bogus'], 'kubeward: unknown option --bogus\n'],
    [['-z'], 'kubeward: unknown option -z\n'],
    [['--fail-on', 'severe', 'clean'], 'kubeward: --fail-on must be one of critical, high, medium, low, info (got "severe")\n'],
    [['-o', 'yaml', 'clean'], 'kubeward: --output must be one of text, json, sarif, junit, markdown (got "yaml")\n'],
    [['clean', '--fail-on'], 'kubeward: option --fail-on needs a value\n'],
    [['-', '-'], 'kubeward: stdin (-) can be given only once\n'],
  ])('scan %j', (args, stderr) => {
    const r = scan(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
  });

  it('--help prints the options and exits 0', () => {
    const r = scan(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: kubeward scan/);
    expect(r.stdout).toContain('--fail-on');
  });
});

describe('kubeward scan: stdin', () => {
  it('reads manifests from - and names them <stdin>', () => {
    const r = scan(['-', '-o', 'json'], { input: DEBUG_POD });
    expect(r.status).toBe(1);
    const report = parseJsonReport(r);
    expect(report.findings.find((f) => f.ruleId === 'no-privileged')?.location).toEqual({ file: '<stdin>', line: 11, column: 9, endLine: 11, endColumn: 25 });
    expect(report.summary.files).toBe(1);
  });

  it('reads stdin alongside folders', () => {
    const r = scan(['clean', '-', '-o', 'json'], { input: DEBUG_POD });
    const report = parseJsonReport(r);
    expect(r.status).toBe(1);
    expect(report.summary.files).toBe(2);
    expect(report.summary.objects).toBe(2);
  });

  it('empty stdin is a clean scan of nothing', () => {
    const r = scan(['-', '-o', 'json'], { input: '' });
    expect(r.status).toBe(0);
    expect(parseJsonReport(r).summary.objects).toBe(0);
  });

  it('malformed stdin is an error naming <stdin> with line and column', () => {
    const r = scan(['-', '-o', 'json'], { input: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n' });
    expect(r.status).toBe(2);
    expect(parseJsonReport(r).errors).toEqual([{ file: '<stdin>', line: 4, column: 1, message: 'invalid YAML: Tabs are not allowed as indentation' }]);
  });
});

describe('kubeward scan -o json', () => {
  it('is valid JSON with the documented fields', () => {
    const r = scan(['findings', 'clean', '-o', 'json']);
    expect(r.status).toBe(1);
    const report = parseJsonReport(r);
    expect(report.schemaVersion).toBe(1);
    for (const key of ['findings', 'errors', 'notes', 'notAssessed', 'summary']) expect(report).toHaveProperty(key);
    const f = report.findings.find((x) => x.ruleId === 'no-privileged')!;
    expect(f).toMatchObject({
      ruleId: 'no-privileged',
      area: 'workload',
      severity: 'critical',
      message: 'Container "shell" runs privileged.',
      object: { apiVersion: 'v1', kind: 'Pod', namespace: 'tools', name: 'debug' },
      location: { file: 'findings/debug-pod.yaml', line: 11, column: 9, endLine: 11, endColumn: 25 },
      path: 'spec.containers[0].securityContext.privileged',
      suppressed: null,
    });
    expect(f.remediation.length).toBeGreaterThan(10);
    expect(report.summary).toMatchObject({ objects: 2, files: 2, errors: 0, suppressed: 0 });
    expect(report.summary.bySeverity.critical).toBe(report.findings.filter((x) => x.severity === 'critical').length);
    expect(Object.keys(report.summary.byArea).sort()).toEqual(['access', 'etcd', 'mtls', 'network', 'secrets', 'workload']);
  });

  it('orders findings by location, whatever the order of the paths given', () => {
    const a = parseJsonReport(scan(['findings', 'high-only', 'clean', '-o', 'json']));
    const b = parseJsonReport(scan(['clean', 'high-only', 'findings', '-o', 'json']));
    expect(findingKeys(a)).toEqual(findingKeys(b));
    expect(findingKeys(a)).toEqual([
      'no-privilege-escalation findings/debug-pod.yaml:10',
      'run-as-non-root findings/debug-pod.yaml:10',
      'no-privileged findings/debug-pod.yaml:11',
      'run-as-non-root high-only/worker.yaml:22',
    ]);
  });
});

describe('kubeward scan: colour', () => {
  it('NO_COLOR turns colour off even when FORCE_COLOR asks for it', () => {
    const r = scan(['findings'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('no-privileged');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('--no-color turns it off too, and JSON is never coloured', () => {
    expect(scan(['findings', '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(scan(['findings', '-o', 'json'], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('no colour when stdout is not a terminal', () => {
    expect(scan(['findings']).stdout).not.toContain('\u001b[');
  });
});
