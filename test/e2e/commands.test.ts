import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, kubeward, REPO, requireBuiltCli, runNode } from './run-cli.js';

beforeAll(() => requireBuiltCli());
const run = (args: string[]) => kubeward(args, { cwd: REPO });
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

describe('kubeward rules', () => {
  it('lists every rule with id, area, severity and title', () => {
    const r = run(['rules']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ID\s+AREA\s+SEVERITY\s+TITLE$/m);
    expect(r.stdout).toMatch(/^no-privileged\s+workload\s+critical\s+Privileged containers$/m);
    expect(r.stdout).toMatch(/^run-as-non-root\s+workload\s+high\s+/m);
  });

  it('-o json and --area', () => {
    const r = run(['rules', '-o', 'json', '--area', 'workload']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { rules: { id: string; area: string; severity: string; title: string }[] };
    expect(out.rules.length).toBeGreaterThanOrEqual(3);
    expect(out.rules.every((x) => x.area === 'workload')).toBe(true);
    expect(out.rules.find((x) => x.id === 'no-privileged')).toEqual({ id: 'no-privileged', area: 'workload', severity: 'critical', title: 'Privileged containers' });
  });

  it('a bad --area is a usage error', () => {
    const r = run(['rules', '--area', 'kernel']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kubeward: --area must be one of etcd, network, mtls, secrets, workload, access (got "kernel")\n');
  });
});

describe('kubeward explain', () => {
  it('explains no-privileged: what, why, how to fix, references, examples', () => {
    const r = run(['explain', 'no-privileged']);
    expect(r.status).toBe(0);
    const text = oneLine(r.stdout);
    expect(text).toContain('no-privileged');
    expect(text).toContain('Privileged containers');
    expect(text).toContain('Remove `securityContext.privileged` (or set it to false)');
    expect(text).toContain('baseline/privileged-containers');
    expect(text).toContain('privileged: true');
    expect(text).toContain('privileged: false');
  });

  it('an unknown rule is a usage error with a suggestion', () => {
    const r = run(['explain', 'privileged']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^kubeward: no rule "privileged"; did you mean .*no-privileged.*\n$/);
  });

  it('no rule id is a usage error', () => {
    const r = run(['explain']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kubeward: usage: kubeward explain RULE-ID[^\n]*\n$/);
  });
});

describe('top-level usage', () => {
  it('an unknown command exits 2 with one line', () => {
    const r = run(['scna']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^kubeward: unknown command "scna".*\n$/);
  });

  it('no command prints help and exits 2; --help exits 0', () => {
    const none = run([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toMatch(/Usage: kubeward <command>/);
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(none.stdout);
  });

  it('version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    const r = run(['version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`kubeward ${pkg.version}\n`);
    expect(run(['--version']).stdout).toBe(r.stdout);
  });
});

describe('kubectl-kubeward (the kubectl plugin name)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubeward-plugin-'));
    // What npm makes of package.json's bin entry: a link named kubectl-kubeward to the same script.
    symlinkSync(BIN, path.join(dir, 'kubectl-kubeward'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("package.json's bin has both names, pointing at the same script, which has a node shebang", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toMatchObject({ kubeward: 'dist/cli/bin.cjs', 'kubectl-kubeward': 'dist/cli/bin.cjs' });
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs a scan when invoked through the kubectl-kubeward link, as kubectl would', () => {
    const r = runNode([path.join(dir, 'kubectl-kubeward'), 'scan', path.join(FIXTURES, 'findings'), '--no-config', '-o', 'json'], { cwd: dir });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).toContain('no-privileged');
    const rules = runNode([path.join(dir, 'kubectl-kubeward'), 'rules'], { cwd: dir });
    expect(rules.status).toBe(0);
    expect(rules.stdout).toContain('no-privileged');
  });
});

describe('the launcher without a bundle', () => {
  let dir: string;
  beforeAll(() => {
    // tsc's output alone (a build that skipped scripts/bundle.mjs): the launcher loads the modules.
    dir = mkdtempSync(path.join(tmpdir(), 'kubeward-no-bundle-'));
    cpSync(path.join(REPO, 'dist'), path.join(dir, 'dist'), { recursive: true });
    cpSync(path.join(REPO, 'package.json'), path.join(dir, 'package.json'));
    // The modules import yaml and picomatch from node_modules.
    symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
    rmSync(path.join(dir, 'dist/cli/kubeward.cjs'));
    rmSync(path.join(dir, 'dist/cli/kubeward.cache'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the same scan from the modules', () => {
    const bin = path.join(dir, 'dist/cli/bin.cjs');
    const fromModules = runNode([bin, 'scan', path.join(FIXTURES, 'findings'), '--no-config', '-o', 'json'], { cwd: REPO });
    const fromBundle = run(['scan', path.join(FIXTURES, 'findings'), '--no-config', '-o', 'json']);
    expect(fromModules.status).toBe(1);
    expect(fromModules.stdout).toBe(fromBundle.stdout);
    expect(runNode([bin, '--version'], { cwd: REPO }).stdout).toBe(run(['--version']).stdout);
  });
});

describe('standard output', () => {
  let dir: string;
  beforeAll(() => {
    // 300 privileged Pods: a JSON report far larger than a pipe's buffer.
    dir = mkdtempSync(path.join(tmpdir(), 'kubeward-stdout-'));
    const pods = Array.from({ length: 300 }, (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n`);
    writeFileSync(path.join(dir, 'pods.yaml'), pods.join('---\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a reader that goes away early (scan -o json | head -c 100) ends the output quietly: no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'scan', dir, '--no-config', '-o', 'json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString('utf8', 0, 100))));
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first.startsWith('{\n  "schemaVersion": 1')).toBe(true);
    expect(stderr).toBe('');
    // The findings are still what decides the exit code.
    expect(status).toBe(1);
  });

  it('a file and a pipe get the same bytes', () => {
    // Outside the scanned folder, which would otherwise pick it up.
    const out = `${dir}.report.json`;
    const viaPipe = kubeward(['scan', dir, '--no-config', '-o', 'json'], { cwd: dir });
    const fd = openSync(out, 'w');
    const r = spawnSync(process.execPath, [BIN, 'scan', dir, '--no-config', '-o', 'json'], { cwd: dir, stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(r.status).toBe(1);
    const report = readFileSync(out, 'utf8');
    rmSync(out);
    expect(report).toBe(viaPipe.stdout);
    expect((JSON.parse(report) as { findings: unknown[] }).findings.length).toBeGreaterThanOrEqual(300);
  });
});
