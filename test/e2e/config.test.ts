import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RULES, findingKeys, kubeward, makeWorkspace, parseJsonReport, requireBuiltCli } from './run-cli.js';

let ws: { dir: string; cleanup: () => void };
beforeAll(() => {
  requireBuiltCli();
  ws = makeWorkspace('config');
});
afterAll(() => ws?.cleanup());

const scan = (args: string[], cwd = ws.dir) => kubeward(['scan', ...CORE_RULES, ...args], { cwd });

describe('.kubeward.yaml found next to the scanned folder', () => {
  it('applies rules, exclude, exceptions and failOn', () => {
    const r = scan(['configured', '-o', 'json']);
    const report = parseJsonReport(r);
    expect(r.stderr).toBe('');
    expect(report.errors).toEqual([]);
    // no-privilege-escalation is off; vendor/ is excluded; the DaemonSet's finding is an accepted risk.
    expect(findingKeys(report)).toEqual([
      'run-as-non-root configured/app.yaml:8',
      'run-as-non-root configured/node-exporter.yaml:16 (suppressed)',
    ]);
    expect(report.findings[1]!.suppressed).toEqual({ kind: 'config', reason: 'needs root to read host metrics; reviewed 2026-10' });
    expect(report.summary).toMatchObject({ suppressed: 1, files: 2, objects: 2 });
    expect(report.summary.bySeverity.high).toBe(1);
    // failOn: critical in the config: the unsuppressed high finding does not fail the run.
    expect(r.status).toBe(0);
  });

  it('--fail-on on the command line beats failOn in the config', () => {
    expect(scan(['configured', '--fail-on', 'high']).status).toBe(1);
  });

  it('is found from a subfolder too, and --no-config ignores it', () => {
    const sub = path.join(ws.dir, 'configured', 'vendor');
    // Scanning the excluded folder from inside: vendor/** is relative to the config file's folder.
    expect(findingKeys(parseJsonReport(scan(['.', '-o', 'json'], sub)))).toEqual([]);
    const all = parseJsonReport(scan(['configured', '--no-config', '-o', 'json']));
    expect(findingKeys(all).filter((k) => !k.includes('(suppressed)'))).toEqual(expect.arrayContaining([
      'no-privileged configured/vendor/privileged.yaml:11',
      'no-privilege-escalation configured/app.yaml:8',
    ]));
    expect(all.summary.suppressed).toBe(0);
    expect(scan(['configured', '--no-config']).status).toBe(1);
  });

  it('--config FILE uses that file instead', () => {
    writeFileSync(path.join(ws.dir, 'strict.yaml'), 'failOn: low\n');
    const r = scan(['configured', '--config', 'strict.yaml', '-o', 'json']);
    const report = parseJsonReport(r);
    expect(report.findings.some((f) => f.ruleId === 'no-privilege-escalation')).toBe(true);
    expect(report.findings.some((f) => f.object.name === 'vendored')).toBe(true);
    expect(r.status).toBe(1);
  });

  it('--exclude globs are relative to the current folder, config excludes to the config folder', () => {
    const proj = path.join(ws.dir, 'proj');
    mkdirSync(path.join(proj, 'sub', 'skip'), { recursive: true });
    mkdirSync(path.join(proj, 'gen'), { recursive: true });
    writeFileSync(path.join(proj, '.kubeward.yaml'), 'exclude: ["gen/**"]\n');
    const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}\n`;
    writeFileSync(path.join(proj, 'sub', 'keep.yaml'), pod('keep'));
    writeFileSync(path.join(proj, 'sub', 'skip', 'skipped.yaml'), pod('skipped'));
    writeFileSync(path.join(proj, 'gen', 'generated.yaml'), pod('generated'));
    const r = scan(['..', '--exclude', 'skip/**', '-o', 'json'], path.join(proj, 'sub'));
    const names = [...new Set(parseJsonReport(r).findings.map((f) => f.object.name))];
    expect(names).toEqual(['keep']);
  });
});

describe('config mistakes: each reported with line and column, the valid parts still apply, exit 2', () => {
  it('unknown rule and area names, an exception without a reason', () => {
    const r = scan(['bad-config', '-o', 'json']);
    expect(r.status).toBe(2);
    const report = parseJsonReport(r);
    expect(report.errors).toEqual([
      { file: 'bad-config/.kubeward.yaml', line: 4, column: 3, message: 'unknown rule "no-privilegd-escalation" (did you mean "no-privilege-escalation"?) (kubeward rules lists them)' },
      { file: 'bad-config/.kubeward.yaml', line: 6, column: 3, message: 'unknown area "mlts" (did you mean "mtls"?); the areas are etcd, network, mtls, secrets, workload, access' },
      { file: 'bad-config/.kubeward.yaml', line: 8, column: 5, message: 'exception without a reason: say why the risk is accepted (reason: "...")' },
    ]);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'kubeward: bad-config/.kubeward.yaml:4:3: unknown rule "no-privilegd-escalation" (did you mean "no-privilege-escalation"?) (kubeward rules lists them)',
      'kubeward: bad-config/.kubeward.yaml:6:3: unknown area "mlts" (did you mean "mtls"?); the areas are etcd, network, mtls, secrets, workload, access',
      'kubeward: bad-config/.kubeward.yaml:8:5: exception without a reason: say why the risk is accepted (reason: "...")',
    ]);
    // no-privileged: off still applies; the reason-less exception does not suppress anything.
    expect(findingKeys(report)).toEqual([
      'no-privilege-escalation bad-config/debug-pod.yaml:10',
      'run-as-non-root bad-config/debug-pod.yaml:10',
    ]);
  });

  it('in text output the errors are shown too', () => {
    const r = scan(['bad-config']);
    expect(r.status).toBe(2);
    expect(`${r.stdout}${r.stderr}`.replace(/\s+/g, ' ')).toContain('bad-config/.kubeward.yaml:6:3: unknown area "mlts"');
  });

  it('a YAML syntax error in the config: reported with its position, the scan runs without the config', () => {
    const dir = path.join(ws.dir, 'broken-yaml');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '.kubeward.yaml'), 'rules:\n  no-privileged: off\n exclude: [\n');
    writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}\n');
    const r = scan(['broken-yaml', '-o', 'json']);
    expect(r.status).toBe(2);
    const report = parseJsonReport(r);
    expect(report.errors).toEqual([{
      file: 'broken-yaml/.kubeward.yaml', line: 3, column: 1,
      message: 'invalid YAML: All mapping items must start at the same column; the config file is ignored',
    }]);
    expect(report.findings.map((f) => f.ruleId)).toContain('no-privileged');
  });

  it.each([
    [['--config', 'missing.yaml'], 'kubeward: cannot read config missing.yaml: no such file or directory\n'],
    [['--config', 'clean'], 'kubeward: cannot read config clean: is a directory\n'],
  ])('a config that cannot be read at all (%j): one clear line, exit 2', (args, stderr) => {
    const r = scan(['findings', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
  });
});
