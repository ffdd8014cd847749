/**
 * A hand-written reader for the block-style YAML that Kubernetes manifests are written in
 * (kubectl and Helm output, hand-written files). For every input it accepts it produces exactly
 * what the YAML library's `Parser` + `Composer` path of the loader produces: the same plain
 * values, the same node ranges (the loader's location table), the same documents. Anything
 * outside its subset makes it give up, and the caller then reads the whole file with the
 * library. It exists because the library is slow when cold (a one-file scan is mostly start-up)
 * and builds syntax trees that are most of the loading phase's garbage.
 *
 * The ranges follow the library's own rules, including its quirks: where a comment line between
 * two entries belongs decides where a collection's range ends. Those rules are restated beside
 * the code that applies them; the differential tests in `yaml-fast.test.ts` hold the two paths
 * equal.
 */

import { Document, isScalar, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import type { NodeTableBuilder } from '../model/index.js';

/** A `key` that occurs twice in one mapping (the loader notes it; the last value wins). */
export interface FastDuplicate {
  key: string;
  offset: number;
}

/** One non-empty document, handed over once its nodes are in the table. */
export interface FastDocument {
  /** Index among all documents of the file, empty ones included. */
  docIndex: number;
  /** Table index of the document's root node. */
  root: number;
  /** Plain value: a record, an array. Strings are slices of the text (the caller detaches them). */
  value: unknown;
  /** False when the value holds numbers JSON cannot carry (`.inf`, `.nan`, `-0`). */
  jsonSafe: boolean;
  duplicates: FastDuplicate[];
  /** Offset where the document's root node starts. */
  start: number;
}

/** Where the fast reader puts what it reads. */
export interface FastSink {
  /** Receives every node of each document, in pre-order, before {@link document} is called. */
  readonly table: NodeTableBuilder;
  /** Shares a mapping key (the loader's string pool). */
  key(s: string): string;
  document(doc: FastDocument): void;
}

/** Options the library path parses with; the fast reader resolves plain scalars through the same schema. */
export type FastReaderOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * Reads every document of `text` into `sink`. Returns false, possibly after some documents were
 * already handed over, when the text is outside the subset: the caller must then discard what it
 * received and read the text with the library instead.
 */
export function readManifestsFast(text: string, options: FastReaderOptions, sink: FastSink): boolean {
  const resolver = scalarResolver(options);
  if (resolver === undefined) return false;
  // Line ends other than \n, and a byte-order mark, are left to the library.
  if (text.indexOf('\r') >= 0 || text.charCodeAt(0) === 0xfeff) return false;
  try {
    new Reader(text, resolver, sink).read();
    return true;
  } catch (e) {
    // A stack overflow (extreme nesting) is reported by the library path, with its own message.
    if (e === GIVE_UP || e instanceof RangeError) return false;
    throw e;
  }
}

const GIVE_UP = new Error('outside the fast YAML subset');
function giveUp(): never {
  throw GIVE_UP;
}

const TAB = 9;
const NL = 10;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const PERCENT = 37;
const AMP = 38;
const SQUOTE = 39;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const GT = 62;
const QUESTION = 63;
const AT = 64;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const BACKTICK = 96;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;

/** What the cursor's line is (typed as number: reading a line changes it behind the compiler's back). */
const CONTENT: number = 0;
const DOC_START: number = 1;
const EOF: number = 2;

/** Cells per node in the reader's own node buffer: key start, start, end, subtree end. */
const CELLS = 4;

interface ScalarTag {
  test: RegExp;
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

interface ScalarResolver {
  tags: readonly ScalarTag[];
  options: object;
}

/**
 * The plain-scalar tags that `YAML_PARSE_OPTIONS` give (YAML 1.1 without timestamps and
 * sexagesimal numbers), in the library's order. {@link mayBeTyped} is derived from these
 * patterns: if the library's schema ever differs, the fast reader switches itself off.
 */
const EXPECTED_TAG_TESTS = [
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$',
  '^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$',
  '^[-+]?0b[0-1_]+$',
  '^[-+]?0[0-7_]+$',
  '^[-+]?[0-9][0-9_]*$',
  '^[-+]?0x[0-9a-fA-F_]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[-+]?(?:\\.[0-9][0-9_]*|[0-9][0-9_]*(?:\\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$',
];
/** Tags that apply to keys only: the merge key `<<`, which the fast reader leaves to the library. */
const EXPECTED_KEY_TAG_TESTS = ['^<<$'];

let cachedResolver: { options: FastReaderOptions; resolver: ScalarResolver | undefined } | undefined;

/**
 * The schema's plain-scalar tags, built once from the same options as the library path (a
 * Document builds its schema and resolved options exactly as the Composer's documents do).
 * Undefined when they are not the ones this reader was written against.
 */
function scalarResolver(options: FastReaderOptions): ScalarResolver | undefined {
  if (cachedResolver?.options === options) return cachedResolver.resolver;
  const doc = new Document(undefined, options);
  const tags: ScalarTag[] = [];
  const keyTags: string[] = [];
  for (const t of doc.schema.tags as unknown as { default?: unknown; test?: RegExp; collection?: string }[]) {
    if (t.collection || !t.test) continue;
    if (t.default === true) tags.push(t as unknown as ScalarTag);
    else if (t.default === 'key') keyTags.push(t.test.source);
  }
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);
  const ok = same(tags.map((t) => t.test.source), EXPECTED_TAG_TESTS) && same(keyTags, EXPECTED_KEY_TAG_TESTS);
  const resolver = ok ? { tags, options: doc.options } : undefined;
  cachedResolver = { options, resolver };
  return resolver;
}

/**
 * Whether a plain scalar could match one of {@link EXPECTED_TAG_TESTS}; when not, it is a string
 * and the tags need not be tried. Every pattern starts with a sign, a digit or a dot, or is a word of at most five letters starting with one of
 * `~NnYyTtOoFf`; the empty string is null.
 */
function mayBeTyped(s: string): boolean {
  if (s.length === 0) return true;
  const c = s.charCodeAt(0);
  if (c >= 48 && c <= 57) return true;
  switch (c) {
    case PLUS: case DASH: case DOT:
      return true;
    case 126: // ~
    case 78: case 110: case 89: case 121: case 84: case 116: case 79: case 111: case 70: case 102: // N n Y y T t O o F f
      return s.length <= 5;
    default:
      return false;
  }
}

/** A character that ends a line or separates tokens, as the library's lexer tests it (tabs aside). */
function isBlankAt(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return c === SPACE || c === NL || c === TAB;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/** `__proto__` and friends become ordinary own properties, never prototype changes (as the library path does). */
function defineValue(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else obj[key] = value;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/**
 * The reader. Positions are string offsets. The "cursor" is the next line that holds content
 * (or a `---` line, or the end of the text), found by {@link skipTrivia}; `cs` is where its
 * content starts and `indent` that column, which for the first entry of a compact collection
 * (`- key: v`, `- - x`) is the column inside the line.
 */
class Reader {
  private readonly len: number;

  private kind = EOF;
  private lineStart = 0;
  private indent = 0;
  private cs = 0;
  private eol = 0;

  // Trivia (blank and comment lines) before the cursor, as the library's parser files them.
  /**
   * Highest column of a comment in the trailing "comment-only" item that the lines not taken in
   * by a scalar make; -1 when it holds no comment (then where it goes changes no range).
   */
  private pendMaxComment = -1;
  /** End of the trivia: where the cursor's content starts (or the `---` line, or the text's end). */
  private pendEnd = 0;
  /** The item already stayed in a collection that ended. */
  private stuck = false;
  /** Any comment among the trivia. */
  private hasComment = false;
  /** End of the last comment line the previous scalar's node took in; -1 when none. */
  private absorbedEnd = -1;

  /** Node range ends of the value just read: `range[1]` (what the table keeps) and `range[2]`. */
  private end1 = 0;
  private end2 = 0;
  /** Where a flow item ends; where reading goes on after it. */
  private itemEnd = 0;

  private keys: (string | number | null)[] = [];
  private cells = new Int32Array(CELLS * 256);
  private count = 0;
  private duplicates: FastDuplicate[] = [];
  private jsonSafe = true;

  private readonly onError = () => giveUp();

  constructor(
    private readonly text: string,
    private readonly resolver: ScalarResolver,
    private readonly sink: FastSink,
  ) {
    this.len = text.length;
  }

  read(): void {
    this.skipTrivia(0, -1);
    let docIndex = -1;
    while (this.kind !== EOF) {
      docIndex++;
      if (this.kind === DOC_START) {
        this.skipTrivia(this.docStartLineEnd(), -1);
        // Nothing before the next `---` or the end: an empty document, counted but not kept.
        if (this.kind !== CONTENT) continue;
      }
      this.count = 0;
      this.duplicates = [];
      this.jsonSafe = true;
      const start = this.cs;
      const root = this.open(null, -1, start);
      const value = this.isSeqItem(start) ? this.seq(this.indent) : this.map(this.indent);
      this.close(root, this.end1);
      // Content less indented than the root: an error the library reports.
      if (this.kind === CONTENT) giveUp();
      this.emit(docIndex, value, start);
    }
  }

  /** The line after a `---` marker; the marker may be followed by spaces and a comment only. */
  private docStartLineEnd(): number {
    const text = this.text;
    let i = this.lineStart + 3;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i < this.len) {
      const c = text.charCodeAt(i);
      if (c !== NL && !(c === HASH && i > this.lineStart + 3)) giveUp();
    }
    const nl = text.indexOf('\n', i);
    return nl < 0 ? this.len : nl + 1;
  }

  /** Replays the document's nodes into the sink's table, then hands the document over. */
  private emit(docIndex: number, value: unknown, start: number): void {
    const table = this.sink.table;
    const cells = this.cells;
    const keys = this.keys;
    const root = table.size;
    const open: number[] = [];
    const subEnds: number[] = [];
    for (let i = 0; i < this.count; i++) {
      while (subEnds.length > 0 && subEnds[subEnds.length - 1]! <= i) {
        subEnds.pop();
        table.close(open.pop()!);
      }
      const base = i * CELLS;
      open.push(table.open(keys[i]!, cells[base]!, cells[base + 1]!, cells[base + 2]!));
      subEnds.push(cells[base + 3]!);
    }
    while (open.length > 0) table.close(open.pop()!);
    this.sink.document({ docIndex, root, value, jsonSafe: this.jsonSafe, duplicates: this.duplicates, start });
  }

  private open(key: string | number | null, keyStart: number, start: number): number {
    const index = this.count++;
    const base = index * CELLS;
    if (base + CELLS > this.cells.length) {
      const grown = new Int32Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    this.cells[base] = keyStart;
    this.cells[base + 1] = start;
    this.keys[index] = key;
    return index;
  }

  private setStart(index: number, start: number): void {
    this.cells[index * CELLS + 1] = start;
  }

  private close(index: number, end: number): void {
    const base = index * CELLS;
    this.cells[base + 2] = end;
    this.cells[base + 3] = this.count;
  }

  /**
   * Skips blank and comment lines from `pos` (a line start) and loads the next line into the
   * cursor. `absorbIndent` is the indentation of the collection whose last item is a flow scalar
   * or flow collection that just ended its line (-1 otherwise).
   *
   * The library's parser files such lines as follows. A comment line more indented than that
   * collection, with only blank lines between it and the scalar, becomes part of the scalar's
   * node (its range end moves past it). Everything else, and the indentation of the next content
   * line, becomes a trailing item of the innermost collection; when the collection ends, that
   * item moves up to its parent unless it holds a comment at least as indented as the collection
   * (a collection at column 0 always lets it go). A collection that keeps it ends its range at
   * the item's end, and so does every collection around it.
   */
  private skipTrivia(pos: number, absorbIndent: number): void {
    const text = this.text;
    const len = this.len;
    this.pendMaxComment = -1;
    this.stuck = false;
    this.hasComment = false;
    this.absorbedEnd = -1;
    let pendHasComment = false;
    for (;;) {
      if (pos >= len) {
        this.kind = EOF;
        this.pendEnd = len;
        return;
      }
      let i = pos;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i >= len) {
        this.kind = EOF;
        this.pendEnd = len;
        return;
      }
      const c = text.charCodeAt(i);
      if (c === NL) {
        pos = i + 1;
        continue;
      }
      if (c === HASH) {
        const nl = text.indexOf('\n', i);
        const end = nl < 0 ? len : nl + 1;
        const column = i - pos;
        this.hasComment = true;
        if (absorbIndent >= 0 && !pendHasComment && column > absorbIndent) {
          this.absorbedEnd = end;
        } else {
          pendHasComment = true;
          if (column > this.pendMaxComment) this.pendMaxComment = column;
        }
        pos = end;
        continue;
      }
      if (c === TAB) giveUp();
      if (i === pos && (c === DASH || c === DOT) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c && isBlankAt(text, i + 3)) {
        // `...` ends a document without starting one: left to the library.
        if (c === DOT) giveUp();
        this.kind = DOC_START;
        this.lineStart = pos;
        this.pendEnd = pos;
        return;
      }
      this.kind = CONTENT;
      this.lineStart = pos;
      this.indent = i - pos;
      this.cs = i;
      const nl = text.indexOf('\n', i);
      this.eol = nl < 0 ? len : nl;
      this.pendEnd = i;
      return;
    }
  }

  /** Whether the trailing item stays in a collection at `indent` that ends here; its range end if so. */
  private collectionEnd(indent: number, end: number): number {
    if (!this.stuck && indent !== 0 && this.pendMaxComment >= indent) {
      this.stuck = true;
      return this.pendEnd;
    }
    return end;
  }

  /** `-` followed by a space or the line's end: a block sequence item. */
  private isSeqItem(i: number): boolean {
    if (this.text.charCodeAt(i) !== DASH) return false;
    const n = i + 1;
    if (n >= this.len) return true;
    const c = this.text.charCodeAt(n);
    if (c === TAB) giveUp();
    return c === SPACE || c === NL;
  }

  /** Position after the spaces from `i`; a tab there is left to the library. */
  private skipSpaces(i: number): number {
    const text = this.text;
    while (text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) === TAB) giveUp();
    return i;
  }

  /** A block mapping whose keys are at column `n`; the cursor is on its first key. */
  private map(n: number): Record<string, unknown> {
    const text = this.text;
    const obj: Record<string, unknown> = {};
    let last: number;
    for (;;) {
      const keyStart = this.cs;
      const colon = this.keyColon(keyStart, this.eol);
      if (colon < 0) giveUp();
      const key = this.keyString(keyStart);
      if (Object.prototype.hasOwnProperty.call(obj, key)) this.duplicates.push({ key, offset: keyStart });
      const node = this.open(key, keyStart, 0);
      const v = this.skipSpaces(colon + 1);
      let value: unknown;
      if (v >= this.eol || text.charCodeAt(v) === HASH) {
        // Nothing after `key:` on its line: a nested collection follows, or the value is empty.
        const lineComment = v < this.eol;
        const next = this.eol + 1;
        this.skipTrivia(next, -1);
        if (this.kind === CONTENT && (this.indent > n || (this.indent === n && this.isSeqItem(this.cs)))) {
          this.setStart(node, this.cs);
          value = this.nested(n, this.lineStart !== next);
          this.close(node, this.end1);
          last = this.end2;
        } else {
          // An empty value sits after `:` and the spaces that follow it. The lines after it stay
          // with the entry, so its node reaches their end when they hold a comment. (A mapping at
          // column 0 ended by `---` first splits those lines in two: left to the library.)
          if ((lineComment || this.hasComment) && n === 0 && this.kind === DOC_START) giveUp();
          value = null;
          this.setStart(node, v);
          this.close(node, v);
          last = lineComment || this.hasComment ? this.pendEnd : v;
          this.pendMaxComment = -1;
        }
      } else {
        this.setStart(node, v);
        value = this.inlineValue(v, n);
        this.close(node, this.end1);
        last = this.end2;
      }
      defineValue(obj, key, value);
      if (this.kind !== CONTENT || this.indent < n) break;
      // More indented content after a complete entry, or `- ` at the keys' column: library errors.
      if (this.indent > n || this.isSeqItem(this.cs)) giveUp();
    }
    this.end1 = last;
    this.end2 = this.collectionEnd(n, last);
    return obj;
  }

  /** A block sequence whose `-` are at column `d`; the cursor is on its first `-`. */
  private seq(d: number): unknown[] {
    const text = this.text;
    const arr: unknown[] = [];
    let last: number;
    // Comment lines between two items that no collection inside kept open the next item.
    let commentBefore = false;
    for (;;) {
      const node = this.open(arr.length, -1, 0);
      const v = this.skipSpaces(this.cs + 1);
      let value: unknown;
      if (v >= this.eol || text.charCodeAt(v) === HASH) {
        const lineComment = v < this.eol || commentBefore;
        const next = this.eol + 1;
        this.skipTrivia(next, -1);
        if (this.kind === CONTENT && this.indent > d) {
          this.setStart(node, this.cs);
          value = this.nested(d, this.lineStart !== next);
          this.close(node, this.end1);
          last = this.end2;
        } else {
          // As for an empty mapping value: the lines after `-` stay with the item, and so do
          // those before it.
          value = null;
          this.setStart(node, v);
          this.close(node, v);
          last = lineComment || this.hasComment ? this.pendEnd : v;
          this.pendMaxComment = -1;
        }
      } else {
        this.setStart(node, v);
        if (this.isSeqItem(v) || this.keyColon(v, this.eol) >= 0) {
          // `- - x` or `- key: v`: a collection whose first entry is on the `-` line.
          this.cs = v;
          this.indent = v - this.lineStart;
          value = this.isSeqItem(v) ? this.seq(this.indent) : this.map(this.indent);
        } else value = this.inlineValue(v, d);
        this.close(node, this.end1);
        last = this.end2;
      }
      arr.push(value);
      if (this.kind !== CONTENT || this.indent < d) break;
      if (this.indent > d) giveUp();
      // Content at the dashes' column that is not an item belongs to the mapping around.
      if (!this.isSeqItem(this.cs)) break;
      commentBefore = this.pendMaxComment >= 0 && !this.stuck;
    }
    this.end1 = last;
    this.end2 = this.collectionEnd(d, last);
    return arr;
  }

  /**
   * The value of an entry or item in a collection at column `d` that starts on a line of its own
   * at the cursor: a collection, or a scalar or flow collection alone on its line (Helm renders
   * `{}` so), which the library reads as if it followed `key: ` on the line before.
   */
  private nested(d: number, afterTrivia: boolean): unknown {
    const cs = this.cs;
    if (this.isSeqItem(cs)) return this.seq(this.indent);
    if (this.keyColon(cs, this.eol) >= 0) return this.map(this.indent);
    const c = this.text.charCodeAt(cs);
    if (c === PIPE || c === GT) giveUp();
    // The lexer continues a plain scalar on the lines that are indented at least as far as a
    // threshold, which blank and comment lines before the scalar can lower (a blank line
    // followed by a line that starts at column 0 sets it to 0): left to the library.
    if (afterTrivia && c !== DQUOTE && c !== SQUOTE && c !== LBRACKET && c !== LBRACE) giveUp();
    return this.inlineValue(cs, d);
  }

  /**
   * Where the `:` of a block mapping key starting at `i` is (a plain or quoted key followed by
   * `: ` or `:` at the line's end), or -1 when the line holds no key there.
   */
  private keyColon(i: number, eol: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quoteEnd(i, eol);
      if (close < 0) return -1;
      let j = close + 1;
      while (text.charCodeAt(j) === SPACE) j++;
      if (text.charCodeAt(j) !== COLON) return -1;
      return isBlankAt(text, j + 1) && j + 1 <= eol ? j : -1;
    }
    if (!this.plainStart(i)) return -1;
    let j = i;
    for (; j < eol; j++) {
      const ch = text.charCodeAt(j);
      if (ch === COLON) {
        if (j + 1 === eol || text.charCodeAt(j + 1) === SPACE) return j;
        if (text.charCodeAt(j + 1) === TAB) giveUp();
      } else if (ch === SPACE) {
        if (text.charCodeAt(j + 1) === HASH) return -1;
      } else if (ch === TAB) giveUp();
    }
    return -1;
  }

  /** Whether a plain scalar may start at `i` in block context (other starts are indicators, or errors). */
  private plainStart(i: number): boolean {
    const text = this.text;
    switch (text.charCodeAt(i)) {
      case DASH: case QUESTION: case COLON:
        // `-1`, `?x`, `::1` are plain; followed by a space they are indicators.
        return !isBlankAt(text, i + 1);
      case HASH: case LBRACKET: case RBRACKET: case LBRACE: case RBRACE: case STAR: case AMP: case BANG:
      case PIPE: case GT: case DQUOTE: case SQUOTE: case PERCENT: case AT: case BACKTICK: case COMMA: case TAB:
      case SPACE: case NL:
        return false;
      default:
        return i < this.len;
    }
  }

  /** The key that starts at `i` (the caller found its colon), as the library path turns it into a string. */
  private keyString(i: number): string {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) return this.sink.key(this.quoted(i, this.quoteEnd(i, this.eol)));
    let end = i;
    for (let j = i; ; j++) {
      const ch = text.charCodeAt(j);
      if (ch === COLON && (j + 1 === this.eol || text.charCodeAt(j + 1) === SPACE)) break;
      if (ch !== SPACE) end = j + 1;
    }
    return this.plainKey(text.slice(i, end));
  }

  private plainKey(s: string): string {
    // `<<` is a merge key.
    if (s === '<<') giveUp();
    const v = this.plainValue(s);
    if (typeof v === 'string') return this.sink.key(v);
    return v === null ? 'null' : String(v);
  }

  /** A plain scalar's value, as the library's schema resolves it and the loader keeps it. */
  private plainValue(s: string): unknown {
    if (!mayBeTyped(s)) return s;
    const { tags, options } = this.resolver;
    for (const tag of tags) {
      if (!tag.test.test(s)) continue;
      const res = tag.resolve(s, this.onError, options);
      let v = isScalar(res) ? res.value : res;
      if (typeof v === 'bigint') v = Number(v);
      if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) this.jsonSafe = false;
      return v;
    }
    return s;
  }

  /**
   * A value that starts on the current line at `v` in a collection at column `d` (the key's or
   * the `-`'s). Leaves the cursor on the next content line.
   */
  private inlineValue(v: number, d: number): unknown {
    const text = this.text;
    const eol = this.eol;
    const c = text.charCodeAt(v);
    let value: unknown;
    let end: number;
    if (c === PIPE || c === GT) return this.blockScalar(v, d);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quoteEnd(v, eol);
      if (close < 0) giveUp();
      value = this.quoted(v, close);
      end = close + 1;
    } else if (c === LBRACKET || c === LBRACE) {
      value = c === LBRACKET ? this.flowSeq(v) : this.flowMap(v);
      end = this.itemEnd;
    } else {
      if (!this.plainStart(v)) giveUp();
      end = v;
      for (let j = v; j < eol; j++) {
        const ch = text.charCodeAt(j);
        if (ch === COLON) {
          // `key: a: b` is an error; a `:` followed by other text is part of the scalar.
          if (j + 1 === eol || text.charCodeAt(j + 1) === SPACE || text.charCodeAt(j + 1) === TAB) giveUp();
          end = j + 1;
        } else if (ch === SPACE) {
          if (text.charCodeAt(j + 1) === HASH) break;
        } else if (ch === TAB) giveUp();
        else end = j + 1;
      }
      value = this.plainValue(text.slice(v, end));
    }
    // After the scalar: spaces, then a comment after at least one space, or the line's end.
    let j = end;
    while (text.charCodeAt(j) === SPACE) j++;
    if (j < eol && (text.charCodeAt(j) !== HASH || j === end)) giveUp();
    this.end1 = end;
    const lineEnd = eol < this.len ? eol + 1 : eol;
    this.skipTrivia(lineEnd, d);
    this.end2 = this.absorbedEnd >= 0 ? this.absorbedEnd : lineEnd;
    return value;
  }

  /** Position of the closing quote of the quoted scalar at `i`, or -1 when it is not on this line. */
  private quoteEnd(i: number, eol: number): number {
    const text = this.text;
    const q = text.charCodeAt(i);
    if (q === SQUOTE) {
      let end = text.indexOf("'", i + 1);
      while (end >= 0 && end < eol && text.charCodeAt(end + 1) === SQUOTE) end = text.indexOf("'", end + 2);
      return end >= 0 && end < eol ? end : -1;
    }
    let end = text.indexOf('"', i + 1);
    while (end >= 0 && end < eol) {
      let n = 0;
      while (text.charCodeAt(end - 1 - n) === BACKSLASH) n++;
      if (n % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    return end >= 0 && end < eol ? end : -1;
  }

  /** The value of a single-line quoted scalar from `i` to its closing quote at `close`. */
  private quoted(i: number, close: number): string {
    const text = this.text;
    const raw = text.slice(i + 1, close);
    if (text.charCodeAt(i) === SQUOTE) return raw.indexOf("''") < 0 ? raw : raw.replace(/''/g, "'");
    if (raw.indexOf('\\') < 0) return raw;
    let res = '';
    for (let k = 0; k < raw.length; k++) {
      const ch = raw[k]!;
      if (ch !== '\\') {
        res += ch;
        continue;
      }
      const next = raw[++k];
      const esc = next === undefined ? undefined : ESCAPES[next];
      if (esc !== undefined) {
        res += esc;
        continue;
      }
      const length = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (length === 0) giveUp();
      const hex = raw.substr(k + 1, length);
      if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) giveUp();
      res += String.fromCodePoint(code);
      k += length;
    }
    return res;
  }

  /**
   * A literal or folded block scalar whose header is at `h`, in a collection at column `d`: the
   * library lexer's extent (its trailing blank lines included or not as it decides) and its
   * composer's value, restated for headers without an indentation indicator.
   */
  private blockScalar(h: number, d: number): string {
    const text = this.text;
    const len = this.len;
    const folded = text.charCodeAt(h) === GT;
    let j = h + 1;
    let chomp = '';
    const cc = text.charCodeAt(j);
    if (cc === DASH || cc === PLUS) {
      chomp = cc === DASH ? '-' : '+';
      j++;
    }
    const after = text.charCodeAt(j);
    if (j < len && after !== SPACE && after !== NL) giveUp();
    j = this.skipSpaces(j);
    if (j < this.eol && text.charCodeAt(j) !== HASH) giveUp();
    if (this.eol >= len) giveUp();
    const bodyStart = this.eol + 1;

    // The lexer: content lines are those indented at least as much as the first non-blank one,
    // which must be more indented than the collection; blank lines in between belong too.
    const minIndent = d + 1;
    let nl = bodyStart - 1;
    let indent = 0;
    let i = bodyStart;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE) indent++;
      else if (c === NL) {
        nl = i;
        indent = 0;
      } else break;
    }
    if (indent >= minIndent) {
      const contentIndent = indent;
      do {
        const cs = this.continueBlock(nl + 1, contentIndent);
        if (cs === -1) break;
        nl = text.indexOf('\n', cs);
      } while (nl !== -1);
      if (nl === -1) nl = len;
    }
    let k = nl + 1;
    while (text.charCodeAt(k) === SPACE) k++;
    if (text.charCodeAt(k) === TAB) giveUp();
    if (chomp !== '+') {
      // Trailing blank lines not more indented than the content are not part of the scalar.
      for (;;) {
        let p = nl - 1;
        const lastChar = p;
        while (text.charCodeAt(p) === SPACE) p--;
        if (text.charCodeAt(p) === NL && p >= bodyStart && p + 1 + indent > lastChar) nl = p;
        else break;
      }
    }
    const sourceEnd = Math.min(nl + 1, len);
    const value = blockScalarValue(text.slice(bodyStart, sourceEnd), folded, chomp, d);
    this.end1 = sourceEnd;
    this.end2 = sourceEnd;
    this.skipTrivia(sourceEnd, -1);
    return value;
  }

  /** Where a block scalar's line at `offset` goes on, or -1 when it ends the scalar. */
  private continueBlock(offset: number, contentIndent: number): number {
    const text = this.text;
    let indent = 0;
    while (text.charCodeAt(offset + indent) === SPACE) indent++;
    const at = offset + indent;
    return (at < this.len && text.charCodeAt(at) === NL) || indent >= contentIndent ? at : -1;
  }

  /** A single-line flow sequence at `s`; sets {@link itemEnd} after its `]`. */
  private flowSeq(s: number): unknown[] {
    const text = this.text;
    const arr: unknown[] = [];
    let i = this.skipSpaces(s + 1);
    if (text.charCodeAt(i) === RBRACKET) {
      this.itemEnd = i + 1;
      return arr;
    }
    for (;;) {
      const node = this.open(arr.length, -1, i);
      const value = this.flowItem(i);
      this.close(node, this.itemEnd);
      arr.push(value);
      i = this.nextFlowItem(RBRACKET);
      if (i < 0) return arr;
    }
  }

  /**
   * After an item of a flow collection that `close` ends: where the next item starts, or -1 when
   * the collection ends there ({@link itemEnd} is then set after it).
   */
  private nextFlowItem(close: number): number {
    const text = this.text;
    const i = this.skipSpaces(this.itemEnd);
    const c = text.charCodeAt(i);
    if (c === close) {
      this.itemEnd = i + 1;
      return -1;
    }
    if (c !== COMMA) giveUp();
    const next = this.skipSpaces(i + 1);
    // A trailing comma, or an empty item.
    const n = text.charCodeAt(next);
    if (n === close || n === COMMA) giveUp();
    return next;
  }

  /** A single-line flow mapping at `s` with `key: value` entries; sets {@link itemEnd} after its `}`. */
  private flowMap(s: number): Record<string, unknown> {
    const text = this.text;
    const obj: Record<string, unknown> = {};
    let i = this.skipSpaces(s + 1);
    if (text.charCodeAt(i) === RBRACE) {
      this.itemEnd = i + 1;
      return obj;
    }
    for (;;) {
      const keyStart = i;
      const c = text.charCodeAt(i);
      let key: string;
      let colon: number;
      if (c === DQUOTE || c === SQUOTE) {
        const close = this.quoteEnd(i, this.eol);
        if (close < 0) giveUp();
        key = this.sink.key(this.quoted(i, close));
        colon = this.skipSpaces(close + 1);
        // After a quoted key, `:` needs no space.
        if (text.charCodeAt(colon) !== COLON) giveUp();
      } else {
        const end = this.flowPlainEnd(i);
        colon = this.skipSpaces(end);
        if (text.charCodeAt(colon) !== COLON || text.charCodeAt(colon + 1) !== SPACE) giveUp();
        key = this.plainKey(text.slice(i, end));
      }
      if (Object.prototype.hasOwnProperty.call(obj, key)) this.duplicates.push({ key, offset: keyStart });
      const v = this.skipSpaces(colon + 1);
      const vc = text.charCodeAt(v);
      if (v >= this.eol || vc === COMMA || vc === RBRACE || vc === HASH) giveUp();
      const node = this.open(key, keyStart, v);
      defineValue(obj, key, this.flowItem(v));
      this.close(node, this.itemEnd);
      i = this.nextFlowItem(RBRACE);
      if (i < 0) return obj;
    }
  }

  /** A scalar or nested collection inside a flow collection; sets {@link itemEnd}. */
  private flowItem(i: number): unknown {
    const c = this.text.charCodeAt(i);
    if (c === LBRACKET) return this.flowSeq(i);
    if (c === LBRACE) return this.flowMap(i);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quoteEnd(i, this.eol);
      if (close < 0) giveUp();
      this.itemEnd = close + 1;
      return this.quoted(i, close);
    }
    const end = this.flowPlainEnd(i);
    this.itemEnd = end;
    return this.plainValue(this.text.slice(i, end));
  }

  /** End of a plain scalar at `i` inside a flow collection (the lexer's rules, on one line). */
  private flowPlainEnd(i: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    switch (c) {
      case DASH: case QUESTION: case COLON: {
        const n = text.charCodeAt(i + 1);
        if (c !== DASH || isBlankAt(text, i + 1) || isFlowIndicator(n)) giveUp();
        break;
      }
      case HASH: case STAR: case AMP: case BANG: case PIPE: case GT: case PERCENT: case AT: case BACKTICK:
      case DQUOTE: case SQUOTE: case TAB: case NL: case SPACE:
        giveUp();
        break;
      default:
        if (isFlowIndicator(c) || i >= this.eol) giveUp();
    }
    const eol = this.eol;
    let end = i;
    for (let j = i; j < eol; j++) {
      const ch = text.charCodeAt(j);
      if (ch === COLON) {
        const n = text.charCodeAt(j + 1);
        if (j + 1 >= eol || n === SPACE || n === TAB || isFlowIndicator(n)) return end;
        end = j + 1;
      } else if (ch === SPACE) {
        const n = text.charCodeAt(j + 1);
        if (n === HASH) giveUp();
        if (isFlowIndicator(n)) return end;
      } else if (ch === TAB) giveUp();
      else if (isFlowIndicator(ch)) return end;
      else end = j + 1;
    }
    // The line ended inside the collection.
    giveUp();
  }
}

/** Lines of a block scalar's body as `[indentation, content]`, split as the library splits them. */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0]!;
  const m = /^( *)/.exec(first);
  const lines: [string, string][] = [m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i]!, split[i + 1]!]);
  return lines;
}

/**
 * A block scalar's value from its body, as the library's composer computes it (header without
 * an indentation indicator, inside a collection at column `parentIndent`). Cases the library
 * reports as errors are left to it.
 */
function blockScalarValue(source: string, folded: boolean, chomp: string, parentIndent: number): string {
  const lines = source ? splitLines(source) : [];
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (lines[i]![1] === '') chompStart = i;
    else break;
  }
  if (chompStart === 0) return chomp === '+' && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '';
  let trimIndent = parentIndent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i]!;
    if (content === '') {
      if (indent.length > trimIndent) trimIndent = indent.length;
    } else {
      // More-indented leading blank lines, or content at column 0: library errors.
      if (indent.length < trimIndent) giveUp();
      trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) giveUp();
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i]![0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i]![0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const [indent, content] = lines[i]!;
    if (content && indent.length < trimIndent) giveUp();
    if (!folded) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i]![0].slice(trimIndent);
    if (value[value.length - 1] !== '\n') value += '\n';
  } else if (chomp !== '-') value += '\n';
  return value;
}
