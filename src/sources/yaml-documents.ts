import {
  Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser,
  type Document, type Node as YamlNode, type Tags,
} from 'yaml';
import {
  LineIndex, NodeTableBuilder, isRecord, toKubeObject,
  type KubeObject, type NodeTable, type ScanError, type ScanNote,
} from '../model/index.js';
import { readManifestsFast } from './yaml-fast.js';

/** Objects, errors and notes from one file or stream. */
export interface ParsedManifests {
  objects: KubeObject[];
  errors: ScanError[];
  notes: ScanNote[];
}

/** Nodes one document may expand to through aliases before it is treated as an alias bomb. */
export const MAX_EXPANDED_NODES = 1_000_000;

/**
 * go-yaml v2 reads a plain scalar as a float only when it has a digit before any exponent (its
 * pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, underscores aside). The YAML
 * library's YAML 1.1 float tags also take `.`, `-.`, `e5` or `.e3` (as NaN or a number), so they
 * are replaced by this one. Integers are matched first by the integer tags, as in go-yaml.
 */
const GO_YAML_FLOAT = {
  identify: (value: unknown) => typeof value === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/,
  resolve: (s: string) => parseFloat(s.replace(/_/g, '')),
};

/**
 * Kubernetes reads YAML with go-yaml v2 (YAML 1.1: `yes`/`on` are booleans, `0644` is octal).
 * go-yaml does not read sexagesimal numbers and kubectl keeps timestamps as strings, so those
 * YAML 1.1 tags are left out; floats follow go-yaml ({@link GO_YAML_FLOAT}).
 */
function kubernetesTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    const tag = t as { tag?: string; format?: string; test?: RegExp };
    if (tag.format === 'TIME' || tag.tag === 'tag:yaml.org,2002:timestamp') continue;
    // The finite-number float tags (EXP and plain); the .inf/.nan one stays.
    if (tag.tag === 'tag:yaml.org,2002:float' && !tag.test?.source.includes('inf')) {
      if (!out.includes(GO_YAML_FLOAT as never)) out.push(GO_YAML_FLOAT as never);
      continue;
    }
    out.push(t);
  }
  return out;
}

/**
 * Options the loader parses with. Exported so the benchmark can time the YAML library alone with
 * exactly the same settings.
 */
export const YAML_PARSE_OPTIONS = {
  version: '1.1',
  uniqueKeys: false,
  prettyErrors: false,
  customTags: kubernetesTags,
  strict: false,
} as const;

class AliasBombError extends Error {}
/** `*name` without an earlier `&name`: go-yaml, so kubectl, refuses the document. */
class UnknownAnchorError extends Error {}

/**
 * Longest string the pool shares. Longer ones (certificates, embedded config files) are rarely
 * repeated, so they are only copied.
 */
const MAX_POOLED_LENGTH = 256;
/** V8 copies substrings shorter than this; longer ones may be slices that keep the whole file alive. */
const MIN_SLICE_LENGTH = 13;

/**
 * Strings of one load. The YAML library returns scalars as slices (or concatenations) of the file
 * text, so keeping one value would keep the whole file in memory; the pool keeps an unshared copy
 * instead. It also shares repeated values (label keys, image names, port names), which are most of
 * what a cluster's manifests hold.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  /**
   * An equal string that shares no memory with the text it was cut from. `fresh` says that `s`
   * is already a copy of its own (JSON.parse output), so it need not be copied again.
   */
  get(s: string, fresh = false): string {
    if (s.length > MAX_POOLED_LENGTH) return fresh ? s : detach(s);
    let shared = this.strings.get(s);
    if (shared === undefined) {
      shared = fresh || s.length < MIN_SLICE_LENGTH ? s : detach(s);
      this.strings.set(shared, shared);
    }
    return shared;
  }
}

/** A fresh flat copy of a string: JSON round-trips build a new sequential string in V8. */
function detach(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

type TableKey = string | number | null;

/** Converts a composed YAML document to plain values while recording each node's range. */
class Converter {
  private expanded = 0;
  private readonly aliasCache = new Map<YamlNode, { value: unknown; size: number }>();
  readonly duplicates: { key: string; offset: number }[] = [];
  /**
   * Whether the value survives a JSON round trip unchanged: no `.inf`, `.nan` or `-0`, and no
   * aliases (whose values are shared, and may be large).
   */
  jsonSafe = true;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly table: NodeTableBuilder,
    private readonly pool: StringPool,
  ) {}

  private count(n: number): void {
    this.expanded += n;
    if (this.expanded > MAX_EXPANDED_NODES) throw new AliasBombError();
  }

  /** Converts `node` as the value of `key`, adding it and its children to the table. */
  convert(node: YamlNode | null, key: TableKey, keyStart: number, fallback: number): unknown {
    if (++this.expanded > MAX_EXPANDED_NODES) throw new AliasBombError();
    const range = node === null ? undefined : node.range;
    const start = range ? range[0] : fallback;
    const end = range ? range[1] : fallback;
    const table = this.table;
    const index = table.open(key, keyStart, start, end);
    let value: unknown;
    if (node === null) value = null;
    else if (isScalar(node)) value = this.scalar(node.value);
    else if (isMap(node)) value = this.map(node.items, start);
    else if (isSeq(node)) {
      const items = node.items;
      const arr: unknown[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) arr[i] = this.convert(items[i] as YamlNode | null, i, -1, end);
      value = arr;
    } else if (isAlias(node)) value = this.expandAlias(node.resolve(this.doc) as YamlNode | undefined);
    else value = null;
    table.close(index);
    return value;
  }

  private map(items: readonly unknown[], start: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    let merges: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const pair = items[i];
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const keyRange = keyNode === null ? undefined : keyNode.range;
      const kStart = keyRange ? keyRange[0] : start;
      const valueFallback = keyRange ? keyRange[1] : start;
      if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
        // `<<: *anchor` merge key: explicit keys win over merged ones, whatever their order.
        (merges ??= []).push(this.convert(pair.value as YamlNode | null, '<<', kStart, valueFallback));
        continue;
      }
      const k = this.key(keyNode);
      if (Object.prototype.hasOwnProperty.call(obj, k)) this.duplicates.push({ key: k, offset: kStart });
      defineValue(obj, k, this.convert(pair.value as YamlNode | null, k, kStart, valueFallback));
    }
    if (merges) {
      for (const m of merges) {
        for (const source of Array.isArray(m) ? m : [m]) {
          if (!isRecord(source)) continue;
          for (const k of Object.keys(source)) if (!Object.prototype.hasOwnProperty.call(obj, k)) defineValue(obj, k, source[k]);
        }
      }
    }
    return obj;
  }

  private scalar(v: unknown): unknown {
    // Strings are shared and detached from the file text afterwards, in `settle`.
    if (typeof v === 'string') return v;
    if (typeof v === 'bigint') v = Number(v);
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) this.jsonSafe = false;
      return v;
    }
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    if (v instanceof Date) return v.toISOString();
    return v;
  }

  private key(node: YamlNode | null): string {
    if (node === null) return 'null';
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string') return this.pool.get(v);
      const plain = this.scalar(v);
      return plain === null ? 'null' : String(plain);
    }
    if (isAlias(node)) return this.key((node.resolve(this.doc) as YamlNode | undefined) ?? null);
    return JSON.stringify(node.toJSON());
  }

  /** An alias shares the anchored value; its size still counts against the expansion budget. */
  private expandAlias(target: YamlNode | undefined): unknown {
    if (!target) throw new UnknownAnchorError();
    this.jsonSafe = false;
    const cached = this.aliasCache.get(target);
    if (cached) {
      this.count(cached.size);
      return cached.value;
    }
    const before = this.expanded;
    const value = this.plain(target);
    this.aliasCache.set(target, { value, size: this.expanded - before });
    return value;
  }

  /** Plain conversion without table entries, for aliased content. */
  private plain(node: YamlNode | null): unknown {
    this.count(1);
    if (node === null) return null;
    if (isScalar(node)) return this.scalar(node.value);
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        if (isScalar(keyNode) && typeof keyNode.value === 'symbol') continue;
        defineValue(obj, this.key(keyNode), this.plain(pair.value as YamlNode | null));
      }
      return obj;
    }
    if (isSeq(node)) return node.items.map((item) => this.plain(item as YamlNode | null));
    if (isAlias(node)) return this.expandAlias(node.resolve(this.doc) as YamlNode | undefined);
    return null;
  }
}

/**
 * The document's final value, sharing its strings through the pool. When the value survives a
 * JSON round trip, it is rebuilt by JSON.parse, whose objects have exactly the room their
 * properties need (an object built key by key keeps room for at least four, plus spare slots as
 * it grows): about a fifth less memory for a typical manifest.
 */
function settle(value: Record<string, unknown>, jsonSafe: boolean, pool: StringPool): Record<string, unknown> {
  if (!jsonSafe) {
    shareStrings(value, pool, 0, false);
    return value;
  }
  const out = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  shareStrings(out, pool, JSON_INTERNED_LENGTH, true);
  return out;
}

/**
 * V8's JSON.parse already shares string values up to this length (it interns them), and they are
 * fresh copies: looking them up in the pool again would only cost time.
 */
const JSON_INTERNED_LENGTH = 10;

/** Replaces every string longer than `skip` in a plain value by the pool's copy, in place. */
function shareStrings(node: Record<string, unknown> | unknown[], pool: StringPool, skip: number, fresh: boolean): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const v = node[i];
      if (typeof v === 'string') {
        if (v.length > skip) node[i] = pool.get(v, fresh);
      } else if (v !== null && typeof v === 'object') shareStrings(v as Record<string, unknown>, pool, skip, fresh);
    }
    return;
  }
  for (const k in node) {
    const v = node[k];
    if (typeof v === 'string') {
      if (v.length > skip) node[k] = pool.get(v, fresh);
    } else if (v !== null && typeof v === 'object') shareStrings(v as Record<string, unknown>, pool, skip, fresh);
  }
}

/** `__proto__` and friends become ordinary own properties, never prototype changes. */
function defineValue(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else obj[key] = value;
}

/** Expands `kind: List` and typed lists (`PodList`) into their items. */
function* listItems(raw: Record<string, unknown>): Generator<{ item: Record<string, unknown>; index: number }> {
  if (!Array.isArray(raw.items)) return;
  const kind = raw.kind as string;
  for (let i = 0; i < raw.items.length; i++) {
    const item = raw.items[i];
    if (!isRecord(item)) continue;
    // Typed lists from the API (PodList) leave kind and apiVersion off their items.
    if (kind !== 'List' && item.kind === undefined) {
      const filled: Record<string, unknown> = { apiVersion: raw.apiVersion, kind: kind.slice(0, -4), ...item };
      yield { item: filled, index: i };
    } else yield { item, index: i };
  }
}

function isListKind(raw: Record<string, unknown>): boolean {
  return typeof raw.kind === 'string' && raw.kind.endsWith('List') && Array.isArray(raw.items);
}

/** Which reader {@link parseManifestsWith} uses. */
export type ManifestReader = 'auto' | 'fast' | 'library';

/**
 * Parses YAML or JSON text holding any number of Kubernetes objects, keeping a location table
 * for every object. Problems are reported, never thrown. Files loaded together can share one
 * `pool`, so strings that repeat across files are kept once.
 */
export function parseManifests(text: string, file: string, pool: StringPool = new StringPool()): ParsedManifests {
  return readFast(text, file, pool) ?? readWithLibrary(text, file, pool);
}

/**
 * {@link parseManifests} with a chosen reader, for tests and benchmarks: `fast` is the hand-written
 * reader alone (undefined when the text is outside its subset), `library` the YAML library alone,
 * `auto` what {@link parseManifests} does.
 */
export function parseManifestsWith(reader: ManifestReader, text: string, file: string, pool: StringPool = new StringPool()): ParsedManifests | undefined {
  if (reader === 'fast') return readFast(text, file, pool);
  if (reader === 'library') return readWithLibrary(text, file, pool);
  return parseManifests(text, file, pool);
}

/** The loader's work after a document is read, shared by both readers. */
class ManifestCollector {
  readonly out: ParsedManifests = { objects: [], errors: [], notes: [] };
  readonly lines: LineIndex;
  /**
   * One table for the whole file, each object pointing at its own root in it: a table per
   * document would cost a few hundred bytes of wrappers per object.
   */
  readonly table = new NodeTableBuilder();
  /** Objects are made once the table exists; notes wait with them to keep document order. */
  private readonly kept: { value: Record<string, unknown> | undefined; root: number; docIndex: number; notes: ScanNote[] }[] = [];

  constructor(text: string, readonly file: string, readonly pool: StringPool) {
    this.lines = new LineIndex(lineStarts(text));
  }

  at(offset: number): { line: number; column: number } {
    return this.lines.position(offset);
  }

  error(offset: number, message: string): void {
    const pos = this.at(offset);
    this.out.errors.push({ file: this.file, line: pos.line, column: pos.column, message });
  }

  /**
   * A converted document whose nodes are in the table from index `root` on; `start` is where its
   * root node starts.
   */
  document(docIndex: number, root: number, value: unknown, jsonSafe: boolean, duplicates: readonly { key: string; offset: number }[], start: number): void {
    const file = this.file;
    const notes: ScanNote[] = [];
    for (const d of duplicates) {
      const pos = this.at(d.offset);
      notes.push({ file, line: pos.line, column: pos.column, message: `duplicate key "${d.key}": the last value wins` });
    }
    if (!isRecord(value)) {
      this.table.truncate(root);
      const docStart = this.at(start);
      notes.push({ file, line: docStart.line, column: docStart.column, message: 'skipped a document that is not a mapping (not a Kubernetes object)' });
      this.kept.push({ value: undefined, root, docIndex, notes });
      return;
    }
    this.kept.push({ value: settle(value, jsonSafe, this.pool), root, docIndex, notes });
  }

  finish(): ParsedManifests {
    const { out, file, lines } = this;
    const table = this.table.build();
    const at = (offset: number) => lines.position(offset);
    for (const { value, root, docIndex, notes } of this.kept) {
      for (const n of notes) out.notes.push(n);
      if (value === undefined) continue;
      if (isListKind(value)) {
        const itemsNode = table.find(root, ['items']).node;
        for (const { item, index } of listItems(value)) {
          const { node } = table.find(itemsNode, [index]);
          addObject(out, item, file, lines, table, node, docIndex, at);
        }
        continue;
      }
      addObject(out, value, file, lines, table, root, docIndex, at);
    }
    return out;
  }
}

/** The hand-written reader (`yaml-fast.ts`); undefined when the text is outside its subset. */
function readFast(text: string, file: string, pool: StringPool): ParsedManifests | undefined {
  const collector = new ManifestCollector(text, file, pool);
  const ok = readManifestsFast(text, YAML_PARSE_OPTIONS, {
    table: collector.table,
    key: (s) => pool.get(s),
    document: (d) => collector.document(d.docIndex, d.root, d.value, d.jsonSafe, d.duplicates, d.start),
  });
  return ok ? collector.finish() : undefined;
}

function readWithLibrary(text: string, file: string, pool: StringPool): ParsedManifests {
  const collector = new ManifestCollector(text, file, pool);
  // What parseAllDocuments does, one document at a time: each syntax tree is dropped as soon as
  // it is converted instead of living until the whole file is parsed.
  const docs = new Composer(YAML_PARSE_OPTIONS).compose(new Parser().parse(text)) as Generator<Document.Parsed>;
  let docIndex = -1;
  for (;;) {
    let next: IteratorResult<Document.Parsed>;
    try {
      next = docs.next();
    } catch (e) {
      collector.out.errors.push({ file, message: `cannot parse: ${(e as Error).message}` });
      break;
    }
    if (next.done) break;
    const doc = next.value;
    docIndex++;
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      collector.error(err.pos[0], `invalid YAML: ${firstLine(err.message)}`);
      continue;
    }
    const contents = doc.contents as YamlNode | null;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const root = collector.table.size;
    const converter = new Converter(doc, collector.table, pool);
    let value: unknown;
    try {
      value = converter.convert(contents, null, -1, 0);
    } catch (e) {
      let message: string;
      if (e instanceof AliasBombError) message = `document expands to more than ${MAX_EXPANDED_NODES} nodes through aliases (YAML alias bomb?); skipped`;
      else if (e instanceof UnknownAnchorError) message = 'an alias refers to an anchor not defined before it in the document; skipped';
      // The stack runs out on an anchor that contains its own alias, or on extreme nesting.
      else if (e instanceof RangeError) message = 'document nests too deeply, or an anchor contains its own alias; skipped';
      else throw e;
      collector.table.truncate(root);
      collector.error(contents.range?.[0] ?? 0, message);
      continue;
    }
    collector.document(docIndex, root, value, converter.jsonSafe, converter.duplicates, contents.range?.[0] ?? 0);
  }
  return collector.finish();
}

/**
 * Offsets where lines start. Only `\n` ends a line, as in the YAML library's own line counting
 * (a `\r\n` pair ends at its `\n`; a lone `\r` is not a line break there either).
 */
function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  return starts;
}

function addObject(
  out: ParsedManifests, raw: Record<string, unknown>, file: string, lines: LineIndex,
  table: NodeTable, root: number, docIndex: number, at: (offset: number) => { line: number; column: number },
): void {
  const obj = toKubeObject(raw, { type: 'file', file, lines, table, root, docIndex });
  if (obj) {
    out.objects.push(obj);
    return;
  }
  const pos = at(table.span(root)[0]);
  out.notes.push({ file, line: pos.line, column: pos.column, message: 'skipped a document without apiVersion and kind (not a Kubernetes object)' });
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
