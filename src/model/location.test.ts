import { describe, expect, it } from 'vitest';
import { prng } from '../../bench/prng.js';
import { LineIndex, NodeTableBuilder, type NodeTable } from './location.js';
import type { Path, PathSegment } from './path.js';

/**
 * A table built by hand, as a reader would: `root` is a map with `a` (a list of a map and a
 * scalar), `0` (a map key spelled as a number), `<<` (a merge entry) and `b`.
 */
function table(): { t: NodeTable; ids: Record<string, number> } {
  const b = new NodeTableBuilder();
  const ids: Record<string, number> = {};
  ids.root = b.open(null, -1, 0, 100);
  ids.a = b.open('a', 1, 3, 40);
  ids.a0 = b.open(0, -1, 5, 20);
  ids.a0x = b.open('x', 7, 10, 12);
  b.close(ids.a0x);
  b.close(ids.a0);
  ids.a1 = b.open(1, -1, 25, 30);
  b.close(ids.a1);
  b.close(ids.a);
  ids.zero = b.open('0', 41, 44, 50);
  b.close(ids.zero);
  ids.merge = b.open('<<', 51, 55, 60);
  b.close(ids.merge);
  ids.b = b.open('b', 61, 64, 99);
  b.close(ids.b);
  b.close(ids.root);
  return { t: b.build(), ids };
}

describe('NodeTable', () => {
  it('keeps every key: strings, list indexes, none for the root', () => {
    const { t, ids } = table();
    expect(t.size).toBe(8);
    expect([ids.root, ids.a, ids.a0, ids.a0x, ids.a1, ids.zero, ids.merge, ids.b].map((i) => t.keyAt(i))).toEqual([null, 'a', 0, 'x', 1, '0', '<<', 'b']);
    // Each distinct key string once.
    expect([...t.keyStrings].sort()).toEqual(['0', '<<', 'a', 'b', 'x']);
  });

  it('finds paths through maps and lists, with spans and subtree ends', () => {
    const { t, ids } = table();
    expect(t.find(ids.root, ['a', 0, 'x'])).toEqual({ node: ids.a0x, matched: 3 });
    expect(t.find(ids.root, ['a', 1])).toEqual({ node: ids.a1, matched: 2 });
    expect(t.span(ids.a0x)).toEqual([7, 12]);
    expect(t.span(ids.a0)).toEqual([5, 20]);
    expect(t.subtreeEnd(ids.a)).toBe(ids.zero);
    expect(t.subtreeEnd(ids.root)).toBe(8);
  });

  it('a number also matches a map key spelled as that number, and a string never matches a list index', () => {
    const { t, ids } = table();
    expect(t.find(ids.root, [0])).toEqual({ node: ids.zero, matched: 1 });
    expect(t.find(ids.a, ['1']).matched).toBe(0);
  });

  it('stops at the closest existing parent, or at the merge entry that may have brought the key', () => {
    const { t, ids } = table();
    expect(t.find(ids.root, ['a', 0, 'missing', 'deeper'])).toEqual({ node: ids.a0, matched: 2 });
    expect(t.find(ids.root, ['a', 7])).toEqual({ node: ids.a, matched: 1 });
    // A key the table has never seen, at a level with a `<<` entry.
    expect(t.find(ids.root, ['never-seen'])).toEqual({ node: ids.merge, matched: 1 });
    expect(t.find(ids.a0, ['never-seen'])).toEqual({ node: ids.a0, matched: 0 });
  });

  it('a builder truncated back drops the nodes of a document that is not kept', () => {
    const b = new NodeTableBuilder();
    const r = b.open(null, -1, 0, 10);
    b.close(r);
    const dropped = b.open(null, -1, 11, 20);
    b.open('k', 12, 14, 20);
    b.truncate(dropped);
    expect(b.build().size).toBe(1);
  });
});

/** A node as the builder was told about it, kept in plain arrays for the reference model. */
interface RefNode {
  start: number;
  end: number;
  subtreeEnd: number;
  key: string | number | null;
}

/** Builds a packed table and, beside it, the same nodes unpacked. */
class Recorder {
  readonly builder = new NodeTableBuilder();
  readonly nodes: RefNode[] = [];

  open(key: string | number | null, keyStart: number, valueStart: number, valueEnd: number): number {
    const i = this.builder.open(key, keyStart, valueStart, valueEnd);
    this.nodes[i] = { start: keyStart >= 0 ? keyStart : valueStart, end: valueEnd, subtreeEnd: i + 1, key };
    return i;
  }

  close(i: number): void {
    this.builder.close(i);
    this.nodes[i]!.subtreeEnd = this.nodes.length;
  }

  /** A leaf: opened and closed at once. */
  leaf(key: string | number | null, keyStart: number, valueStart: number, valueEnd: number): number {
    const i = this.open(key, keyStart, valueStart, valueEnd);
    this.close(i);
    return i;
  }
}

/** The lookup done the plain way over the unpacked nodes: same rules, no codes. */
function refFind(nodes: readonly RefNode[], root: number, path: Path): { node: number; matched: number } {
  let node = root;
  let matched = 0;
  for (const seg of path) {
    let found = -1;
    let merge = -1;
    for (let c = node + 1; c < nodes[node]!.subtreeEnd; c = nodes[c]!.subtreeEnd) {
      const k = nodes[c]!.key;
      if (k === seg || (typeof seg === 'number' && k === String(seg))) {
        found = c;
        break;
      }
      if (k === '<<') merge = c;
    }
    if (found < 0) return merge >= 0 ? { node: merge, matched: matched + 1 } : { node, matched };
    node = found;
    matched++;
  }
  return { node, matched };
}

/** The path from `root` to `node`, by the keys on the way. */
function pathTo(nodes: readonly RefNode[], root: number, node: number): Path {
  const path: PathSegment[] = [];
  let at = root;
  while (at !== node) {
    let c = at + 1;
    while (nodes[c]!.subtreeEnd <= node) c = nodes[c]!.subtreeEnd;
    path.push(nodes[c]!.key!);
    at = c;
  }
  return path;
}

/** Every node's fields, and lookups of every node's path and of paths that go astray, against the reference. */
function expectSameAsReference(r: Recorder, extraPaths: readonly Path[] = [], samples = 2000): NodeTable {
  const t = r.builder.build();
  const nodes = r.nodes;
  expect(t.size).toBe(nodes.length);
  const mismatches: string[] = [];
  for (let i = 0; i < nodes.length && mismatches.length < 5; i++) {
    const n = nodes[i]!;
    const [s, e] = t.span(i);
    if (s !== n.start || e !== n.end || t.subtreeEnd(i) !== n.subtreeEnd || t.keyAt(i) !== n.key) {
      mismatches.push(`node ${i}: [${s}, ${e}) ${t.subtreeEnd(i)} ${String(t.keyAt(i))}, expected [${n.start}, ${n.end}) ${n.subtreeEnd} ${String(n.key)}`);
    }
  }
  expect(mismatches).toEqual([]);
  const random = prng(nodes.length);
  const paths: Path[] = [...extraPaths];
  const step = Math.max(1, Math.floor(nodes.length / samples));
  for (let i = 0; i < nodes.length; i += step) {
    const p = pathTo(nodes, 0, i);
    paths.push(p, [...p, 'missing', 'deeper'], [...p, Math.floor(random() * 80_000)]);
    if (p.length > 0) paths.push([...p.slice(0, -1), typeof p.at(-1) === 'number' ? String(p.at(-1)) : 'other']);
  }
  for (const p of paths) {
    const got = t.find(0, p);
    const want = refFind(nodes, 0, p);
    if (got.node !== want.node || got.matched !== want.matched) mismatches.push(`${JSON.stringify(p)}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    if (mismatches.length >= 5) break;
  }
  expect(mismatches).toEqual([]);
  return t;
}

describe('NodeTable packing: values that do not fit the narrow columns', () => {
  it('a list of 70,000 items, and a sibling after it (subtree larger than 65,535 nodes)', () => {
    const r = new Recorder();
    const root = r.open(null, -1, 0, 0);
    const list = r.open('items', 0, 7, 0);
    let at = 8;
    for (let i = 0; i < 70_000; i++) {
      r.leaf(i, -1, at + 4, at + 4 + String(i).length);
      at += 5 + String(i).length;
    }
    r.nodes[list]!.end = at;
    r.close(list);
    // The builder keeps the value end given at open; a list's end is known only after its items.
    r.nodes[list]!.end = 0;
    const after = r.leaf('after', at, at + 7, at + 9);
    r.close(root);
    const t = expectSameAsReference(r, [['items', 69_999], ['items', 70_000], ['items', '69999'], ['after'], ['items', -1], ['items', 1.5]], 200);
    expect(t.find(root, ['after'])).toEqual({ node: after, matched: 1 });
    expect(t.find(root, ['items', 69_999])).toEqual({ node: list + 70_000, matched: 2 });
    expect(t.find(root, ['items', 70_000])).toEqual({ node: list, matched: 1 });
    expect(t.subtreeEnd(list)).toBe(70_002);
    expect(t.keyAt(list + 70_000)).toBe(69_999);
    // At most half the 16 bytes a node of four 32-bit integers, even with item numbers past 65,535.
    expect(t.byteLength / t.size).toBeLessThan(8);
  });

  it('a 100 KB single-line document: offsets and spans past 65,535', () => {
    const r = new Recorder();
    const root = r.open(null, -1, 0, 100_000);
    let at = 1;
    for (let i = 0; i < 2_000; i++) {
      const m = r.open(`k${i % 50}x${Math.floor(i / 50)}`, at, at + 8, at + 48);
      r.leaf('v', at + 9, at + 12, at + 47);
      r.close(m);
      at += 50;
    }
    r.leaf('last', 99_990, 99_996, 99_999);
    r.close(root);
    const t = expectSameAsReference(r, [['last'], ['k49x39', 'v'], ['k49x39', 'w']]);
    expect(t.span(t.find(root, ['last']).node)).toEqual([99_990, 99_999]);
    expect(t.span(root)).toEqual([0, 100_000]);
  });

  it('more than 65,536 distinct keys, with a merge entry and keys spelled as numbers', () => {
    const r = new Recorder();
    const root = r.open(null, -1, 0, 0);
    let at = 0;
    for (let i = 0; i < 70_000; i++) {
      const key = i % 7 === 0 ? String(i) : `key-${i}`;
      r.leaf(key, at, at + key.length + 2, at + key.length + 4);
      at += key.length + 5;
    }
    const merge = r.leaf('<<', at, at + 4, at + 10);
    r.close(root);
    const t = expectSameAsReference(r, [['key-69998'], [69_993], ['69993'], [69_994], ['never-seen'], ['key-1', 'below']], 200);
    expect(t.keyStrings.length).toBe(70_001);
    expect(t.find(root, ['key-69998'])).toEqual({ node: 69_999, matched: 1 });
    expect(t.find(root, [69_993])).toEqual({ node: 69_994, matched: 1 });
    expect(t.find(root, ['never-seen'])).toEqual({ node: merge, matched: 1 });
  });

  it('a value that ends before its key starts, and starts far apart within a block', () => {
    const r = new Recorder();
    const root = r.open(null, -1, 0, 10);
    r.leaf('back', 500, 600, 400);
    r.leaf('far', 1_000_000, 1_000_005, 1_000_010);
    r.leaf('near', 3, 5, 6);
    r.leaf(0, -1, 2_000_000_000, 2_000_000_001);
    r.close(root);
    const t = expectSameAsReference(r, [['back'], ['far'], ['near'], [0]]);
    expect(t.span(1)).toEqual([500, 400]);
    expect(t.span(4)).toEqual([2_000_000_000, 2_000_000_001]);
  });

  it('random trees: every field and lookup as the reference has them', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const random = prng(seed);
      const r = new Recorder();
      const keys = Array.from({ length: seed * 60 }, (_, i) => (i % 5 === 0 ? String(i) : i % 11 === 0 ? '<<' : `k${i}`));
      let at = 0;
      const grow = (depth: number, key: string | number | null) => {
        // Now and then a jump: offsets beyond 16 bits, long values.
        at += random() < 0.01 ? Math.floor(random() * 200_000) : Math.floor(random() * 40);
        const keyStart = key === null || typeof key === 'number' ? -1 : at;
        const i = r.open(key, keyStart, at + 3, at + Math.floor(random() * (random() < 0.05 ? 100_000 : 300)));
        const children = depth < 5 ? Math.floor(random() * (random() < 0.02 ? 400 : 8)) : 0;
        const list = random() < 0.4;
        for (let c = 0; c < children; c++) grow(depth + 1, list ? c : keys[Math.floor(random() * keys.length)]!);
        r.close(i);
      };
      grow(0, null);
      expectSameAsReference(r);
    }
  });
});

/**
 * Line and column of ascending offsets the plain way: the last line that starts at or before
 * the offset, found by walking forward.
 */
function refPositions(starts: readonly number[], offsets: readonly number[]): { line: number; column: number }[] {
  let line = 0;
  return offsets.map((offset) => {
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    return { line: line + 1, column: offset - (starts[line] ?? 0) + 1 };
  });
}

describe('LineIndex', () => {
  /** Line starts of lines with these lengths (newline included). */
  function startsOf(lengths: readonly number[]): number[] {
    const starts = [0];
    for (const l of lengths) starts.push(starts.at(-1)! + l);
    return starts;
  }

  function expectPositions(starts: number[], offsets: Iterable<number>): void {
    const index = new LineIndex(starts);
    expect(Array.from(index.lineStarts)).toEqual(starts);
    expect(index.lineCount).toBe(starts.length);
    const bad: string[] = [];
    const sorted = [...offsets].sort((a, b) => a - b);
    const expected = refPositions(starts, sorted);
    for (let i = 0; i < sorted.length; i++) {
      const o = sorted[i]!;
      const got = index.position(o);
      const want = expected[i]!;
      if (got.line !== want.line || got.column !== want.column) bad.push(`${o}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
      if (bad.length >= 5) break;
    }
    expect(bad).toEqual([]);
  }

  function* range(from: number, to: number, step = 1): Iterable<number> {
    for (let o = from; o < to; o += step) yield o;
  }

  it('lines around the 1- and 2-byte limits, every offset', () => {
    const lengths = [1, 254, 255, 256, 1, 65_534, 65_535, 65_536, 2, 70_000, 3, ...Array.from({ length: 40 }, (_, i) => i + 1)];
    const starts = startsOf(lengths);
    expectPositions(starts, range(-2, starts.at(-1)! + 5));
  });

  it('a single line of 100 KB, then short lines', () => {
    const starts = startsOf([100_001, ...Array.from({ length: 100 }, () => 30)]);
    expectPositions(starts, [99_990, 99_999, 100_000, 100_001, 100_030, 100_031, 103_000, ...range(0, 110_000, 7)]);
    expect(new LineIndex(starts).position(99_990)).toEqual({ line: 1, column: 99_991 });
  });

  it('70,000 short lines', () => {
    const starts = startsOf(Array.from({ length: 70_000 }, (_, i) => 5 + (i % 30)));
    expectPositions(starts, range(0, starts.at(-1)! + 3, 3));
  });

  it('no lines, and one', () => {
    expect(new LineIndex([]).position(4)).toEqual({ line: 1, column: 5 });
    expectPositions([0], [-1, 0, 1, 50]);
  });
});
