// Bundles the CLI into one file (dist/cli/bin.js, replacing tsc's output of src/cli/bin.ts):
// Node then compiles one module instead of ~300, which is most of a small scan's start-up time.
// The library (dist/index.js and the rest of dist/) stays as tsc wrote it.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [path.join(root, 'src/cli/bin.ts')],
  outfile: path.join(root, 'dist/cli/bin.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Bundled CommonJS dependencies (yaml, picomatch) call require() for Node built-ins.
  banner: { js: "import { createRequire as kubewardCreateRequire } from 'node:module';\nconst require = kubewardCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  allowOverwrite: true,
});
