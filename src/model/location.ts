import type { Path } from './path.js';

/** A 1-based line/column range in a source file. */
export interface FileLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * The Helm chart or Kustomize overlay folder whose rendering produced the object, when `file`
   * is a template, base or patch rather than the manifest itself. Left out for plain files.
   */
  via?: string;
}

/** Where an object that did not come from a file lives, e.g. `cluster:prod/apis/apps/v1/...`. */
export interface ReferenceLocation {
  ref: string;
}

export type Location = FileLocation | ReferenceLocation;

export function isFileLocation(loc: Location): loc is FileLocation {
  return (loc as FileLocation).file !== undefined;
}

/*
 * Location tables hold millions of small integers on a big scan, so each table packs them into
 * one byte array (a typed array costs a few hundred bytes besides its contents, which matters
 * when files are small). Integers sit in columns; each column stores its rows in 1, 2 or 4
 * bytes, whichever costs least once the few rows that do not fit go to the column's overflow
 * list ((row, value) pairs of 4 + 4 bytes, sorted by row, found by binary search). A row that
 * overflowed holds the column's escape value, the largest its width can hold. 4-byte rows
 * never overflow: offsets and node indexes stay below 2^31 (V8 strings are shorter).
 */

/** Nodes per block; a block's smallest start offset is stored in full, the others relative to it. */
const BLOCK_SHIFT = 6;
const BLOCK = 1 << BLOCK_SHIFT;

/**
 * Lines per block; a block's first line start is stored in full, the others as lengths. Small,
 * because finding a line adds up the lengths before it in its block.
 */
const LINE_BLOCK_SHIFT = 4;
const LINE_BLOCK = 1 << LINE_BLOCK_SHIFT;

/** Bytes of one overflow entry: row and value. */
const OVERFLOW_ENTRY = 8;

type Width = 1 | 2 | 4;

function escapeOf(width: Width): number {
  return width === 1 ? 0xff : 0xffff;
}

function readInt32(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}

function writeInt32(b: Uint8Array, at: number, v: number): void {
  b[at] = v;
  b[at + 1] = v >> 8;
  b[at + 2] = v >> 16;
  b[at + 3] = v >> 24;
}

/** Where a column lives in its table's bytes. */
interface Column {
  width: Width;
  /** Byte offset of row 0. */
  at: number;
  /** Byte offset of the overflow list, and its length in entries. */
  overflowAt: number;
  overflowCount: number;
}

/**
 * Lays out `count` columns of `rows` rows each, held one after another in `data`, from byte
 * `at` on, each in its cheapest width; returns the end offset. Negative values count as not
 * fitting a narrow width (they read as large unsigned numbers).
 */
function layColumns(data: Int32Array, count: number, rows: number, at: number, out: Column[]): number {
  for (let c = 0; c < count; c++) {
    // How many values do not fit one byte, and two bytes.
    let over1 = 0;
    let over2 = 0;
    for (let i = c * rows, end = i + rows; i < end; i++) {
      const u = data[i]! >>> 0;
      if (u >= 0xff) {
        over1++;
        if (u >= 0xffff) over2++;
      }
    }
    const cost1 = rows + OVERFLOW_ENTRY * over1;
    const cost2 = 2 * rows + OVERFLOW_ENTRY * over2;
    const cost4 = 4 * rows;
    const width: Width = cost4 <= cost1 && cost4 <= cost2 ? 4 : cost2 <= cost1 ? 2 : 1;
    const overflowCount = width === 4 ? 0 : width === 2 ? over2 : over1;
    const rowsEnd = at + width * rows;
    out.push({ width, at, overflowAt: rowsEnd, overflowCount });
    at = rowsEnd + OVERFLOW_ENTRY * overflowCount;
  }
  return at;
}

/** Writes rows `from` to `from + rows` of `data` as the column `col`. */
function writeColumn(b: Uint8Array, col: Column, data: Int32Array, from: number, rows: number): void {
  const at = col.at;
  let over = col.overflowAt;
  if (col.width === 4) {
    for (let i = 0; i < rows; i++) writeInt32(b, at + 4 * i, data[from + i]!);
    return;
  }
  const escape = escapeOf(col.width);
  for (let i = 0; i < rows; i++) {
    let v = data[from + i]!;
    if (v >>> 0 >= escape) {
      writeInt32(b, over, i);
      writeInt32(b, over + 4, v);
      over += OVERFLOW_ENTRY;
      v = escape;
    }
    if (escape === 0xff) b[at + i] = v;
    else {
      b[at + 2 * i] = v;
      b[at + 2 * i + 1] = v >> 8;
    }
  }
}

function overflowValue(b: Uint8Array, at: number, count: number, row: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = readInt32(b, at + mid * OVERFLOW_ENTRY);
    if (r < row) lo = mid + 1;
    else if (r > row) hi = mid - 1;
    else return readInt32(b, at + mid * OVERFLOW_ENTRY + 4);
  }
  throw new Error(`location table: row ${row} is marked as overflowing but has no entry`);
}

/** Row `row` of a column laid out by {@link layColumns}. */
function readColumn(b: Uint8Array, col: Column, row: number): number {
  const { width, at } = col;
  if (width === 1) {
    const v = b[at + row]!;
    if (v !== 0xff) return v;
  } else if (width === 2) {
    const p = at + 2 * row;
    const v = b[p]! | (b[p + 1]! << 8);
    if (v !== 0xffff) return v;
  } else return readInt32(b, at + 4 * row);
  return overflowValue(b, col.overflowAt, col.overflowCount, row);
}

/**
 * Line starts of one file, as byte-agnostic string offsets. Shared by every object of the file.
 *
 * Stored as the start of every 16th line in full and each other line's length from the line
 * before, mostly one byte per line.
 */
export class LineIndex {
  private readonly bytes: Uint8Array;
  /** The first line start of each block: the front of {@link bytes}, viewed as 32-bit integers for the binary search. */
  private readonly blockStarts: Int32Array;
  private readonly count: number;
  /** Line lengths; the block starts come first in {@link bytes}. */
  private readonly lengths: Column;

  /** @param lineStarts ascending offsets where lines start, the first one normally 0. */
  constructor(lineStarts: ArrayLike<number>) {
    const n = lineStarts.length;
    const blocks = (n + LINE_BLOCK - 1) >> LINE_BLOCK_SHIFT;
    const lengths = new Int32Array(n);
    for (let i = 1; i < n; i++) if ((i & (LINE_BLOCK - 1)) !== 0) lengths[i] = lineStarts[i]! - lineStarts[i - 1]!;
    const columns: Column[] = [];
    const end = layColumns(lengths, 1, n, 4 * blocks, columns);
    const col = columns[0]!;
    const buffer = new ArrayBuffer(end);
    const b = new Uint8Array(buffer);
    const blockStarts = new Int32Array(buffer, 0, blocks);
    for (let k = 0; k < blocks; k++) blockStarts[k] = lineStarts[k << LINE_BLOCK_SHIFT]!;
    writeColumn(b, col, lengths, 0, n);
    this.bytes = b;
    this.blockStarts = blockStarts;
    this.count = n;
    this.lengths = col;
  }

  /** Number of lines. */
  get lineCount(): number {
    return this.count;
  }

  /** Offsets where lines start, unpacked (a new array on each call). */
  get lineStarts(): Int32Array {
    const out = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = (i & (LINE_BLOCK - 1)) === 0 ? this.blockStarts[i >> LINE_BLOCK_SHIFT]! : out[i - 1]! + this.lineLength(i);
    return out;
  }

  private lineLength(line: number): number {
    return readColumn(this.bytes, this.lengths, line);
  }

  /** 1-based line and column of a string offset. */
  position(offset: number): { line: number; column: number } {
    const n = this.count;
    if (n === 0) return { line: 1, column: offset + 1 };
    const b = this.bytes;
    // The last block that starts at or before the offset, then the last line in it that does.
    const blockStarts = this.blockStarts;
    let lo = 0;
    let hi = blockStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (blockStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    let line = lo << LINE_BLOCK_SHIFT;
    let start = blockStarts[lo]!;
    const end = Math.min(n, line + LINE_BLOCK);
    const at = this.lengths.at;
    if (this.lengths.width === 1) {
      // Lines shorter than 255 characters, nearly all of them, are read in place.
      while (line + 1 < end) {
        const length = b[at + line + 1]!;
        const next = start + (length !== 0xff ? length : this.lineLength(line + 1));
        if (next > offset) break;
        start = next;
        line++;
      }
    } else {
      while (line + 1 < end) {
        const next = start + this.lineLength(line + 1);
        if (next > offset) break;
        start = next;
        line++;
      }
    }
    return { line: line + 1, column: offset - start + 1 };
  }
}

/** Per-node fields of the unpacked layout that {@link NodeTableBuilder} fills and {@link NodeTable} packs. */
const SPAN_START = 0;
const SPAN_END = 1;
const SUBTREE_END = 2;
const KEY = 3;
export const NODE_CELLS = 4;

/** {@link KEY} cell of a node without a key (a document root). */
const NO_KEY = -1;

/** {@link KEY} cell of a list item: `-2 - index`, so that any key code ≥ 0 names a string. */
function itemCode(index: number): number {
  return -2 - index;
}

/**
 * A compact map from paths to source ranges for one YAML/JSON document.
 *
 * Nodes are numbered in pre-order. Each has: the start of the node (its key's start for a map
 * entry), the end of its value, the index after the node's subtree, and its key within its
 * parent. Children of node `i` are `i+1`, then each next sibling at the previous one's subtree
 * end. The table packs these into four columns of one byte array, mostly one or two bytes each
 * (see {@link layColumns}): the start relative to the smallest start of its block of 64 nodes
 * (those are kept in full), the span's length, the subtree's size, and a key code (0 for none,
 * `1 + k` for key string `k`, `1 + keyStrings.length + i` for list item `i`). A 50k-object scan
 * thus keeps locations for everything in about 6 bytes a node, in arrays the garbage collector
 * never has to walk, without holding the YAML syntax tree.
 */
export class NodeTable {
  private readonly bytes: Uint8Array;
  /** The smallest start of each block of nodes: the front of {@link bytes}, viewed as 32-bit integers. */
  private readonly blockStarts: Int32Array;
  private readonly count: number;
  /** The columns: start (from its block's), span length, subtree size, key code. */
  private readonly starts: Column;
  private readonly lengths: Column;
  private readonly sizes: Column;
  private readonly keys: Column;

  /**
   * Packs `cells`, {@link NODE_CELLS} integers per node (start, end, subtree end, key cell: a
   * `keyStrings` index, -1 for none, `-2 - i` for list item `i`), as {@link NodeTableBuilder}
   * fills them. The table keeps no reference to `cells`.
   */
  constructor(
    cells: Int32Array,
    /** The distinct map keys of the table, by code. */
    readonly keyStrings: readonly string[],
  ) {
    const n = Math.floor(cells.length / NODE_CELLS);
    const blocks = (n + BLOCK - 1) >> BLOCK_SHIFT;
    const keyCount = keyStrings.length;
    const bases = new Int32Array(blocks);
    for (let k = 0; k < blocks; k++) {
      const from = k << BLOCK_SHIFT;
      const to = Math.min(n, from + BLOCK);
      let min = cells[from * NODE_CELLS + SPAN_START]!;
      for (let i = from + 1; i < to; i++) {
        const start = cells[i * NODE_CELLS + SPAN_START]!;
        if (start < min) min = start;
      }
      bases[k] = min;
    }
    // The four columns one after another: start in block, length, subtree size, key code.
    const data = new Int32Array(4 * n);
    for (let i = 0; i < n; i++) {
      const base = i * NODE_CELLS;
      const start = cells[base + SPAN_START]!;
      const key = cells[base + KEY]!;
      const inBlock = start - bases[i >> BLOCK_SHIFT]!;
      const length = cells[base + SPAN_END]! - start;
      const size = cells[base + SUBTREE_END]! - i;
      const code = key >= 0 ? key + 1 : key === NO_KEY ? 0 : keyCount - 1 - key;
      data[i] = inBlock;
      data[n + i] = length;
      data[2 * n + i] = size;
      data[3 * n + i] = code;
    }
    const columns: Column[] = [];
    const end = layColumns(data, 4, n, 4 * blocks, columns);
    const buffer = new ArrayBuffer(end);
    const b = new Uint8Array(buffer);
    const blockStarts = new Int32Array(buffer, 0, blocks);
    blockStarts.set(bases);
    for (let c = 0; c < 4; c++) writeColumn(b, columns[c]!, data, c * n, n);
    this.bytes = b;
    this.blockStarts = blockStarts;
    this.count = n;
    [this.starts, this.lengths, this.sizes, this.keys] = columns as [Column, Column, Column, Column];
  }

  get size(): number {
    return this.count;
  }

  /** Bytes the packed table takes (its key strings aside). */
  get byteLength(): number {
    return this.bytes.length;
  }

  private keyCode(node: number): number {
    return readColumn(this.bytes, this.keys, node);
  }

  /** A node's key within its parent: string for map entries, number for list items, null for a root. */
  keyAt(node: number): string | number | null {
    const code = this.keyCode(node);
    if (code === 0) return null;
    const keyCount = this.keyStrings.length;
    return code <= keyCount ? this.keyStrings[code - 1]! : code - keyCount - 1;
  }

  /** The code of key string `key`, -1 (no node's) when the table has no such key. */
  /** The node index that `path` reaches from `root`, stopping at the closest existing parent. */
  find(root: number, path: Path): { node: number; matched: number } {
    const b = this.bytes;
    const keyWidth = this.keys.width;
    const keysAt = this.keys.at;
    const sizeWidth = this.sizes.width;
    const sizeAt = this.sizes.at;
    const keys = this.keyStrings;
    const keyCount = keys.length;
    let node = root;
    let matched = 0;
    for (const seg of path) {
      const end = this.subtreeEnd(node);
      // A number matches a list item, or a map key spelled as that number; keys are compared as
      // strings (a map from key to code would cost more memory than the table itself).
      const wantItem = typeof seg === 'number' && Number.isInteger(seg) && seg >= 0 ? keyCount + 1 + seg : -1;
      const wantKey = typeof seg === 'number' ? String(seg) : seg;
      let child = node + 1;
      let found = -1;
      let merge = -1;
      while (child < end) {
        // One-byte columns (nearly every table's) are read in place: this loop is where locating spends its time.
        let code = keyWidth === 1 ? b[keysAt + child]! : 0xff;
        if (code === 0xff) code = this.keyCode(child);
        if (code === wantItem) {
          found = child;
          break;
        }
        // Children always have a key (code > 0): codes up to keyCount name key strings.
        if (code <= keyCount) {
          const key = keys[code - 1]!;
          if (key === wantKey) {
            found = child;
            break;
          }
          if (key === '<<') merge = child;
        }
        const size = sizeWidth === 1 ? b[sizeAt + child]! : 0xff;
        child = size !== 0xff ? child + size : this.subtreeEnd(child);
      }
      if (found < 0) {
        // A key brought in by a YAML merge key lives at the `<<:` entry.
        if (merge >= 0) return { node: merge, matched: matched + 1 };
        break;
      }
      node = found;
      matched++;
    }
    return { node, matched };
  }

  /** String offsets [start, end) of a node; a map entry starts at its key. */
  span(node: number): [number, number] {
    const b = this.bytes;
    const start = this.blockStarts[node >> BLOCK_SHIFT]!
      + readColumn(b, this.starts, node);
    return [start, start + readColumn(b, this.lengths, node)];
  }

  /** The index after the last node of `node`'s subtree (its descendants are `node+1` up to it). */
  subtreeEnd(node: number): number {
    return node + readColumn(this.bytes, this.sizes, node);
  }
}

/**
 * Builds a {@link NodeTable} in pre-order. Several documents can share one table (each object
 * keeps its own root index); {@link build} packs the table.
 */
export class NodeTableBuilder {
  private cells = new Int32Array(1024);
  private readonly keyStrings: string[] = [];
  private readonly codes = new Map<string, number>();
  private count = 0;

  /** Opens a node (`keyStart` -1 when it has no key); call {@link close} once its children are added. */
  open(key: string | number | null, keyStart: number, valueStart: number, valueEnd: number): number {
    const index = this.count++;
    const base = index * NODE_CELLS;
    if (base + NODE_CELLS > this.cells.length) {
      const grown = new Int32Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    const cells = this.cells;
    cells[base + SPAN_START] = keyStart >= 0 ? keyStart : valueStart;
    cells[base + SPAN_END] = valueEnd;
    cells[base + SUBTREE_END] = index + 1;
    cells[base + KEY] = key === null ? NO_KEY : typeof key === 'number' ? itemCode(key) : this.codeOf(key);
    return index;
  }

  private codeOf(key: string): number {
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.keyStrings.length;
      this.keyStrings.push(key);
      this.codes.set(key, code);
    }
    return code;
  }

  close(index: number): void {
    this.cells[index * NODE_CELLS + SUBTREE_END] = this.count;
  }

  build(): NodeTable {
    return new NodeTable(this.cells.subarray(0, this.count * NODE_CELLS), this.keyStrings.slice());
  }

  /** Nodes added so far; the index the next {@link open} returns. */
  get size(): number {
    return this.count;
  }

  /** Drops the nodes from index `size` on (a document that turned out not to be kept). */
  truncate(size: number): void {
    if (size < this.count) this.count = Math.max(0, size);
  }
}

/** Where one object came from: a document in a file (with its location table) or a reference. */
export type ObjectSource =
  | { type: 'file'; file: string; lines: LineIndex; table: NodeTable; root: number; docIndex: number }
  | { type: 'reference'; ref: string }
  | RenderedSource;

/** Cells per node in {@link RenderedSource.spans}: file index, line, column, end line, end column. */
export const SPAN_CELLS = 5;

/**
 * An object produced by a renderer (`helm template`, `kustomize build`). Paths resolve through the
 * table of the rendered document; the rendered text itself is dropped, and each of its nodes
 * instead carries the range in a source file (template, base, patch) it was mapped to when loaded.
 */
export interface RenderedSource {
  type: 'rendered';
  /**
   * The chart or overlay folder that was rendered, as findings name files; empty for an object
   * assembled from several files rather than rendered (a node's kubelet flags).
   */
  via: string;
  table: NodeTable;
  root: number;
  /** Source files that {@link spans} point into, as findings name them. */
  files: readonly string[];
  /** {@link SPAN_CELLS} integers per node of the object's subtree, node `root + i` at `i * SPAN_CELLS`. */
  spans: Int32Array;
}

/** Resolves a path inside an object to a location; a missing path points at its closest parent. */
export function locate(source: ObjectSource, path: Path): Location {
  if (source.type === 'reference') return { ref: source.ref };
  if (source.type === 'rendered') {
    const { node } = source.table.find(source.root, path);
    const i = (node - source.root) * SPAN_CELLS;
    const s = source.spans;
    const loc: FileLocation = { file: source.files[s[i]!]!, line: s[i + 1]!, column: s[i + 2]!, endLine: s[i + 3]!, endColumn: s[i + 4]! };
    if (source.via !== '') loc.via = source.via;
    return loc;
  }
  const { node } = source.table.find(source.root, path);
  const [start, end] = source.table.span(node);
  const a = source.lines.position(start);
  const b = source.lines.position(end);
  return { file: source.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}
