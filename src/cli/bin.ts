#!/usr/bin/env node
/**
 * The `kubeward` and `kubectl-kubeward` command. Runs the single-file bundle that the build makes
 * (`dist/cli/kubeward.cjs`, with its code cache, see `code-cache.ts`), or the modules themselves
 * when there is no bundle (a build without `scripts/bundle.mjs`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle, type CliBundle } from './code-cache.js';

async function cli(): Promise<CliBundle> {
  try {
    return loadBundle(path.dirname(fileURLToPath(import.meta.url))).cli;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return import('./entry.js');
  }
}

try {
  const { run, processIo } = await cli();
  process.exitCode = await run(processIo());
} catch (e) {
  process.stderr.write(`kubeward: internal error: ${String(e)}\n`);
  process.exitCode = 2;
}
