import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCluster } from '../../bench/generate.js';
import { locate, type FileLocation, type KubeObject } from '../model/index.js';
import { parseManifestsWith, StringPool, type ParsedManifests } from './yaml-documents.js';
import { prng } from '../../bench/prng.js';
import { REPO_ROOT } from '../../test/helpers/repo.js';


const ROOT = REPO_ROOT;
const CONFORMANCE = path.resolve(ROOT, '../shared/conformance/pod-security-admission');

/**
 * A value as a string that keeps what deep equality can miss: key order, `-0`, `NaN`,
 * `Infinity`, `undefined`, and the difference between a missing and an undefined property.
 */
function canon(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (ArrayBuffer.isView(v)) return `<${Array.from(v as Int32Array).join(',')}>`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const proto = Object.getPrototypeOf(o) === Object.prototype ? '' : `(${String(o.constructor?.name)})`;
    return `${proto}{${Object.keys(o).map((k) => `${JSON.stringify(k)}:${canon(o[k])}`).join(',')}}`;
  }
  return `?${typeof v}`;
}

/** Where two node tables first differ, with the text around both ranges. */
function tableDifference(text: string, a: KubeObject, b: KubeObject): string | undefined {
  if (a.source.type !== 'file' || b.source.type !== 'file') return 'source is not a file';
  const ta = a.source.table;
  const tb = b.source.table;
  if (a.source.root !== b.source.root) return `root ${a.source.root} vs ${b.source.root}`;
  const n = Math.max(ta.size, tb.size);
  for (let i = 0; i < n; i++) {
    // Spans and subtree ends; keys compare by value (their codes depend on insertion order).
    const ca = i < ta.size ? [...ta.span(i), ta.subtreeEnd(i)] : [];
    const cb = i < tb.size ? [...tb.span(i), tb.subtreeEnd(i)] : [];
    if (ta.keyAt(i) !== tb.keyAt(i) || ca.join() !== cb.join()) {
      const show = (cells: number[]) => JSON.stringify(text.slice(cells[0], cells[1]));
      return `node ${i}: fast ${canon(ta.keyAt(i))} [${ca.join()}] ${show(ca)}, library ${canon(tb.keyAt(i))} [${cb.join()}] ${show(cb)}`;
    }
  }
  if (canon(a.source.lines.lineStarts) !== canon(b.source.lines.lineStarts)) return 'line index';
  return undefined;
}

/** The first difference between what the two readers made of `text`, or undefined. */
function difference(text: string, fast: ParsedManifests, library: ParsedManifests): string | undefined {
  if (canon(fast.errors) !== canon(library.errors)) return `errors: ${canon(fast.errors)} vs ${canon(library.errors)}`;
  if (canon(fast.notes) !== canon(library.notes)) return `notes: ${canon(fast.notes)} vs ${canon(library.notes)}`;
  if (fast.objects.length !== library.objects.length) return `objects: ${fast.objects.length} vs ${library.objects.length}`;
  for (let i = 0; i < fast.objects.length; i++) {
    const a = fast.objects[i]!;
    const b = library.objects[i]!;
    const { source: sa, ...restA } = a;
    const { source: sb, ...restB } = b;
    if (canon(restA) !== canon(restB)) return `object ${i}: ${canon(restA)}\nvs\n${canon(restB)}`;
    if (sa.type !== sb.type) return `object ${i}: source ${sa.type} vs ${sb.type}`;
    if (sa.type === 'file' && sb.type === 'file' && (sa.file !== sb.file || sa.docIndex !== sb.docIndex)) {
      return `object ${i}: ${sa.file}#${sa.docIndex} vs ${sb.file}#${sb.docIndex}`;
    }
    const t = tableDifference(text, a, b);
    if (t) return `object ${i}: ${t}`;
  }
  return undefined;
}

type Outcome = { accepted: false } | { accepted: true; diff: string | undefined; parsed: ParsedManifests };

/** Reads `text` with the fast reader alone and with the library alone, and compares. */
function compare(text: string, file = 'f.yaml'): Outcome {
  const fast = parseManifestsWith('fast', text, file, new StringPool());
  if (fast === undefined) return { accepted: false };
  const library = parseManifestsWith('library', text, file, new StringPool())!;
  return { accepted: true, diff: difference(text, fast, library), parsed: fast };
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir).sort()) {
    if (e === 'node_modules' || e.startsWith('.git')) continue;
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ya?ml|json)$/.test(e)) out.push(p);
  }
  return out;
}

/** Compares both readers on every file; returns how many the fast reader accepted, and the mismatches. */
function compareFiles(files: readonly string[]): { accepted: string[]; rejected: string[]; mismatches: string[] } {
  const accepted: string[] = [];
  const rejected: string[] = [];
  const mismatches: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const r = compare(text, path.relative(ROOT, f));
    if (!r.accepted) rejected.push(f);
    else {
      accepted.push(f);
      if (r.diff) mismatches.push(`${path.relative(ROOT, f)}: ${r.diff}`);
    }
  }
  return { accepted, rejected, mismatches };
}

describe('fast YAML reader: same result as the library on real files', () => {
  it('examples/: every file accepted, all equal', () => {
    const files = walk(path.join(ROOT, 'examples'));
    expect(files.length).toBeGreaterThan(5);
    const r = compareFiles(files);
    expect(r.mismatches).toEqual([]);
    expect(r.rejected.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('test/ and src/ fixtures: all equal; only JSON and Helm templates left to the library', () => {
    const files = [...walk(path.join(ROOT, 'test')), ...walk(path.join(ROOT, 'src'))];
    expect(files.length).toBeGreaterThan(30);
    const r = compareFiles(files);
    expect(r.mismatches).toEqual([]);
    // JSON is one multi-line flow mapping; a chart's templates are Go templates, not YAML.
    const unexpected = r.rejected.filter((f) => !f.endsWith('.json') && !readFileSync(f, 'utf8').includes('{{'));
    expect(unexpected.map((f) => path.relative(ROOT, f))).toEqual([]);
    expect(r.accepted.length).toBeGreaterThan(30);
  });

  it.runIf(existsSync(CONFORMANCE))('Pod Security Admission conformance fixtures: the bulk accepted, all equal', () => {
    const files = walk(CONFORMANCE);
    expect(files.length).toBeGreaterThan(4000);
    const r = compareFiles(files);
    expect(r.mismatches).toEqual([]);
    expect(r.accepted.length).toBeGreaterThanOrEqual(files.length * 0.99);
  });
});

/**
 * Random manifests in (and sometimes just outside) the fast reader's subset, with the layouts
 * that decide where ranges end: comment lines at every column between and after entries, blank
 * lines with and without spaces, empty values, block scalars with every chomping and trailing
 * blank lines, kubectl-style and indented sequences, compact `- key:` and `- - x` items.
 */
class ManifestFuzzer {
  private readonly rnd: () => number;
  private lines: string[] = [];
  /** How often blank and comment lines come, varied per manifest. */
  private readonly triviaRate: number;
  constructor(seed: number) {
    this.rnd = prng(seed);
    this.triviaRate = this.pick([0.05, 0.25, 0.5]);
  }
  private int(a: number, b: number): number {
    return a + Math.floor(this.rnd() * (b - a + 1));
  }
  private chance(p: number): boolean {
    return this.rnd() < p;
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)]!;
  }

  private static readonly SCALARS = [
    'nginx', 'true', 'false', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', '0', '-0', '007', '0644', '08', '0x1F',
    '0b101', '1_000', '+12', '-3', '1e3', 'e5', '1.5', '.5', '1.', '.', '-.inf', '.NaN', '12345678901234567890', '1:20',
    '2001-12-14', 'a:b', 'http://x.example/y?z=1#frag', 'value#notcomment', '-flag', '--flag=1', '?odd', '::1', 'a b  c',
    "it's", 'tab', 'ünïcödé', '50%', '0o7', '+.5', '1e', 'E1', 'Yes', 'TRUE', 'nulls', 'offline', 'one two',
  ];
  private static readonly KEYS = ['name', 'image', 'a:b', 'x.y/z', 'app.kubernetes.io/name', 'on', 'yes', '1', '007', 'null', '~', '-k', 'key with spaces', '__proto__', 'constructor'];

  private comment(indent: number): string {
    return `${' '.repeat(indent)}#${this.pick(['', ' c', ' # nested', ' key: value', '\ttab in comment'])}`;
  }

  /** Blank and comment lines at random columns around `indent`. */
  private trivia(indent: number): void {
    while (this.chance(this.triviaRate)) {
      if (this.chance(0.4)) this.lines.push(' '.repeat(this.pick([0, 0, 1, indent, indent + 2, indent + 5])));
      else this.lines.push(this.comment(Math.max(0, indent + this.int(-3, 4))));
    }
  }

  private trailing(): string {
    return this.chance(0.15) ? `${' '.repeat(this.int(1, 3))}# t` : this.chance(0.05) ? '  ' : '';
  }

  private scalar(): string {
    const s = this.pick(ManifestFuzzer.SCALARS);
    const r = this.rnd();
    if (r < 0.15) return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}${this.pick(['', '\\t', '\\n', '\\u00e9', '\\x41', '\\\\', ' \\" '])}"`;
    if (r < 0.25) return `'${s.replace(/'/g, "''")}'`;
    if (r < 0.3) return `[${this.pick(['', 'a', 'a, b', '"x", 1', ' 2 , true ', '[a], {b: c}', 'a b'])}]`;
    if (r < 0.35) return `{${this.pick(['', 'a: 1', 'a: 1, b: "x"', ' k: [1, 2] ', '"q":v', 'a: 1, a: 2'])}}`;
    if (s === 'tab') return 'a\tb';
    return s;
  }

  private key(): string {
    const k = this.pick(ManifestFuzzer.KEYS);
    if (this.chance(0.1)) return `"${k}"`;
    if (this.chance(0.05)) return `'${k}'`;
    return k;
  }

  private blockScalar(indent: number): void {
    const content = indent + this.pick([1, 2, 2, 4]);
    const n = this.int(0, 4);
    for (let i = 0; i < n; i++) {
      const r = this.rnd();
      if (r < 0.2) this.lines.push(' '.repeat(this.pick([0, content - 1, content, content + 2])));
      else if (r < 0.3) this.lines.push(`${' '.repeat(content + 2)}more indented`);
      else if (r < 0.35) this.lines.push(`${' '.repeat(content)}# not a comment`);
      else this.lines.push(`${' '.repeat(content)}${this.pick(['text', 'key: value', '- item', 'with  spaces  '])}`);
    }
    while (this.chance(0.3)) this.lines.push(' '.repeat(this.pick([0, 1, content, content + 1])));
  }

  /** A value after `prefix` (`key:` or `-`), at collection column `indent`. */
  private value(prefix: string, indent: number, depth: number): void {
    const r = this.rnd();
    if (depth > 3 || r < 0.45) {
      this.lines.push(`${prefix} ${this.scalar()}${this.trailing()}`);
    } else if (r < 0.55) {
      this.lines.push(`${prefix} ${this.pick(['|', '|-', '|+', '>', '>-', '>+'])}${this.trailing()}`);
      this.blockScalar(indent);
    } else if (r < 0.58) {
      this.lines.push(`${prefix}${this.pick(['', ' ', '  # empty'])}`);
    } else if (r < 0.62) {
      // A scalar alone on the next line, as Helm renders `{}`.
      this.lines.push(`${prefix}${this.trailing()}`);
      this.trivia(indent);
      this.lines.push(`${' '.repeat(indent + this.pick([1, 2, 4]))}${this.scalar()}${this.trailing()}`);
    } else if (r < 0.8) {
      this.lines.push(`${prefix}${this.trailing()}`);
      this.trivia(indent);
      this.map(indent + this.pick([1, 2, 2, 4]), depth + 1);
    } else {
      this.lines.push(`${prefix}${this.trailing()}`);
      this.trivia(indent);
      this.seq(prefix.startsWith('-') ? indent + 2 : indent + this.pick([0, 0, 2]), depth + 1);
    }
  }

  private map(indent: number, depth: number, first?: string): void {
    const n = this.int(1, 4);
    for (let i = 0; i < n; i++) {
      const pad = i === 0 && first !== undefined ? first : ' '.repeat(indent);
      const colon = this.chance(0.05) ? '  :' : ':';
      this.value(`${pad}${this.key()}${colon}${this.chance(0.05) ? ' ' : ''}`, indent, depth);
      this.trivia(indent);
    }
  }

  private seq(indent: number, depth: number, first?: string): void {
    const n = this.int(1, 4);
    for (let i = 0; i < n; i++) {
      const pad = i === 0 && first !== undefined ? first : ' '.repeat(indent);
      const r = this.rnd();
      const dash = this.chance(0.1) ? '-   ' : '- ';
      if (depth < 3 && r < 0.35) this.map(indent + dash.length, depth + 1, `${pad}${dash}`);
      else if (depth < 3 && r < 0.45) this.seq(indent + dash.length, depth + 1, `${pad}${dash}`);
      else this.value(`${pad}-`, indent, depth);
      this.trivia(indent);
    }
  }

  manifest(): string {
    this.lines = [];
    const docs = this.int(1, 3);
    for (let d = 0; d < docs; d++) {
      if (d > 0 || this.chance(0.3)) this.lines.push(this.pick(['---', '---', '--- # doc', '---  ']));
      this.trivia(0);
      if (this.chance(0.1)) continue;
      this.lines.push('apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: fuzz-${d}`);
      this.trivia(0);
      if (this.chance(0.15)) this.seq(0, 0);
      else this.map(0, 0);
    }
    const text = this.lines.join('\n');
    return this.chance(0.8) ? `${text}\n` : text;
  }
}

/**
 * Lines of every kind at indentations that drift up and down: mostly not valid YAML, which is
 * the point: whatever the fast reader accepts of it must read as the library reads it.
 */
function lineSoup(seed: number): string {
  const rnd = prng(seed);
  const kinds = ['k: v', 'k:', 'k: # c', '- v', '- k: v', '-', '- - v', '- k:', '# c', '#c', '', '  ', 'k: |', 'k: >-', 'k: |+', 'text',
    'k2: 1', '"q": 1', '{}', '[a, b]', 'k: {a: 1}', '- |', 'k: "s"', 'k:  ', '-  # c', 'x: y', '---', 'k: v # c', 'e5', '"str"', "'s'"];
  const lines = ['a: 1'];
  let indent = 0;
  const n = 3 + Math.floor(rnd() * 12);
  for (let i = 0; i < n; i++) {
    const kind = kinds[Math.floor(rnd() * kinds.length)]!;
    const at = kind === '---' ? 0 : Math.max(0, indent + [-4, -2, 0, 0, 0, 2, 2, 1, 3][Math.floor(rnd() * 9)]!);
    if (kind !== '' && kind !== '  ' && !kind.startsWith('#')) indent = at;
    lines.push(' '.repeat(at) + kind);
  }
  return lines.join('\n') + (rnd() < 0.8 ? '\n' : '');
}

describe('fast YAML reader: same result as the library on generated input', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubeward-fast-yaml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a synthetic cluster (bench/generate.ts): every file accepted, all equal', () => {
    const cluster = generateCluster({ outDir: dir, seed: 7, objects: 300 });
    expect(cluster.objects).toBeGreaterThanOrEqual(300);
    const r = compareFiles(cluster.files);
    expect(r.mismatches).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.accepted).toHaveLength(cluster.files.length);
  });

  it('random manifests with comments, blank lines and empty values everywhere: all equal, most accepted', () => {
    const mismatches: string[] = [];
    let accepted = 0;
    const runs = 3000;
    for (let seed = 1; seed <= runs; seed++) {
      const text = new ManifestFuzzer(seed).manifest();
      const r = compare(text);
      if (!r.accepted) continue;
      accepted++;
      if (r.diff && mismatches.length < 5) mismatches.push(`seed ${seed}: ${r.diff}\n${text}`);
    }
    expect(mismatches).toEqual([]);
    expect(accepted).toBeGreaterThan(runs / 3);
  });

  it('random lines at drifting indentations: whatever is accepted is equal', () => {
    const mismatches: string[] = [];
    let accepted = 0;
    const runs = 20000;
    for (let seed = 1; seed <= runs; seed++) {
      const text = lineSoup(seed);
      const r = compare(text);
      if (!r.accepted) continue;
      accepted++;
      if (r.diff && mismatches.length < 5) mismatches.push(`seed ${seed}: ${r.diff}\n${text}`);
    }
    expect(mismatches).toEqual([]);
    expect(accepted).toBeGreaterThan(runs / 50);
  });
});

/** Asserts that the fast reader accepts `text` and agrees with the library; returns what it read. */
function same(text: string): ParsedManifests {
  const r = compare(text);
  expect(r.accepted, 'the fast reader gave up').toBe(true);
  if (!r.accepted) throw new Error('unreachable');
  expect(r.diff).toBeUndefined();
  return r.parsed;
}

function givesUp(text: string): void {
  expect(parseManifestsWith('fast', text, 'f.yaml')).toBeUndefined();
  // The loader still reads it, through the library.
  expect(parseManifestsWith('auto', text, 'f.yaml')).toEqual(parseManifestsWith('library', text, 'f.yaml'));
}

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

/** `line:column-endLine:endColumn` of a path inside an object. */
function where(obj: KubeObject, p: (string | number)[]): string {
  const loc = locate(obj.source, p) as FileLocation;
  return `${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}`;
}

/** The value of `spec` in the first object. */
function spec(parsed: ParsedManifests): Record<string, unknown> {
  return parsed.objects[0]!.raw.spec as Record<string, unknown>;
}

describe('fast YAML reader: edge cases', () => {
  it('plain scalars: every string of up to three characters typed scalars are made of reads as the library reads it', () => {
    // Every character the YAML 1.1 patterns start with or contain, and some that they do not.
    const alphabet = [...'0178_.+-eExbonNyYtTfF~aluisrOLSz'];
    const strings = new Set<string>(['null', 'NULL', 'true', 'True', 'TRUE', 'false', 'FALSE', 'yes', 'Yes', 'YES', 'off', 'Off', '.inf', '-.inf', '+.Inf', '.NaN', '.NAN', '0b1_0', '0x_F', '1_0.5_0', '1e+10', '1.5E-3', '-0.0', '+0']);
    for (const a of alphabet) {
      strings.add(a);
      for (const b of alphabet) {
        strings.add(a + b);
        for (const c of alphabet) strings.add(a + b + c);
      }
    }
    // A lone `-` is a sequence indicator, not a scalar.
    strings.delete('-');
    const list = [...strings];
    const values = same(`${HEAD}spec:\n${list.map((s, i) => `  k${i}: ${s}\n`).join('')}`);
    expect(Object.keys(spec(values))).toHaveLength(list.length);
    // As keys, the scalars become strings the same way (and collide the same way: `01` and `1`).
    same(`${HEAD}spec:\n${list.map((s, i) => `  ${s}: ${i}\n`).join('')}`);
  });

  it('plain scalars resolve as go-yaml v2 does: YAML 1.1 without timestamps and sexagesimal numbers', () => {
    const values: [string, unknown][] = [
      ['true', true], ['False', false], ['yes', true], ['on', true], ['ON', true], ['y', true], ['Y', true], ['n', false],
      ['NO', false], ['Off', false], ['~', null], ['null', null], ['Null', null], ['NULL', null],
      ['0', 0], ['0644', 420], ['08', 8], ['0x1F', 31], ['0b101', 5], ['1_000', 1000], ['+1', 1], ['-3', -3],
      ['0o7', '0o7'], ['12345678901234567890', Number('12345678901234567890')], ['1e3', 1000], ['1.5', 1.5], ['.5', 0.5],
      ['1.', 1], ['.inf', Infinity], ['-.Inf', -Infinity], ['+.INF', Infinity], ['.nan', NaN],
      // go-yaml v2 needs a digit before the exponent: these are strings for kubectl (the YAML library alone reads NaN).
      ['e5', 'e5'], ['.', '.'], ['-.', '-.'], ['.e3', '.e3'], ['E5', 'E5'], ['1_0.5', 10.5], ['-.5e-2', -0.005],
      ['1:20', '1:20'], ['2001-12-14', '2001-12-14'], ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
      ['nginx', 'nginx'], ['nulls', 'nulls'], ['onion', 'onion'], ['Yesterday', 'Yesterday'], ['e', 'e'], ['E+', 'E+'],
      ['value#notcomment', 'value#notcomment'], ['http://host:8080/p?q=1#f', 'http://host:8080/p?q=1#f'], ['a:b', 'a:b'],
      ['::1', '::1'], ['-flag', '-flag'], ['--x=1', '--x=1'], ['?x', '?x'], ['50%', '50%'], ['a  b', 'a  b'], ['ünï', 'ünï'],
      ['"123"', '123'], ["'yes'", 'yes'], ['"a\\tb\\u00e9\\x41\\\\\\"\\/"', 'a\tb\u00e9A\\"/'], ["'it''s'", "it's"], ['""', ''],
      ['[]', []], ['{}', {}], ['[a, "b", 1, [c], {d: e}]', ['a', 'b', 1, ['c'], { d: 'e' }]], ['{a: 1, "b":2, c: [x]}', { a: 1, b: 2, c: ['x'] }],
    ];
    const text = `${HEAD}spec:\n${values.map(([src], i) => `  k${i}: ${src}\n`).join('')}  empty:\n  emptyComment: # nothing\n`;
    const got = spec(same(text));
    values.forEach(([, want], i) => expect(got[`k${i}`], `k${i}`).toEqual(want));
    expect(got.empty).toBeNull();
    expect(got.emptyComment).toBeNull();
    expect(Object.is(spec(same(`${HEAD}spec:\n  z: -0\n`)).z, -0)).toBe(true);
  });

  it('keys: typed keys become strings, colons inside keys, quoted keys, duplicates noted', () => {
    const parsed = same(`${HEAD}spec:\n  a:b: c\n  on: 1\n  1: one\n  ~: nil\n  0x10: hex\n  "quoted key": q\n  'single': s\n  key  : spaced\n  k:{"type":"Ready"}: {}\n  .: dot\n  a:b: again\n`);
    expect(spec(parsed)).toEqual({ 1: 'one', 16: 'hex', 'a:b': 'again', true: 1, null: 'nil', 'quoted key': 'q', single: 's', key: 'spaced', 'k:{"type":"Ready"}': {}, '.': 'dot' });
    expect(parsed.notes).toEqual([{ file: 'f.yaml', line: 16, column: 3, message: 'duplicate key "a:b": the last value wins' }]);
  });

  it('comments: after values, between entries at any column, after the last entry', () => {
    same(`${HEAD}spec:\n  a: value # comment\n  b: "q" # c\n  c: [1] #c\n    # deeper than the keys\n  # at the keys\n# at 0\n  d:\n    e: 1\n      # deeper\n    # at e\n  # at d\n# at 0\n`);
    same(`${HEAD}spec:\n  list:\n  - a\n    # absorbed\n  - b\n  # stays with the list\nother: 1\n`);
    same(`${HEAD}spec:\n  list:\n    - name: a\n      # at the item's keys\n    - name: b\n        # deeper\n\n  # after a blank line\n`);
    // The comment stays with the inner sequence, so the empty item after it ends right after its `-`.
    const stuck = same(`${HEAD}spec:\n  a:\n  - - x\n    # c\n  -\n  b: 1\n`);
    expect(where(stuck.objects[0]!, ['spec', 'a'])).toBe('6:3-9:4');
  });

  it('sequences at the column of their key (kubectl) and indented, compact items, empty items', () => {
    const parsed = same(`${HEAD}spec:\n  a:\n  - x\n  - w: 1\n    z: 2\n  - - n1\n    - n2\n  -\n  - # empty with comment\n  b:\n    -   spaced: 1\n    -\n      nested: true\n`);
    expect(spec(parsed)).toEqual({ a: ['x', { w: 1, z: 2 }, ['n1', 'n2'], null, null], b: [{ spaced: 1 }, { nested: true }] });
  });

  it('block scalars: keep, strip and clip, at the end of a document and of the file', () => {
    const parsed = same(`${HEAD}spec:\n  clip: |\n    a\n\n  strip: |-\n    a\n\n  keep: |+\n    a\n\n  folded: >\n    a\n    b\n\n    c\n      more\n    d\n  foldedStrip: >-\n    x\n---\n${HEAD}data:\n  last: |+\n    end\n\n\n`);
    expect(spec(parsed)).toEqual({ clip: 'a\n', strip: 'a', keep: 'a\n\n', folded: 'a b\nc\n  more\nd\n', foldedStrip: 'x' });
    expect(parsed.objects[1]!.raw.data).toEqual({ last: 'end\n\n\n' });
    same(`${HEAD}data:\n  a: |\n    x\n  \n    \n`);
    same(`${HEAD}data:\n  a: |-\n    x\n\n# after\n`);
    same(`${HEAD}data:\n  a: >+\n    x\n   \n  b: |\n\n  c: 1\n`);
    same(`${HEAD}data:\n  a: |\n    x`);
    // Trailing blank lines before the next document, for each chomping.
    same(`${HEAD}data:\n  a: |+\n    x\n\n  \n---\n${HEAD}data:\n  b: |-\n    y\n\n\n---\n${HEAD}data:\n  c: >\n    z\n\n---\n`);
  });

  it('documents: separators with comments, empty documents, no final newline', () => {
    const parsed = same(`# stream comment\n---\n---   # empty\n${HEAD}---\n# only a comment\n---\n\n${HEAD.replace('name: x', 'name: z')}---\n`);
    expect(parsed.objects.map((o) => [o.name, o.source.type === 'file' && o.source.docIndex])).toEqual([['x', 1], ['z', 3]]);
    same(`${HEAD}spec:\n  a: 1`);
    same(`${HEAD}spec:\n  a:\n    {}\n  b:\n    # c\n    "alone"\n  c:\n  -\n    plain\n`);
    same(`${HEAD}spec:\n  a:`);
    same(`${HEAD}spec:\n  a:\n    # c\n---\n`);
    same('');
    same('# nothing\n\n');
    same('- a\n- b\n');
  });

  it('gives up on what the fast reader leaves to the library', () => {
    for (const text of [
      `${HEAD}spec:\r\n  a: 1\r\n`, // CRLF
      `\ufeff${HEAD}`, // byte-order mark
      `${HEAD}spec:\n\ta: 1\n`, // tab indentation
      `${HEAD}spec:\n  a: b\tc\n`, // tab in a plain scalar
      `${HEAD}spec: &anchor\n  a: 1\n`,
      `${HEAD}spec:\n  a: *alias\n`,
      `${HEAD}spec:\n  a: !!str 1\n`,
      `${HEAD}spec:\n  <<: {a: 1}\n`,
      `${HEAD}spec:\n  ? complex\n  : key\n`,
      `${HEAD}spec:\n  a: multi\n    line\n`,
      `${HEAD}spec:\n  a: "multi\n    line"\n`,
      `${HEAD}spec:\n  a: [1,\n    2]\n`,
      `${HEAD}spec:\n  a:\n    |\n      block scalar header on its own line\n`,
      `${HEAD}spec:\n  a: |2\n      explicit indentation\n`,
      `${HEAD}...\n`,
      `%YAML 1.1\n---\n${HEAD}`,
      `--- ${HEAD}`,
      `${HEAD}spec:\n  a: - b\n`,
      `${HEAD}spec:\n  a: b: c\n`,
      `${HEAD}spec:\n  a: @reserved\n`,
      `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}}\n`,
      `${HEAD}spec:\n  a: "\\q"\n`, // not an escape
    ]) givesUp(text);
  });

  it('documents that are not Kubernetes objects: the same notes', () => {
    same('foo: bar\n---\n- a\n---\nkind: Pod\nmetadata: {name: no-api-version}\n');
  });
});

describe('fast YAML reader: tool output', () => {
  it('Helm output: `# Source:` comments, empty documents, blank lines with trailing spaces, empty values', () => {
    const text = `---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: release-shop
  labels:
    helm.sh/chart: shop-0.1.0
    app.kubernetes.io/name: shop
    app.kubernetes.io/instance: release
    app.kubernetes.io/version: "1.16.0"
    app.kubernetes.io/managed-by: Helm
---
# Source: shop/templates/hpa.yaml
---
# Source: shop/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: release-shop
  annotations:
data:
  nginx.conf: |-
    server {
      listen 8080;
    }
  
  empty: ""
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: release-shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: shop
  template:
    metadata:
      labels:
        app.kubernetes.io/name: shop
    spec:
      serviceAccountName: release-shop
      securityContext:
        {}
      containers:
        - name: shop
          securityContext:
            {}
          image: "nginx:1.16.0"
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 80
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /
              port: http
          resources:
            {}
`;
    const parsed = same(text);
    expect(parsed.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['ServiceAccount/release-shop', 'ConfigMap/release-shop', 'Deployment/release-shop']);
    expect(parsed.objects.map((o) => o.source.type === 'file' && o.source.docIndex)).toEqual([0, 2, 3]);
  });

  it('kubectl get -o yaml: a List with managedFields, status and null timestamps', () => {
    const text = `apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    creationTimestamp: "2024-06-11T10:00:00Z"
    labels:
      app: web
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:labels:
            .: {}
            f:app: {}
        f:status:
          f:conditions:
            k:{"type":"Ready"}:
              .: {}
              f:status: {}
      manager: kubelet
      operation: Update
      time: "2024-06-11T10:00:01Z"
    name: web-0
    namespace: default
    resourceVersion: "123"
  spec:
    containers:
    - image: nginx
      name: web
      resources: {}
      securityContext:
        privileged: true
  status:
    phase: Running
kind: List
metadata:
  resourceVersion: ""
`;
    const parsed = same(text);
    expect(parsed.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`)).toEqual(['Pod/default/web-0']);
  });
});
