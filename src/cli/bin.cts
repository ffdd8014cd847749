#!/usr/bin/env node
/**
 * The `kubeward` and `kubectl-kubeward` command. Runs the single-file bundle that the build makes
 * (`dist/cli/kubeward.cjs`, with its code cache, see `code-cache.cts`), or the modules themselves
 * when there is no bundle (a build without `scripts/bundle.mjs`). A CommonJS file: Node starts it
 * without its ES module loader, which a small scan would otherwise pay for.
 */
import { loadBundle, type CliBundle } from './code-cache.cjs';

function cli(): Promise<CliBundle> {
  try {
    return Promise.resolve(loadBundle(__dirname).cli);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return Promise.reject(e);
    return import('./entry.js');
  }
}

cli()
  .then(({ run, processIo }) => run(processIo()))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`kubeward: internal error: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
