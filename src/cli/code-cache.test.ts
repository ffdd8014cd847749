import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, CACHE_FILE, codeCacheOf, loadBundle } from './code-cache.cjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A stand-in bundle: CommonJS, exports what entry.ts exports, with enough code to be worth caching. */
function bundleSource(id: string, answer: number): string {
  const helpers = Array.from({ length: 50 }, (_, i) => `function h${i}(x) { return x + ${i}; }`).join('\n');
  return `// kubeward-build ${id}
${helpers}
exports.run = async (io) => { io.stdout(String(h0(${answer}) + h49(0))); return 0; };
exports.processIo = () => ({ argv: [] });
`;
}

describe('loadBundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubeward-code-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const runIt = async (): Promise<{ out: string; cacheUsed: boolean }> => {
    const { cli, cacheUsed } = loadBundle(dir);
    let out = '';
    await cli.run({ argv: [], env: {}, cwd: dir, stdoutIsTTY: false, stdout: (t: string) => (out += t), stderr: () => {}, readStdin: async () => Buffer.alloc(0) });
    return { out, cacheUsed };
  };

  it('runs the bundle without a cache, then with the cache it wrote', async () => {
    writeFileSync(path.join(dir, BUNDLE_FILE), bundleSource('a'.repeat(32), 7));
    expect(await runIt()).toEqual({ out: '56', cacheUsed: false });
    const { script } = loadBundle(dir);
    writeFileSync(path.join(dir, CACHE_FILE), codeCacheOf(dir, script));
    expect(readFileSync(path.join(dir, CACHE_FILE), 'latin1').startsWith(`${'a'.repeat(32)}\n`)).toBe(true);
    expect(await runIt()).toEqual({ out: '56', cacheUsed: true });
  });

  it('ignores a cache made for another build, even for a source of the same length', async () => {
    writeFileSync(path.join(dir, BUNDLE_FILE), bundleSource('a'.repeat(32), 7));
    const { script } = loadBundle(dir);
    writeFileSync(path.join(dir, CACHE_FILE), codeCacheOf(dir, script));
    // Same length, other code: V8 alone would take the stale cache (it compares lengths only).
    writeFileSync(path.join(dir, BUNDLE_FILE), bundleSource('b'.repeat(32), 8));
    expect(await runIt()).toEqual({ out: '57', cacheUsed: false });
  });

  it('falls back to compiling when V8 rejects the cached data', async () => {
    writeFileSync(path.join(dir, BUNDLE_FILE), bundleSource('c'.repeat(32), 1));
    writeFileSync(path.join(dir, CACHE_FILE), Buffer.concat([Buffer.from(`${'c'.repeat(32)}\n`), Buffer.from('not a code cache at all')]));
    expect(await runIt()).toEqual({ out: '50', cacheUsed: false });
  });

  it('reads no cache for a bundle without a build id line', async () => {
    writeFileSync(path.join(dir, BUNDLE_FILE), bundleSource('c'.repeat(32), 1).replace(/^.*\n/, ''));
    expect(await runIt()).toEqual({ out: '50', cacheUsed: false });
    expect(() => codeCacheOf(dir, loadBundle(dir).script)).toThrow(/build id/);
  });

  it('throws ENOENT when there is no bundle (the launcher then loads the modules)', () => {
    expect(() => loadBundle(dir)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('the built CLI', () => {
  it('ships a code cache that node, run plainly, accepts', () => {
    // A child with a clean environment: V8 rejects a cache made under other V8 flags.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS'));
    const script = `import(${JSON.stringify(path.join(REPO, 'dist/cli/code-cache.cjs'))}).then((m) => process.stdout.write(String(m.loadBundle(${JSON.stringify(path.join(REPO, 'dist/cli'))}).cacheUsed)))`;
    const r = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('true');
  });
});
