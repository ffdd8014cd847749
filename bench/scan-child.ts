/**
 * Scans one folder and prints its figures as JSON, for `run.ts` to measure peak RSS in a process
 * that does nothing else. `node dist-bench/bench/scan-child.js DIR`.
 */
import { scan } from '../src/index.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node dist-bench/bench/scan-child.js DIR\n');
  process.exit(2);
}
const start = performance.now();
const result = scan([dir]);
const ms = performance.now() - start;
const memory = process.memoryUsage();
process.stdout.write(`${JSON.stringify({
  objects: result.objects,
  findings: result.findings.length,
  errors: result.errors.length,
  ms,
  // maxRSS is in kilobytes (getrusage).
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  // At the end, with the result still alive, before any forced collection.
  memory: { rss: memory.rss, heapTotal: memory.heapTotal, heapUsed: memory.heapUsed, external: memory.external, arrayBuffers: memory.arrayBuffers },
})}\n`);
