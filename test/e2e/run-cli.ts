/**
 * Runs the built CLI (`dist/cli/bin.cjs`) as a real process, the way users and CI do.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'dist/cli/bin.cjs');
export const FIXTURES = path.join(REPO, 'test/e2e/fixtures');

/** Unprivileged user for the unreadable-file case when tests run as root (where chmod 000 stops nothing). */
export const NOBODY = 65534;
export const RUNNING_AS_ROOT = process.getuid?.() === 0;

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  input?: string | Buffer;
  /** Added to a clean environment (no colour variables from the test runner). */
  env?: Record<string, string>;
  /** Run as uid/gid 65534 (only when the tests run as root). */
  asNobody?: boolean;
  /** The CLI to run instead of the checkout's (see {@link cliForNobody}). */
  bin?: string;
}

/** Fails with a clear message when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (\`npm test\` does it)`);
}

/**
 * A copy of the built CLI that uid 65534 can run, for the unreadable-file case. The checkout itself
 * may sit in a folder only root can enter (CI clones wherever it likes, `mktemp -d` makes 0700
 * folders), so the CLI bundle and the package.json that makes its launcher an ES module are copied
 * into a fresh, world-readable folder under the temp folder. Fails with a clear message when the
 * temp folder or node itself is out of that user's reach.
 */
export function cliForNobody(): { bin: string; cleanup: () => void } {
  const blocked: string[] = [];
  for (let dir = tmpdir(); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) blocked.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  if ((statSync(process.execPath).mode & 0o005) !== 0o005) blocked.push(process.execPath);
  if (blocked.length > 0) {
    throw new Error(`the unreadable-file case runs the CLI as uid ${NOBODY}, which cannot reach ${blocked.join(', ')} (chmod o+rx the folders, o+r the files)`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'kubeward-e2e-cli-'));
  // The launcher, the module that loads the bundle, the bundle and its code cache.
  for (const file of ['bin.cjs', 'code-cache.cjs', 'kubeward.cjs', 'kubeward.cache']) {
    cpSync(path.join(REPO, 'dist/cli', file), path.join(dir, 'dist/cli', file));
  }
  cpSync(path.join(REPO, 'package.json'), path.join(dir, 'package.json'));
  openUp(dir);
  return { bin: path.join(dir, 'dist/cli/bin.cjs'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `node dist/cli/bin.cjs ...args`; asserts it finished and printed no stack trace. */
export function kubeward(args: readonly string[], options: CliOptions): CliRun {
  return runNode([options.bin ?? BIN, ...args], options);
}

/** Runs node with a script and arguments; see {@link kubeward}. */
export function runNode(argv: readonly string[], options: CliOptions): CliRun {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !['NO_COLOR', 'FORCE_COLOR', 'NODE_OPTIONS', 'CLICOLOR_FORCE'].includes(k)) env[k] = v;
  }
  Object.assign(env, options.env);
  const r = spawnSync(process.execPath, argv, {
    cwd: options.cwd,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(options.asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  if (r.error) throw r.error;
  const run: CliRun = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  expect(r.signal, `killed by ${r.signal}; stderr:\n${r.stderr}`).toBeNull();
  // User errors are one-line messages, never a stack trace.
  expect(run.stderr, 'stack trace on stderr').not.toMatch(/^ {4}at /m);
  expect(run.stdout, 'stack trace on stdout').not.toMatch(/^ {4}at /m);
  return run;
}

/** A scratch copy of the fixtures that any user can read (the unreadable-file case runs as nobody). */
export function makeWorkspace(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `kubeward-e2e-${prefix}-`));
  cpSync(FIXTURES, dir, { recursive: true });
  openUp(dir);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function openUp(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) {
    const abs = path.join(dir, entry);
    if (statSync(abs).isDirectory()) openUp(abs);
    else chmodSync(abs, 0o644);
  }
}

/** The JSON report of a run made with `-o json`. */
export interface JsonReport {
  schemaVersion: number;
  findings: {
    ruleId: string;
    area: string;
    severity: string;
    message: string;
    remediation: string;
    object: { apiVersion: string; kind: string; namespace?: string; name: string };
    location: { file: string; line: number; column: number; endLine: number; endColumn: number } | { ref: string };
    path: string;
    suppressed: { kind: string; reason: string } | null;
  }[];
  errors: { file?: string; line?: number; column?: number; message: string }[];
  notes: { file?: string; line?: number; column?: number; message: string }[];
  notAssessed: unknown[];
  summary: {
    bySeverity: Record<string, number>;
    byArea: Record<string, number>;
    suppressed: number;
    objects: number;
    files: number;
    errors: number;
  };
}

export function parseJsonReport(run: CliRun): JsonReport {
  try {
    return JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.status}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

/** `ruleId file:line` of each finding (suppressed ones marked), for compact assertions. */
export function findingKeys(report: JsonReport): string[] {
  return report.findings.map((f) => {
    const where = 'file' in f.location ? `${f.location.file}:${f.location.line}` : f.location.ref;
    return `${f.ruleId} ${where}${f.suppressed ? ' (suppressed)' : ''}`;
  });
}

/**
 * Scans in these tests run only the three rules the fixtures were written for, so that rules
 * added later do not change what the loader, config and exit-code tests expect.
 */
export const CORE_RULES = ['--only', 'no-privileged,no-privilege-escalation,run-as-non-root'] as const;
