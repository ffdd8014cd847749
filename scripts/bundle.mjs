// Bundles the CLI into one CommonJS script, dist/cli/kubeward.cjs, which the launcher
// (dist/cli/bin.cjs, tsc's output of src/cli/bin.cts) runs through vm.Script with V8's code cache:
// Node then compiles one script instead of ~300 modules, and most of it not at all (start-up is
// the small-file scan's main cost). The library (dist/index.js and the rest of dist/) stays as tsc
// wrote it.
//
// Then it runs the bundle once on the shipped example, in this process, and writes the code V8
// compiled for that run to dist/cli/kubeward.cache. Run time only reads that file.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'cli');
const bundleFile = path.join(outDir, 'kubeward.cjs');
const cacheFile = path.join(outDir, 'kubeward.cache');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const result = await build({
  entryPoints: [path.join(root, 'src/cli/entry.ts')],
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { KUBEWARD_VERSION: JSON.stringify(version) },
  // io.ts reads package.json through import.meta.url only when KUBEWARD_VERSION is not defined.
  logOverride: { 'empty-import-meta': 'silent' },
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
// vm.Script has no loader for import(): every import must be bundled.
if (/\bimport\(/.test(code)) throw new Error('the CLI bundle has a dynamic import(), which vm.Script cannot load');
// Node reads an ASCII file much faster than one with a single other character (the whole file then
// decodes to a two-byte string): esbuild escapes strings, not regular expressions or kept comments.
let nonAscii = 0;
while (nonAscii < code.length && code.charCodeAt(nonAscii) <= 0x7f) nonAscii++;
if (nonAscii < code.length) {
  const line = code.slice(0, nonAscii).split('\n').length;
  throw new Error(`the CLI bundle has a non-ASCII character on line ${line}: write it as \\u${code.charCodeAt(nonAscii).toString(16).padStart(4, '0')} in the source`);
}
// V8 matches a code cache to its source by length only: the build id ties the cache to these bytes.
const id = createHash('sha256').update(code).digest('hex').slice(0, 32);
rmSync(cacheFile, { force: true });
writeFileSync(bundleFile, `// kubeward-build ${id}\n${code}`);

// Warm-up: what a scan compiles goes into the cache (the other commands compile on demand).
const { loadBundle, codeCacheOf } = await import(path.join(outDir, 'code-cache.cjs'));
const { cli, script } = loadBundle(outDir, { useCache: false });
const quiet = { env: {}, cwd: root, stdoutIsTTY: false, stdout: () => {}, stderr: () => {}, readStdin: async () => Buffer.alloc(0) };
for (const argv of [
  ['scan', '--no-config', 'examples/shop/insecure'],
  ['scan', '--no-config', '-o', 'json', 'examples/shop/hardened'],
]) {
  await cli.run({ ...quiet, argv });
}
writeFileSync(cacheFile, codeCacheOf(outDir, script));
