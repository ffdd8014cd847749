import { describe, expect, it } from 'vitest';
import { prng } from '../../../../bench/prng.js';
import { IndexSetBuilder, type IndexSet } from './index-set.js';


/** The reference: a plain boolean per index. */
function dense(size: number, indices: number[]): boolean[] {
  const out = new Array<boolean>(size).fill(false);
  for (const i of indices) out[i] = true;
  return out;
}

function expectMatches(set: IndexSet, ref: boolean[]): void {
  const members = ref.flatMap((v, i) => (v ? [i] : []));
  expect(set.toArray()).toEqual(members);
  expect(set.count).toBe(members.length);
  expect(ref.map((_, i) => set.has(i))).toEqual(ref);
  const bitmap = new Uint32Array((ref.length + 31) >>> 5);
  set.orInto(bitmap);
  expect(ref.map((_, i) => ((bitmap[i >>> 5]! >>> (i & 31)) & 1) === 1)).toEqual(ref);
  const seen: number[] = [];
  set.forEach((i) => seen.push(i));
  expect(seen).toEqual(members);
}

describe('IndexSet', () => {
  it('keeps a set as a list up to one index in 32 of the size, and as a bitmap beyond', () => {
    const b = new IndexSetBuilder(320);
    const ten = b.of([5, 300, 17, 0, 64, 63, 32, 31, 200, 5, 100]);
    expect(ten.count).toBe(10);
    expect(ten.list).toEqual([0, 5, 17, 31, 32, 63, 64, 100, 200, 300]);
    expect(ten.words).toBeNull();
    const eleven = b.of([0, 5, 17, 31, 32, 63, 64, 100, 200, 300, 319]);
    expect(eleven.list).toBeNull();
    expect(eleven.words).not.toBeNull();
    expect(eleven.toArray()).toEqual([0, 5, 17, 31, 32, 63, 64, 100, 200, 300, 319]);
  });

  it('shares one empty and one full set per builder', () => {
    const b = new IndexSetBuilder(40);
    expect(b.of([])).toBe(b.empty);
    const all = Array.from({ length: 40 }, (_, i) => 39 - i);
    expect(b.of(all)).toBe(b.full);
    expect(b.full.toArray()).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(b.full.has(39)).toBe(true);
    expect(b.full.has(40)).toBe(false);
    expect(b.empty.has(0)).toBe(false);
    const none = new IndexSetBuilder(0);
    expect(none.full).toBe(none.empty);
    expect(none.build()).toBe(none.empty);
  });

  it('fills the last word of the full set only up to the size', () => {
    for (const size of [1, 31, 32, 33, 63, 64, 65]) {
      const full = new IndexSetBuilder(size).full;
      expect(full.count).toBe(size);
      expect(full.toArray()).toEqual(Array.from({ length: size }, (_, i) => i));
      expect(full.has(size)).toBe(false);
    }
  });

  it('answers nothing outside its range', () => {
    const b = new IndexSetBuilder(100);
    for (const set of [b.of([3, 50]), b.of(Array.from({ length: 60 }, (_, i) => i + 10)), b.empty]) {
      expect(set.has(-1)).toBe(false);
      expect(set.has(100)).toBe(false);
      expect(set.has(1000)).toBe(false);
    }
  });

  it('rejects indices outside the size and sets of another size', () => {
    const b = new IndexSetBuilder(10);
    expect(() => b.add(10)).toThrow(RangeError);
    expect(() => b.add(-1)).toThrow(RangeError);
    expect(() => b.add(1.5)).toThrow(RangeError);
    expect(() => b.addAll(new IndexSetBuilder(11).full)).toThrow(RangeError);
    // A rejected add leaves the builder as it was.
    expect(b.of([2])).toEqual(new IndexSetBuilder(10).of([2]));
  });

  it('matches a dense reference on random sets of random sizes and densities', () => {
    const rand = prng(20240611);
    for (let round = 0; round < 300; round++) {
      const size = 1 + Math.floor(rand() * 400);
      const b = new IndexSetBuilder(size);
      // Densities from a handful of elements to nearly all, so both forms and both edges occur.
      const density = [0.005, 0.02, 0.05, 0.3, 0.97][round % 5]!;
      const indices: number[] = [];
      for (let i = 0; i < size; i++) if (rand() < density) indices.push(i);
      for (let k = indices.length - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        [indices[k], indices[j]] = [indices[j]!, indices[k]!];
      }
      // Repeats change nothing.
      const withRepeats = indices.concat(indices.slice(0, Math.floor(indices.length / 2)));
      expectMatches(b.of(withRepeats), dense(size, indices));
    }
  });

  it('builds unions that match the dense union, whatever the forms of the parts', () => {
    const rand = prng(7);
    for (let round = 0; round < 200; round++) {
      const size = 1 + Math.floor(rand() * 300);
      const b = new IndexSetBuilder(size);
      const parts: number[][] = [];
      const n = 1 + Math.floor(rand() * 4);
      for (let p = 0; p < n; p++) {
        const density = rand() < 0.5 ? 0.01 : 0.4;
        const part: number[] = [];
        for (let i = 0; i < size; i++) if (rand() < density) part.push(i);
        parts.push(part);
      }
      const sets = parts.map((p) => b.of(p));
      for (const s of sets) b.addAll(s);
      if (rand() < 0.3) b.add(Math.floor(rand() * size));
      const extra = b.build();
      const ref = dense(size, parts.flat());
      for (let i = 0; i < size; i++) if (extra.has(i)) ref[i] = true;
      expectMatches(extra, ref);
      // The parts are unchanged by the union built after them.
      sets.forEach((s, k) => expectMatches(s, dense(size, parts[k]!)));
    }
  });

  it('starts every set empty: build leaves nothing behind in the builder', () => {
    const b = new IndexSetBuilder(1000);
    b.of(Array.from({ length: 900 }, (_, i) => i));
    b.of([1, 999]);
    expect(b.of([500]).toArray()).toEqual([500]);
    expect(b.build()).toBe(b.empty);
  });
});
