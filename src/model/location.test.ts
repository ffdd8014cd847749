import { describe, expect, it } from 'vitest';
import { NodeTableBuilder, type NodeTable } from './location.js';

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
