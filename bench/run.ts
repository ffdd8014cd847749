/**
 * `npm run bench`: scan throughput against the YAML library's own parse time, peak memory, and the
 * start-up cost of the CLI on a small file. Not a test; see bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { scan } from '../src/index.js';
import { YAML_PARSE_OPTIONS } from '../src/sources/yaml-documents.js';
import { generateCluster, namespaceDocuments, type GeneratedCluster } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root: this file runs from dist-bench/bench/. */
const root = path.resolve(here, '..', '..');
const outDir = path.join(root, 'bench', 'out');
const cliBin = path.join(root, 'dist', 'cli', 'bin.cjs');
const childScript = path.join(here, 'scan-child.js');

const SEED = 20240611;
const SIZES = [
  { label: '5k', objects: 5_000 },
  { label: '50k', objects: 50_000 },
];
const CLI_RUNS = 10;

const TARGETS = {
  /** scan time ÷ parse time, at 50k objects */
  maxScanParseRatio: 2.0,
  /** peak RSS of a scan-only process ÷ input bytes, at 50k objects */
  maxRssInputRatio: 6.0,
  /** median wall time of `kubeward scan small.yaml`, whole process */
  maxSmallScanMs: 150,
};

interface Timing {
  wallMs: number;
  cpuMs: number;
}

interface ChildFigures {
  peakRssBytes: number;
  memory: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}

interface ScanChildFigures extends ChildFigures {
  objects: number;
  findings: number;
  errors: number;
  ms: number;
}

interface SizeFigures {
  label: string;
  objects: number;
  files: number;
  inputBytes: number;
  parse: Timing;
  scan: Timing;
  /** scan ÷ parse, wall time */
  ratio: number;
  /** scan ÷ parse, CPU time of this process (less sensitive to other load on the machine) */
  cpuRatio: number;
  objectsPerSecond: number;
  megabytesPerSecond: number;
  findings: number;
  child: ScanChildFigures;
  /** child's peak RSS ÷ input bytes */
  rssRatio: number;
  /** A child that only loads the objects (no rules): how much of the peak is the loader's. */
  loadOnlyChild: ScanChildFigures;
  loadOnlyRssRatio: number;
  /** (child's peak RSS − peak RSS of a process that only loaded the library) ÷ input bytes */
  rssAboveLoadedRatio: number;
  /** The CLI itself (`kubeward scan`) in a child: peak RSS ÷ input bytes. */
  cliChild: ChildFigures;
  cliRssRatio: number;
}

const exposedGc = (globalThis as { gc?: () => void }).gc;
const gc = exposedGc ?? (() => undefined);

function measure<T>(fn: () => T): { value: T; timing: Timing } {
  gc();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, timing: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 } };
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.yaml')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * The honest baseline: what any tool using this YAML library pays to get plain values, with the
 * loader's own parse options. Values are kept until the end, as a scan keeps its objects.
 */
function parseOnly(files: readonly string[]): unknown[] {
  const kept: unknown[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const docs = parseAllDocuments(text, YAML_PARSE_OPTIONS);
    if (!Array.isArray(docs)) continue;
    for (const doc of docs) kept.push(doc.toJS());
  }
  return kept;
}

function node(args: readonly string[], cwd = root, env: NodeJS.ProcessEnv = process.env): { stdout: string; status: number | null; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { stdout: r.stdout, status: r.status, ms };
}

/** Median wall times of the small-file scan and of `node -e ""`, alternated, in one environment. */
function timeStartUp(smallFile: string, env: NodeJS.ProcessEnv): { scanMs: number; floorMs: number; scanTimes: number[]; floorTimes: number[] } | string {
  const scanTimes: number[] = [];
  const floorTimes: number[] = [];
  node([cliBin, 'scan', '--no-config', smallFile], root, env);
  node(['-e', ''], root, env);
  for (let i = 0; i < CLI_RUNS; i++) {
    const r = node([cliBin, 'scan', '--no-config', smallFile], root, env);
    if (r.status !== 0 && r.status !== 1) return `kubeward scan exited ${r.status}`;
    scanTimes.push(r.ms);
    floorTimes.push(node(['-e', ''], root, env).ms);
  }
  return { scanMs: median(scanTimes), floorMs: median(floorTimes), scanTimes, floorTimes };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function writeSmallFile(file: string): { objects: number; bytes: number } {
  // One object of each kind from the first namespace: a typical single-app manifest.
  const seen = new Set<string>();
  const docs = namespaceDocuments(SEED, 0).docs.filter((d) => !seen.has(d.kind) && seen.add(d.kind));
  const text = docs.map((d) => `---\n${d.text}`).join('');
  writeFileSync(file, text);
  return { objects: docs.length, bytes: Buffer.byteLength(text) };
}

const mb = (bytes: number) => bytes / 1e6;
const fixed = (n: number, digits = 1) => n.toFixed(digits);

function child(...args: string[]): ChildFigures | ScanChildFigures {
  const r = node([childScript, ...args]);
  if (r.status !== 0) throw new Error(`child ${args.join(' ')} exited ${r.status}`);
  // The figures are the last line (a --cli child writes the CLI's report first).
  return JSON.parse(r.stdout.trimEnd().split('\n').pop()!) as ChildFigures;
}

function main(): number {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  process.stdout.write(`kubeward bench (node ${process.version}, ${process.platform}/${process.arch})\n`);
  if (exposedGc === undefined) process.stdout.write('note: run with --expose-gc for a GC between measurements\n');

  const clusters: { label: string; cluster: GeneratedCluster; files: string[] }[] = [];
  for (const size of SIZES) {
    const dir = path.join(outDir, `cluster-${size.label}`);
    const cluster = generateCluster({ outDir: dir, seed: SEED, objects: size.objects });
    clusters.push({ label: size.label, cluster, files: yamlFiles(dir) });
    process.stdout.write(`generated ${size.label}: ${cluster.objects} objects, ${cluster.files.length} files, ${fixed(mb(cluster.bytes))} MB\n`);
  }
  exposedGc?.();

  // Child processes first, while this process is small: forking a big parent slows the spawn.
  process.stdout.write('timing kubeward scan of a small file...\n');
  const smallFile = path.join(outDir, 'small.yaml');
  const small = writeSmallFile(smallFile);
  const startUp = timeStartUp(smallFile, process.env);
  if (typeof startUp === 'string') {
    process.stderr.write(`bench: ${startUp}\n`);
    return 2;
  }
  // Node 20 reads every certificate of NODE_EXTRA_CA_CERTS at start-up, before any script runs
  // (nodejs/node#40524: OpenSSL 3 parses them slowly). Where it is set, the start-up is also timed
  // without it, which is what kubeward's own start-up costs on a machine without such a bundle.
  const caBundle = process.env.NODE_EXTRA_CA_CERTS;
  let withoutCa: typeof startUp | undefined;
  if (caBundle) {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const r = timeStartUp(smallFile, env);
    if (typeof r === 'string') {
      process.stderr.write(`bench: ${r}\n`);
      return 2;
    }
    withoutCa = r;
  }
  const judged = withoutCa ?? startUp;

  process.stdout.write('measuring peak RSS in child processes...\n');
  const empty = child('--empty');
  const loaded = child('--loaded');
  const children = new Map<string, { scan: ScanChildFigures; load: ScanChildFigures; cli: ChildFigures }>();
  for (const { label, cluster } of clusters) {
    const c = child(cluster.outDir) as ScanChildFigures;
    const l = child('--load-only', cluster.outDir) as ScanChildFigures;
    const cli = child('--cli', cluster.outDir);
    for (const x of [c, l]) {
      if (x.objects !== cluster.objects || x.errors > 0) {
        process.stderr.write(`bench: child run on ${label} saw ${x.objects} objects and ${x.errors} errors\n`);
        return 2;
      }
    }
    children.set(label, { scan: c, load: l, cli });
  }

  // Warm both code paths up on a slice of the small cluster so neither pays the JIT alone.
  const warm = clusters[0]!.files.slice(0, 10);
  parseOnly(warm);
  scan(warm);

  const figures: SizeFigures[] = [];
  for (const { label, cluster, files } of clusters) {
    process.stdout.write(`measuring ${label} in this process...\n`);
    const parsed = measure(() => parseOnly(files));
    const parsedCount = parsed.value.length;
    parsed.value.length = 0;
    const scanned = measure(() => scan([cluster.outDir]));
    const result = scanned.value;
    if (result.objects !== cluster.objects || result.errors.length > 0 || parsedCount !== cluster.objects) {
      process.stderr.write(`bench: ${label}: scan saw ${result.objects} objects and ${result.errors.length} errors, parse ${parsedCount}; expected ${cluster.objects} objects\n`);
      return 2;
    }
    const { scan: c, load: l, cli } = children.get(label)!;
    figures.push({
      label,
      objects: cluster.objects,
      files: cluster.files.length,
      inputBytes: cluster.bytes,
      parse: parsed.timing,
      scan: scanned.timing,
      ratio: scanned.timing.wallMs / parsed.timing.wallMs,
      cpuRatio: scanned.timing.cpuMs / parsed.timing.cpuMs,
      objectsPerSecond: cluster.objects / (scanned.timing.wallMs / 1000),
      megabytesPerSecond: mb(cluster.bytes) / (scanned.timing.wallMs / 1000),
      findings: result.findings.length,
      child: c,
      rssRatio: c.peakRssBytes / cluster.bytes,
      loadOnlyChild: l,
      loadOnlyRssRatio: l.peakRssBytes / cluster.bytes,
      rssAboveLoadedRatio: (c.peakRssBytes - loaded.peakRssBytes) / cluster.bytes,
      cliChild: cli,
      cliRssRatio: cli.peakRssBytes / cluster.bytes,
    });
  }

  const rows: [string, ...string[]][] = [
    ['', ...figures.map((f) => f.label)],
    ['objects', ...figures.map((f) => String(f.objects))],
    ['files', ...figures.map((f) => String(f.files))],
    ['input MB', ...figures.map((f) => fixed(mb(f.inputBytes)))],
    ['parse only, ms (cpu ms)', ...figures.map((f) => `${fixed(f.parse.wallMs, 0)} (${fixed(f.parse.cpuMs, 0)})`)],
    ['scan, ms (cpu ms)', ...figures.map((f) => `${fixed(f.scan.wallMs, 0)} (${fixed(f.scan.cpuMs, 0)})`)],
    ['scan ÷ parse (cpu)', ...figures.map((f) => `${fixed(f.ratio, 2)} (${fixed(f.cpuRatio, 2)})`)],
    ['scan objects/s', ...figures.map((f) => fixed(f.objectsPerSecond, 0))],
    ['scan MB/s', ...figures.map((f) => fixed(f.megabytesPerSecond, 2))],
    ['findings', ...figures.map((f) => String(f.findings))],
    ['child peak RSS MB', ...figures.map((f) => fixed(mb(f.child.peakRssBytes)))],
    ['peak RSS ÷ input', ...figures.map((f) => fixed(f.rssRatio, 2))],
    ['(RSS − library loaded) ÷ input', ...figures.map((f) => fixed(f.rssAboveLoadedRatio, 2))],
    ['load only (no rules): peak RSS ÷ input', ...figures.map((f) => fixed(f.loadOnlyRssRatio, 2))],
    ['the CLI (kubeward scan): peak RSS MB', ...figures.map((f) => fixed(mb(f.cliChild.peakRssBytes)))],
    ['the CLI: peak RSS ÷ input', ...figures.map((f) => fixed(f.cliRssRatio, 2))],
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  process.stdout.write('\n');
  for (const r of rows) process.stdout.write(`${r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ')}\n`);
  process.stdout.write(`\npeak RSS of a child that loads nothing: ${fixed(mb(empty.peakRssBytes))} MB; that loads the library and scans nothing: ${fixed(mb(loaded.peakRssBytes))} MB\n`);
  const startUpLine = (label: string, t: { scanMs: number; floorMs: number }) =>
    `  ${label}: median ${fixed(t.scanMs, 0)} ms of ${CLI_RUNS} runs; node -e "" alone: median ${fixed(t.floorMs, 0)} ms; kubeward's own share: ${fixed(t.scanMs - t.floorMs, 0)} ms\n`;
  process.stdout.write(`kubeward scan of one small file (${small.objects} objects, ${fixed(small.bytes / 1024)} KiB):\n`);
  process.stdout.write(startUpLine(caBundle ? 'with NODE_EXTRA_CA_CERTS as set here' : 'environment as is', startUp));
  if (withoutCa) process.stdout.write(startUpLine('without NODE_EXTRA_CA_CERTS (judged below)', withoutCa));
  const big = figures.find((f) => f.label === '50k')!;
  const checks = [
    { name: `scan ÷ parse at 50k ≤ ${TARGETS.maxScanParseRatio}`, value: fixed(big.ratio, 2), pass: big.ratio <= TARGETS.maxScanParseRatio },
    { name: `peak RSS ÷ input at 50k ≤ ${TARGETS.maxRssInputRatio}`, value: fixed(big.rssRatio, 2), pass: big.rssRatio <= TARGETS.maxRssInputRatio },
    {
      name: `small-file scan ≤ ${TARGETS.maxSmallScanMs} ms${withoutCa ? ' (without NODE_EXTRA_CA_CERTS)' : ''}`,
      value: `${fixed(judged.scanMs, 0)} ms`,
      pass: judged.scanMs <= TARGETS.maxSmallScanMs,
    },
  ];
  process.stdout.write('\ntargets:\n');
  for (const c of checks) process.stdout.write(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}\n`);

  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify({
    node: process.version,
    seed: SEED,
    sizes: figures,
    emptyNode: { peakRssBytes: empty.peakRssBytes, medianMs: startUp.floorMs },
    libraryLoaded: { peakRssBytes: loaded.peakRssBytes },
    smallFile: {
      objects: small.objects, bytes: small.bytes, runs: CLI_RUNS,
      environmentAsIs: startUp,
      ...(withoutCa ? { withoutNodeExtraCaCerts: withoutCa } : {}),
    },
    targets: TARGETS,
    checks,
  }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(root, path.join(outDir, 'results.json'))}\n`);
  return 0;
}

process.exitCode = main();
