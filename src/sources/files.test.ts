import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locate, type FileLocation, type ScanError } from '../model/index.js';
import { decodeManifest, displayPath, loadPaths, readStream } from './files.js';

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: c\n      image: x\n`;

let root: string;
/** Writes files under the temp root; a Buffer is written as is. */
function write(rel: string, content: string | Buffer): string {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  return abs;
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kubeward-files-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('loadPaths: folders', () => {
  it('walks folders recursively in name order, reading .yaml/.yml/.json only and skipping .git and node_modules', () => {
    write('tree/b/c.yml', pod('c'));
    write('tree/b/d.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'd' } }));
    write('tree/a.yaml', pod('a'));
    write('tree/E.YAML', pod('e'));
    write('tree/notes.txt', pod('txt'));
    write('tree/.git/x.yaml', pod('git'));
    write('tree/node_modules/pkg/y.yaml', pod('nm'));
    write('tree/.hidden/h.yaml', pod('hidden'));
    const r = loadPaths(['tree'], { cwd: root });
    expect(r.errors).toEqual([]);
    expect(r.files).toEqual(['tree/.hidden/h.yaml', 'tree/E.YAML', 'tree/a.yaml', 'tree/b/c.yml', 'tree/b/d.json']);
    expect(r.objects.map((o) => o.name)).toEqual(['hidden', 'e', 'a', 'c', 'd']);
    expect(r.objects.map((o) => o.source.type === 'file' && o.source.file)).toEqual(r.files);
  });

  it('reads an explicitly named file whatever its extension', () => {
    write('explicit/manifest.txt', pod('named'));
    const r = loadPaths(['explicit/manifest.txt'], { cwd: root });
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => o.name)).toEqual(['named']);
  });

  it('leaves out excluded files and folders, with globs relative to excludeBase', () => {
    write('ex/app/deploy.yaml', pod('app'));
    write('ex/vendor/lib/x.yaml', pod('vendored'));
    write('ex/charts/web/tests/t.yaml', pod('chart-test'));
    write('ex/charts/web/templates/t.yaml', pod('chart'));
    write('ex/gen.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'gen' } }));
    const r = loadPaths(['ex'], {
      cwd: root, excludeBase: path.join(root, 'ex'), exclude: ['vendor', 'charts/*/tests/**', '*.json'],
    });
    expect(r.objects.map((o) => o.name)).toEqual(['app', 'chart']);
    // The same globs relative to another base match nothing.
    expect(loadPaths(['ex'], { cwd: root, exclude: ['vendor', 'charts/*/tests/**', '*.json'] }).objects).toHaveLength(5);
  });

  it('applies cwdExclude globs relative to cwd and exclude globs relative to excludeBase', () => {
    write('bases/proj/sub/keep.yaml', pod('keep'));
    write('bases/proj/sub/skip/s.yaml', pod('skip'));
    write('bases/proj/gen/g.yaml', pod('gen'));
    const proj = path.join(root, 'bases/proj');
    const r = loadPaths(['.'], { cwd: path.join(proj, 'sub'), excludeBase: proj, exclude: ['gen/**', 'skip/**'], cwdExclude: ['skip/**'] });
    expect(r.objects.map((o) => o.name)).toEqual(['keep']);
    const fromProj = loadPaths(['.'], { cwd: proj, excludeBase: proj, exclude: ['gen/**'], cwdExclude: ['sub/skip'] });
    expect(fromProj.objects.map((o) => o.name)).toEqual(['keep']);
  });

  it("leaves kubeward's own config files out of a folder walk, but reads one named explicitly", () => {
    write('withconfig/.kubeward.yaml', 'failOn: low\n');
    write('withconfig/.kubeward.yml', 'failOn: low\n');
    write('withconfig/p.yaml', pod('p'));
    const r = loadPaths(['withconfig'], { cwd: root });
    expect(r.files).toEqual(['withconfig/p.yaml']);
    expect(r.notes).toEqual([]);
    expect(loadPaths(['withconfig/.kubeward.yaml'], { cwd: root }).notes).toHaveLength(1);
  });

  it('names files relative to cwd, and by absolute path outside it', () => {
    write('names/in.yaml', pod('in'));
    write('..odd.yaml', pod('odd'));
    const cwd = path.join(root, 'names');
    const r = loadPaths(['in.yaml', '../..odd.yaml'], { cwd });
    expect(r.files).toEqual(['in.yaml', `${root.split(path.sep).join('/')}/..odd.yaml`]);
    expect(displayPath(path.join(cwd, '..odd.yaml'), cwd)).toBe('..odd.yaml');
    expect(displayPath(cwd, cwd)).toBe('.');
  });
});

describe('loadPaths: bad input is reported, the rest still loads', () => {
  it('a nonexistent path', () => {
    write('mixed1/good.yaml', pod('good'));
    const r = loadPaths(['missing.yaml', 'mixed1'], { cwd: root });
    expect(r.errors).toEqual([{ file: 'missing.yaml', message: 'cannot read: no such file or directory' }]);
    expect(r.objects.map((o) => o.name)).toEqual(['good']);
  });

  it('malformed YAML, with line and column', () => {
    write('mixed2/bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x}\n');
    write('mixed2/good.yaml', pod('good'));
    const r = loadPaths(['mixed2'], { cwd: root });
    expect(r.objects.map((o) => o.name)).toEqual(['good']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'mixed2/bad.yaml', line: 3 });
    expect(r.errors[0]!.message).toMatch(/^invalid YAML: /);
    expect(r.files).toEqual(['mixed2/bad.yaml', 'mixed2/good.yaml']);
  });

  it('a file that is not valid UTF-8: line and character column of the bad byte', () => {
    // Line 4 is "  name: café" + 0xff: the é takes two bytes but one column.
    write('utf8/latin.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: café', 'utf8'), Buffer.from([0xff, 0x0a])]));
    write('utf8/truncated.yaml', Buffer.concat([Buffer.from('a: b\n'), Buffer.from([0xe2, 0x82])]));
    write('utf8/ok.yaml', pod('ok'));
    const r = loadPaths(['utf8'], { cwd: root });
    expect(r.objects.map((o) => o.name)).toEqual(['ok']);
    expect(r.errors).toEqual([
      { file: 'utf8/latin.yaml', line: 4, column: 13, message: 'not valid UTF-8 (byte 0xff at offset 48); skipped' },
      { file: 'utf8/truncated.yaml', line: 2, column: 1, message: 'not valid UTF-8 (byte 0xe2 at offset 5); skipped' },
    ]);
  });

  it('a binary file', () => {
    write('bin/image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    write('bin/ok.yaml', pod('ok'));
    const r = loadPaths(['bin'], { cwd: root });
    expect(r.errors).toEqual([{ file: 'bin/image.yaml', message: 'binary file (contains NUL bytes); skipped' }]);
    expect(r.objects.map((o) => o.name)).toEqual(['ok']);
  });

  it('a file above maxFileBytes, before reading it', () => {
    write('big/huge.yaml', `${pod('huge')}# ${'x'.repeat(3000)}\n`);
    write('big/small.yaml', pod('small'));
    const r = loadPaths(['big'], { cwd: root, maxFileBytes: 1024 });
    expect(r.errors).toEqual([{ file: 'big/huge.yaml', message: 'file is 3.0 KiB, above the 1.0 KiB limit; skipped' }]);
    expect(r.objects.map((o) => o.name)).toEqual(['small']);
    expect(r.files).toEqual(['big/small.yaml']);
  });

  it('a billion-laughs alias bomb', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    let prev = 'a';
    for (const n of 'bcdefghi') {
      lines.push(`  ${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]`);
      prev = n;
    }
    write('bomb/lol.yaml', lines.join('\n') + '\n');
    write('bomb/ok.yaml', pod('ok'));
    const started = performance.now();
    const r = loadPaths(['bomb'], { cwd: root });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(r.objects.map((o) => o.name)).toEqual(['ok']);
    expect(r.errors).toEqual([{
      file: 'bomb/lol.yaml', line: 1, column: 1,
      message: 'document expands to more than 1000000 nodes through aliases (YAML alias bomb?); skipped',
    }]);
  });

  it('a directory symlink loop is reported once and not followed', () => {
    write('loop/a/ok.yaml', pod('ok'));
    symlinkSync('..', path.join(root, 'loop/a/up'));
    const r = loadPaths(['loop'], { cwd: root });
    expect(r.objects.map((o) => o.name)).toEqual(['ok']);
    expect(r.errors).toEqual([{ file: 'loop/a/up', message: 'directory symlink loop; not followed' }]);
  });

  it('symlinks to files and folders are followed; a broken one is reported', () => {
    write('links/real/p.yaml', pod('p'));
    write('links/other/q.yaml', pod('q'));
    symlinkSync(path.join(root, 'links/other'), path.join(root, 'links/real/other-dir'));
    symlinkSync('p.yaml', path.join(root, 'links/real/alias.yaml'));
    symlinkSync('nowhere.yaml', path.join(root, 'links/real/dangling.yaml'));
    const r = loadPaths(['links/real'], { cwd: root });
    expect(r.objects.map((o) => `${o.name}@${o.source.type === 'file' ? o.source.file : ''}`)).toEqual([
      'p@links/real/alias.yaml', 'q@links/real/other-dir/q.yaml', 'p@links/real/p.yaml',
    ]);
    expect(r.errors).toEqual([{ file: 'links/real/dangling.yaml', message: 'broken symbolic link: no such file or directory' }]);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file (not testable as root: see test/e2e for that case)', () => {
    const file = write('locked/secret.yaml', pod('locked'));
    write('locked/ok.yaml', pod('ok'));
    chmodSync(file, 0o000);
    try {
      const r = loadPaths(['locked'], { cwd: root });
      expect(r.errors).toEqual([{ file: 'locked/secret.yaml', message: 'cannot read file: permission denied' }]);
      expect(r.objects.map((o) => o.name)).toEqual(['ok']);
    } finally {
      chmodSync(file, 0o644);
    }
  });
});

describe('loadPaths: stdin and encodings', () => {
  it('reads - from the given bytes as <stdin>, alongside files', () => {
    write('withstdin/f.yaml', pod('file'));
    const r = loadPaths(['-', 'withstdin'], { cwd: root, stdin: Buffer.from(pod('piped')) });
    expect(r.files).toEqual(['<stdin>', 'withstdin/f.yaml']);
    expect(r.objects.map((o) => o.name)).toEqual(['piped', 'file']);
    const loc = locate(r.objects[0]!.source, ['metadata', 'name']) as FileLocation;
    expect([loc.file, loc.line, loc.column]).toEqual(['<stdin>', 4, 3]);
  });

  it('reads empty stdin as no objects', () => {
    expect(loadPaths(['-'], { cwd: root })).toEqual({ objects: [], errors: [], notes: [], files: ['<stdin>'] });
  });

  it('readStream concatenates chunks', async () => {
    const stream = new PassThrough();
    const done = readStream(stream);
    stream.write('apiVersion: v1\n');
    stream.end(Buffer.from('kind: Pod\n'));
    expect((await done).toString()).toBe('apiVersion: v1\nkind: Pod\n');
  });

  it('strips a UTF-8 byte-order mark; columns start after it', () => {
    const errors: ScanError[] = [];
    expect(decodeManifest(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: 1\n')]), 'bom.yaml', errors)).toBe('a: 1\n');
    write('bom/p.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pod('bom'))]));
    const r = loadPaths(['bom'], { cwd: root });
    const loc = locate(r.objects[0]!.source, []) as FileLocation;
    expect([loc.line, loc.column]).toEqual([1, 1]);
  });

  it('decodes UTF-16 with a byte-order mark, as kubectl does', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pod('utf16le'), 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    write('utf16/le.yaml', le);
    write('utf16/be.yaml', be);
    const r = loadPaths(['utf16'], { cwd: root });
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => o.name)).toEqual(['utf16le', 'utf16le']);
    const loc = locate(r.objects[0]!.source, ['metadata', 'name']) as FileLocation;
    expect([loc.line, loc.column, loc.endLine, loc.endColumn]).toEqual([4, 3, 4, 16]);
  });

  it('reports UTF-16 with a lone surrogate', () => {
    const errors: ScanError[] = [];
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: ', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('\n', 'utf16le')]);
    expect(decodeManifest(bytes, 'bad16.yaml', errors)).toBeUndefined();
    expect(errors).toEqual([{ file: 'bad16.yaml', message: 'not valid UTF-16LE (the file starts with a UTF-16LE byte-order mark); skipped' }]);
  });
});
