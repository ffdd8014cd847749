/**
 * Measures one process's peak RSS for `run.ts`, in a process that does nothing else:
 *
 * - `node dist-bench/bench/scan-child.js DIR`: scans DIR with the library API;
 * - `... --load-only DIR`: only loads DIR's objects (`loadPaths`), runs no rule;
 * - `... --cli DIR`: runs the CLI itself in this process, `kubeward scan --no-config -o markdown DIR`
 *   (the report is short; its figures come as the last line of output);
 * - `... --loaded`: loads the library and scans nothing (the fixed cost);
 * - `... --empty`: loads nothing (Node itself).
 *
 * Prints its figures as one JSON line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This process's peak RSS. On Linux getrusage's maxRSS survives exec, so a child forked from a
 * big parent would report the parent's size; VmHWM belongs to the new program only.
 */
function peakRssBytes(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS * 1024;
}

function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

const arg = process.argv[2];
if (!arg) {
  process.stderr.write('usage: node dist-bench/bench/scan-child.js DIR | --load-only DIR | --cli DIR | --loaded | --empty\n');
  process.exit(2);
}
if (arg === '--cli') {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'bin.cjs');
  process.argv = [process.argv[0]!, bin, 'scan', '--no-config', '-o', 'markdown', process.argv[3] ?? '.'];
  const start = performance.now();
  process.on('exit', (code) => {
    // Exit 1 is the CLI's "findings at or above --fail-on", which a scan of this cluster has.
    process.stdout.write(`\n${JSON.stringify({ exitCode: code, ms: performance.now() - start, peakRssBytes: peakRssBytes(), memory: memory() })}\n`);
    if (code === 1) process.exitCode = 0;
  });
  createRequire(import.meta.url)(bin);
} else if (arg === '--empty') {
  process.stdout.write(`${JSON.stringify({ peakRssBytes: peakRssBytes(), memory: memory() })}\n`);
} else {
  const { loadPaths, scan } = await import('../src/index.js');
  if (arg === '--loaded') {
    process.stdout.write(`${JSON.stringify({ peakRssBytes: peakRssBytes(), memory: memory() })}\n`);
  } else if (arg === '--load-only') {
    const start = performance.now();
    const loaded = loadPaths([process.argv[3] ?? '.']);
    const ms = performance.now() - start;
    process.stdout.write(`${JSON.stringify({
      objects: loaded.objects.length, findings: 0, errors: loaded.errors.length, ms, peakRssBytes: peakRssBytes(), memory: memory(),
    })}\n`);
  } else {
    const start = performance.now();
    const result = scan([arg]);
    const ms = performance.now() - start;
    process.stdout.write(`${JSON.stringify({
      objects: result.objects,
      findings: result.findings.length,
      errors: result.errors.length,
      ms,
      peakRssBytes: peakRssBytes(),
      // At the end, with the result still alive and no forced collection.
      memory: memory(),
    })}\n`);
  }
}
