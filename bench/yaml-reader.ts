/**
 * `npm run bench:yaml`: the loader's two YAML readers side by side. `parseManifests` reads with
 * the hand-written fast reader (`src/sources/yaml-fast.ts`) and falls back on the YAML library
 * for text outside its subset; this times each reader alone:
 *
 * - warm, on the 50k-object synthetic cluster (`bench/out/cluster-50k`, written by `npm run
 *   bench`; without it, a 10k-object cluster is generated into a temporary folder), in this
 *   process, after both have run on a few files;
 * - cold, the first parse in a fresh process of one small manifest (`bench/out/small.yaml`, or
 *   the example shop's backend), the case that dominates a one-file scan.
 *
 * `node dist-bench/bench/yaml-reader.js --cold fast|library FILE` is the child of the cold runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifestsWith, StringPool, type ManifestReader } from '../src/sources/yaml-documents.js';
import { generateCluster } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root: this file runs from dist-bench/bench/. */
const root = path.resolve(here, '..', '..');
const COLD_RUNS = 9;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (e.endsWith('.yaml')) out.push(p);
  }
  return out;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Reads every text with one reader; the objects are kept until the end, as a scan keeps them. */
function readAll(reader: ManifestReader, texts: readonly string[]): { ms: number; objects: number } {
  gc();
  const pool = new StringPool();
  const kept: unknown[] = [];
  const t0 = performance.now();
  for (const text of texts) {
    const parsed = parseManifestsWith(reader, text, 'bench.yaml', pool);
    if (parsed === undefined) throw new Error('the fast reader gave up on a generated file');
    kept.push(parsed.objects);
  }
  const ms = performance.now() - t0;
  return { ms, objects: kept.reduce<number>((n, objs) => n + (objs as unknown[]).length, 0) };
}

/** In a fresh process: one parse of `file` with `reader`, timed from before its first call. */
function coldChild(reader: ManifestReader, file: string): void {
  const text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const parsed = parseManifestsWith(reader, text, file);
  const ms = performance.now() - t0;
  if (parsed === undefined) throw new Error(`the fast reader gave up on ${file}`);
  process.stdout.write(`${JSON.stringify({ ms, objects: parsed.objects.length })}\n`);
}

function coldTimes(reader: ManifestReader, file: string): number[] {
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cold', reader, file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold ${reader} run failed: ${r.stderr}`);
    times.push((JSON.parse(r.stdout) as { ms: number }).ms);
  }
  return times;
}

function main(): void {
  const fixed = (n: number, digits = 0) => n.toFixed(digits);
  let clusterDir = path.join(root, 'bench', 'out', 'cluster-50k');
  let temp: string | undefined;
  if (!existsSync(clusterDir)) {
    temp = mkdtempSync(path.join(tmpdir(), 'kubeward-bench-'));
    clusterDir = temp;
    process.stdout.write('bench/out/cluster-50k is missing (npm run bench writes it): generating 10k objects\n');
    generateCluster({ outDir: temp, seed: 20240611, objects: 10_000 });
  }
  try {
    const texts = yamlFiles(clusterDir).map((f) => readFileSync(f, 'utf8'));
    const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    process.stdout.write(`yaml readers (node ${process.version}): ${texts.length} files, ${fixed(bytes / 1e6, 1)} MB from ${path.relative(root, clusterDir) || clusterDir}\n`);

    const warm = texts.slice(0, 10);
    readAll('library', warm);
    readAll('fast', warm);
    const library = readAll('library', texts);
    const fast = readAll('fast', texts);
    if (library.objects !== fast.objects) throw new Error(`object counts differ: library ${library.objects}, fast ${fast.objects}`);
    const mbps = (ms: number) => fixed(bytes / 1e6 / (ms / 1000), 1);
    process.stdout.write(`  library: ${fixed(library.ms)} ms (${mbps(library.ms)} MB/s), ${library.objects} objects\n`);
    process.stdout.write(`  fast:    ${fixed(fast.ms)} ms (${mbps(fast.ms)} MB/s)\n`);
    process.stdout.write(`  library ÷ fast: ${fixed(library.ms / fast.ms, 2)}\n`);

    const small = [path.join(root, 'bench', 'out', 'small.yaml'), path.join(root, 'examples', 'shop', 'insecure', 'backend.yaml')].find((f) => existsSync(f))!;
    const size = statSync(small).size;
    const coldLibrary = coldTimes('library', small);
    const coldFast = coldTimes('fast', small);
    process.stdout.write(`\ncold, first parse in a fresh process of ${path.relative(root, small)} (${fixed(size / 1024, 1)} KiB), median of ${COLD_RUNS}:\n`);
    process.stdout.write(`  library: ${fixed(median(coldLibrary), 1)} ms\n`);
    process.stdout.write(`  fast:    ${fixed(median(coldFast), 1)} ms\n`);
    process.stdout.write(`  library ÷ fast: ${fixed(median(coldLibrary) / median(coldFast), 2)}\n`);
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--cold') coldChild(process.argv[3] as ManifestReader, process.argv[4]!);
else main();
