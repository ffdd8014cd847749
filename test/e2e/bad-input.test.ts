/**
 * Bad input never stops a scan: each problem is an error naming the file (and line and column when
 * there is one), the good files of the same run are still reported, and the exit code is 2.
 */
import { chmodSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliForNobody, CORE_RULES, kubeward, makeWorkspace, parseJsonReport, requireBuiltCli, RUNNING_AS_ROOT } from './run-cli.js';

const GOOD = `apiVersion: v1
kind: Pod
metadata:
  name: good
spec:
  containers:
    - name: c
      image: x
      securityContext:
        privileged: true
`;

function billionLaughs(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  let prev = 'a';
  for (const n of 'bcdefghi') {
    lines.push(`  ${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]`);
    prev = n;
  }
  return `${lines.join('\n')}\n`;
}

/** One bad thing per case: how to make it inside a folder, and the error it must give. */
const CASES: { name: string; make: (dir: string) => void; error: { file: string; line?: number; column?: number; message: string } }[] = [
  {
    name: 'malformed YAML',
    make: (d) => writeFileSync(path.join(d, 'malformed.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n\tlabels: {}\n'),
    error: { file: 'malformed.yaml', line: 5, column: 1, message: 'invalid YAML: Tabs are not allowed as indentation' },
  },
  {
    name: 'not valid UTF-8',
    make: (d) => writeFileSync(path.join(d, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf'), Buffer.from([0xe9, 0x7d, 0x0a])])),
    error: { file: 'latin1.yaml', line: 3, column: 21, message: 'not valid UTF-8 (byte 0xe9 at offset 51); skipped' },
  },
  {
    name: 'a YAML alias bomb',
    make: (d) => writeFileSync(path.join(d, 'bomb.yaml'), billionLaughs()),
    error: { file: 'bomb.yaml', line: 1, column: 1, message: 'document expands to more than 1000000 nodes through aliases (YAML alias bomb?); skipped' },
  },
  {
    name: 'a file above the size limit',
    // Sparse: 65 MiB on paper, nothing on disk; the size check comes before any read.
    make: (d) => {
      writeFileSync(path.join(d, 'huge.yaml'), '');
      truncateSync(path.join(d, 'huge.yaml'), 65 * 1024 * 1024);
    },
    error: { file: 'huge.yaml', message: 'file is 65.0 MiB, above the 64.0 MiB limit; skipped' },
  },
  {
    name: 'a binary file',
    make: (d) => writeFileSync(path.join(d, 'image.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48])),
    error: { file: 'image.yaml', message: 'binary file (contains NUL bytes); skipped' },
  },
  {
    name: 'a directory symlink loop',
    make: (d) => symlinkSync('.', path.join(d, 'loop')),
    error: { file: 'loop', message: 'directory symlink loop; not followed' },
  },
  {
    name: 'a broken symlink',
    make: (d) => symlinkSync('gone.yaml', path.join(d, 'dangling.yaml')),
    error: { file: 'dangling.yaml', message: 'broken symbolic link: no such file or directory' },
  },
  {
    name: 'an unreadable file',
    make: (d) => {
      writeFileSync(path.join(d, 'locked.yaml'), GOOD.replace('name: good', 'name: locked'));
      chmodSync(path.join(d, 'locked.yaml'), 0o000);
    },
    error: { file: 'locked.yaml', message: 'cannot read file: permission denied' },
  },
];

let ws: { dir: string; cleanup: () => void };
let nobodyCli: { bin: string; cleanup: () => void } | undefined;
beforeAll(() => {
  requireBuiltCli();
  if (RUNNING_AS_ROOT) nobodyCli = cliForNobody();
  ws = makeWorkspace('bad-input');
});
afterAll(() => {
  ws?.cleanup();
  nobodyCli?.cleanup();
});

/** Runs the scan as an unprivileged user when the tests run as root, so that chmod 000 means something. */
const scanAsUser = (args: string[], cwd: string) => kubeward(['scan', ...CORE_RULES, ...args], { cwd, asNobody: RUNNING_AS_ROOT, bin: nobodyCli?.bin });

describe('each bad input alone, next to a good file', () => {
  it.each(CASES)('$name', ({ name, make, error }) => {
    const dir = path.join(ws.dir, name.replace(/\W+/g, '-'));
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'good.yaml'), GOOD);
    make(dir);
    const r = scanAsUser(['.', '-o', 'json'], dir);
    expect(r.status).toBe(2);
    const report = parseJsonReport(r);
    expect(report.errors).toEqual([error]);
    expect(report.findings.filter((f) => f.ruleId === 'no-privileged').map((f) => `${f.object.name} ${'file' in f.location ? f.location.file : ''}`))
      .toEqual(['good good.yaml']);
    const where = [error.file, error.line, error.column].filter((x) => x !== undefined).join(':');
    expect(r.stderr).toBe(`kubeward: ${where}: ${error.message}\n`);
  });
});

describe('all of them in one run', () => {
  it('reports every problem, the good file and a nonexistent path, exit 2', () => {
    const dir = path.join(ws.dir, 'everything');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'good.yaml'), GOOD);
    for (const c of CASES) c.make(dir);
    const started = Date.now();
    const r = scanAsUser(['everything', 'no-such-file.yaml', '-o', 'json'], ws.dir);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.status).toBe(2);
    const report = parseJsonReport(r);
    const expected = [...CASES.map((c) => ({ ...c.error, file: `everything/${c.error.file}` }))]
      .sort((a, b) => (a.file < b.file ? -1 : 1));
    expected.push({ file: 'no-such-file.yaml', message: 'cannot read: no such file or directory' });
    expect(report.errors).toEqual(expected);
    expect(report.summary.errors).toBe(CASES.length + 1);
    expect(report.findings.filter((f) => f.ruleId === 'no-privileged').map((f) => f.object.name)).toEqual(['good']);
  });

  it('in text output too: the findings and every error are shown, exit 2', () => {
    const r = scanAsUser(['everything', 'no-such-file.yaml'], ws.dir);
    expect(r.status).toBe(2);
    // The text reporter wraps long lines: compare with whitespace collapsed.
    const all = `${r.stdout}${r.stderr}`.replace(/\s+/g, ' ');
    expect(all).toContain('no-privileged');
    for (const c of CASES) expect(all).toContain(c.error.message);
    expect(all).toContain('no-such-file.yaml');
  });
});

describe('bad input on stdin and as arguments', () => {
  it('binary stdin', () => {
    const r = kubeward(['scan', '-', '-o', 'json'], { cwd: ws.dir, input: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]) });
    expect(r.status).toBe(2);
    expect(parseJsonReport(r).errors).toEqual([{ file: '<stdin>', message: 'binary file (contains NUL bytes); skipped' }]);
  });

  it('a nonexistent path alone', () => {
    const r = kubeward(['scan', 'nope/'], { cwd: ws.dir });
    expect(r.status).toBe(2);
    expect(`${r.stdout}${r.stderr}`).toContain('nope');
    expect(`${r.stdout}${r.stderr}`).toContain('no such file or directory');
  });
});
