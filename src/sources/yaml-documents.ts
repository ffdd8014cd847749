import {
  isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments,
  type Document, type Node as YamlNode, type Tags,
} from 'yaml';
import {
  LineIndex, NodeTableBuilder, isRecord, toKubeObject,
  type KubeObject, type NodeTable, type ScanError, type ScanNote,
} from '../model/index.js';

/** Objects, errors and notes from one file or stream. */
export interface ParsedManifests {
  objects: KubeObject[];
  errors: ScanError[];
  notes: ScanNote[];
}

/** Nodes one document may expand to through aliases before it is treated as an alias bomb. */
export const MAX_EXPANDED_NODES = 1_000_000;

/**
 * Kubernetes reads YAML with go-yaml v2 (YAML 1.1: `yes`/`on` are booleans, `0644` is octal).
 * go-yaml does not read sexagesimal numbers and kubectl keeps timestamps as strings, so those
 * YAML 1.1 tags are left out.
 */
function kubernetesTags(tags: Tags): Tags {
  return tags.filter((t) => {
    const tag = t as { tag?: string; format?: string };
    return tag.format !== 'TIME' && tag.tag !== 'tag:yaml.org,2002:timestamp';
  });
}

class AliasBombError extends Error {}

/** Converts a composed YAML document to plain values while recording each node's range. */
class Converter {
  private expanded = 0;
  private readonly aliasCache = new Map<YamlNode, { value: unknown; size: number }>();
  readonly duplicates: { key: string; offset: number }[] = [];

  constructor(
    private readonly doc: Document.Parsed,
    private readonly table: NodeTableBuilder,
  ) {}

  private count(n = 1): void {
    this.expanded += n;
    if (this.expanded > MAX_EXPANDED_NODES) throw new AliasBombError();
  }

  /** Converts `node` as the value of `key`, adding it and its children to the table. */
  convert(node: YamlNode | null, key: string | number | null, keyStart: number, fallback: number): unknown {
    this.count();
    const range = node?.range;
    const start = range ? range[0] : fallback;
    const end = range ? range[1] : fallback;
    const index = this.table.open(key, keyStart, start, end);
    let value: unknown;
    if (node === null) value = null;
    else if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      const merges: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const keyRange = keyNode?.range;
        const kStart = keyRange ? keyRange[0] : start;
        const valueFallback = keyRange ? keyRange[1] : start;
        if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
          // `<<: *anchor` merge key: explicit keys win over merged ones, whatever their order.
          merges.push(this.convert(pair.value as YamlNode | null, '<<', kStart, valueFallback));
          continue;
        }
        const k = keyString(keyNode, this.doc);
        if (Object.prototype.hasOwnProperty.call(obj, k)) this.duplicates.push({ key: k, offset: kStart });
        const v = this.convert(pair.value as YamlNode | null, k, kStart, valueFallback);
        defineValue(obj, k, v);
      }
      for (const m of merges) {
        for (const source of Array.isArray(m) ? m : [m]) {
          if (!isRecord(source)) continue;
          for (const [k, v] of Object.entries(source)) if (!Object.prototype.hasOwnProperty.call(obj, k)) defineValue(obj, k, v);
        }
      }
      value = obj;
    } else if (isSeq(node)) {
      const arr: unknown[] = [];
      node.items.forEach((item, i) => {
        arr.push(this.convert(item as YamlNode | null, i, -1, end));
      });
      value = arr;
    } else if (isScalar(node)) {
      value = scalarValue(node.value);
    } else if (isAlias(node)) {
      value = this.expandAlias(node.resolve(this.doc) as YamlNode | undefined);
    } else value = null;
    this.table.close(index);
    return value;
  }

  /** An alias shares the anchored value; its size still counts against the expansion budget. */
  private expandAlias(target: YamlNode | undefined): unknown {
    if (!target) return null;
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
    this.count();
    if (node === null) return null;
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        if (isScalar(keyNode) && typeof keyNode.value === 'symbol') continue;
        defineValue(obj, keyString(keyNode, this.doc), this.plain(pair.value as YamlNode | null));
      }
      return obj;
    }
    if (isSeq(node)) return node.items.map((item) => this.plain(item as YamlNode | null));
    if (isScalar(node)) return scalarValue(node.value);
    if (isAlias(node)) return this.expandAlias(node.resolve(this.doc) as YamlNode | undefined);
    return null;
  }
}

/** `__proto__` and friends become ordinary own properties, never prototype changes. */
function defineValue(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else obj[key] = value;
}

function keyString(node: YamlNode | null, doc: Document.Parsed): string {
  if (node === null) return 'null';
  if (isScalar(node)) {
    const v = scalarValue(node.value);
    return v === null ? 'null' : String(v);
  }
  if (isAlias(node)) return keyString((node.resolve(doc) as YamlNode | undefined) ?? null, doc);
  return JSON.stringify(node.toJSON());
}

function scalarValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number(v);
  return v;
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

/**
 * Parses YAML or JSON text holding any number of Kubernetes objects, keeping a location table
 * for every object. Problems are reported, never thrown.
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  const out: ParsedManifests = { objects: [], errors: [], notes: [] };
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      version: '1.1',
      lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
      customTags: kubernetesTags,
      strict: false,
    });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    out.errors.push({ file, message: `cannot parse: ${(e as Error).message}` });
    return out;
  }
  const lines = new LineIndex(Int32Array.from(lineCounter.lineStarts));
  const at = (offset: number) => lines.position(offset);

  docs.forEach((doc, docIndex) => {
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const pos = at(err.pos[0]);
      out.errors.push({ file, line: pos.line, column: pos.column, message: `invalid YAML: ${firstLine(err.message)}` });
      return;
    }
    const contents = doc.contents as YamlNode | null;
    if (contents === null || (isScalar(contents) && contents.value === null)) return;
    const builder = new NodeTableBuilder();
    const converter = new Converter(doc, builder);
    let value: unknown;
    try {
      value = converter.convert(contents, null, -1, 0);
    } catch (e) {
      if (!(e instanceof AliasBombError)) throw e;
      const pos = at(contents.range?.[0] ?? 0);
      out.errors.push({
        file, line: pos.line, column: pos.column,
        message: `document expands to more than ${MAX_EXPANDED_NODES} nodes through aliases (YAML alias bomb?); skipped`,
      });
      return;
    }
    for (const d of converter.duplicates) {
      const pos = at(d.offset);
      out.notes.push({ file, line: pos.line, column: pos.column, message: `duplicate key "${d.key}": the last value wins` });
    }
    const table = builder.build();
    const docStart = at(contents.range?.[0] ?? 0);
    if (!isRecord(value)) {
      out.notes.push({ file, line: docStart.line, column: docStart.column, message: 'skipped a document that is not a mapping (not a Kubernetes object)' });
      return;
    }
    if (isListKind(value)) {
      const itemsNode = table.find(0, ['items']).node;
      for (const { item, index } of listItems(value)) {
        const { node } = table.find(itemsNode, [index]);
        addObject(out, item, file, lines, table, node, docIndex, at);
      }
      return;
    }
    addObject(out, value, file, lines, table, 0, docIndex, at);
  });
  return out;
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
