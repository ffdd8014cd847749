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

/**
 * Line starts of one file, as byte-agnostic string offsets. Shared by every object of the file.
 */
export class LineIndex {
  constructor(readonly lineStarts: ArrayLike<number>) {}

  /** 1-based line and column of a string offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }
}

/** Per-node fields in {@link NodeTable.cells}. */
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
 * Nodes are stored in pre-order, four integers each: start of the node (its key's start for a
 * map entry), end of its value, index after the node's subtree, and its key within its parent —
 * an index into the table's key strings for map entries, {@link itemCode} for list items. Children
 * of node `i` are `i+1`, then each next sibling at the previous one's subtree end. This costs 16
 * bytes per node in one typed array, which the garbage collector never has to walk, so a 50k-object
 * scan keeps locations for everything without holding the YAML syntax tree.
 */
export class NodeTable {
  /** Key string to code, built on first {@link find}. */
  private codes: Map<string, number> | undefined;

  constructor(
    readonly cells: Int32Array,
    /** The distinct map keys of the table, by code. */
    readonly keyStrings: readonly string[],
  ) {}

  get size(): number {
    return this.cells.length / NODE_CELLS;
  }

  /** A node's key within its parent: string for map entries, number for list items, null for a root. */
  keyAt(node: number): string | number | null {
    const code = this.cells[node * NODE_CELLS + KEY]!;
    if (code >= 0) return this.keyStrings[code]!;
    return code === NO_KEY ? null : -2 - code;
  }

  private codeOf(key: string): number {
    if (!this.codes) {
      this.codes = new Map();
      this.keyStrings.forEach((k, i) => this.codes!.set(k, i));
    }
    // -1 matches no map entry (roots are never children).
    return this.codes.get(key) ?? NO_KEY;
  }

  /** The node index that `path` reaches from `root`, stopping at the closest existing parent. */
  find(root: number, path: Path): { node: number; matched: number } {
    const cells = this.cells;
    // NO_KEY when the table has no `<<` key; no child has that code.
    const mergeCode = this.codeOf('<<');
    let node = root;
    let matched = 0;
    for (const seg of path) {
      const end = cells[node * NODE_CELLS + SUBTREE_END]!;
      // A number matches a list item, or a map key spelled as that number.
      const want = typeof seg === 'number' ? itemCode(seg) : this.codeOf(seg);
      const alsoWant = typeof seg === 'number' ? this.codeOf(String(seg)) : NO_KEY;
      let child = node + 1;
      let found = -1;
      let merge = -1;
      while (child < end) {
        const code = cells[child * NODE_CELLS + KEY]!;
        if (code !== NO_KEY && (code === want || code === alsoWant)) {
          found = child;
          break;
        }
        if (code === mergeCode) merge = child;
        child = cells[child * NODE_CELLS + SUBTREE_END]!;
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
    const base = node * NODE_CELLS;
    return [this.cells[base + SPAN_START]!, this.cells[base + SPAN_END]!];
  }

  /** The index after the last node of `node`'s subtree (its descendants are `node+1` up to it). */
  subtreeEnd(node: number): number {
    return this.cells[node * NODE_CELLS + SUBTREE_END]!;
  }
}

/**
 * Builds a {@link NodeTable} in pre-order. Several documents can share one table (each object
 * keeps its own root index); {@link build} copies the table out at its exact size.
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
    return new NodeTable(this.cells.slice(0, this.count * NODE_CELLS), this.keyStrings.slice());
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
  /** The chart or overlay folder that was rendered, as findings name files. */
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
    return { file: source.files[s[i]!]!, line: s[i + 1]!, column: s[i + 2]!, endLine: s[i + 3]!, endColumn: s[i + 4]!, via: source.via };
  }
  const { node } = source.table.find(source.root, path);
  const [start, end] = source.table.span(node);
  const a = source.lines.position(start);
  const b = source.lines.position(end);
  return { file: source.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}
