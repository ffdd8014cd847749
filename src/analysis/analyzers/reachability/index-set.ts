/**
 * Immutable sets of small integers below a fixed size: the pod classes a rule or policy selects,
 * the address atoms a rule names. A set is a sorted list (4 bytes an element) while it holds at
 * most one possible index in 32, and a bitmap (1 bit per possible index) beyond that, whichever is
 * smaller. Most policy rules select a few classes of one namespace, so in a large cluster most sets
 * are short lists where a bitmap per set would cost an eighth of a byte per class of the cluster.
 */

/** A set of integers in `0..size-1`. Built through an {@link IndexSetBuilder}. */
export class IndexSet {
  /** @internal */
  constructor(
    /** Every element is below `size`. */
    readonly size: number,
    /** Number of elements. */
    readonly count: number,
    /**
     * Elements in ascending order, for a list set; null for a bitmap. A plain array: a typed array
     * carries some 150 bytes of object headers, more than most lists hold.
     */
    readonly list: readonly number[] | null,
    /** Bit `i` (of word `i >>> 5`) is set for each element, for a bitmap set; null for a list. */
    readonly words: Uint32Array | null,
  ) {}

  /** Whether `i` is in the set (false for anything out of range). */
  has(i: number): boolean {
    const words = this.words;
    if (words !== null) return ((words[i >>> 5]! >>> (i & 31)) & 1) === 1;
    const list = this.list!;
    let hi = list.length - 1;
    if (hi < 0 || i < list[0]! || i > list[hi]!) return false;
    let lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = list[mid]!;
      if (v === i) return true;
      if (v < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Calls `fn` with every element, in ascending order. */
  forEach(fn: (i: number) => void): void {
    const words = this.words;
    if (words === null) {
      const list = this.list!;
      for (let k = 0; k < list.length; k++) fn(list[k]!);
      return;
    }
    for (let k = 0; k < words.length; k++) {
      let word = words[k]!;
      while (word !== 0) {
        const low = word & -word;
        fn((k << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  /** Sets the bit of every element in `bitmap` (one bit per index, 32 to a word). */
  orInto(bitmap: Uint32Array): void {
    const words = this.words;
    if (words === null) {
      const list = this.list!;
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!;
        bitmap[i >>> 5]! |= 1 << (i & 31);
      }
      return;
    }
    for (let k = 0; k < words.length; k++) bitmap[k]! |= words[k]!;
  }

  /** The elements in ascending order. */
  toArray(): number[] {
    const out: number[] = [];
    this.forEach((i) => out.push(i));
    return out;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * Builds {@link IndexSet}s of one size: `add` elements (in any order, repeats allowed), then
 * `build`. One builder serves any number of sets, one after the other, through one scratch bitmap;
 * the empty and the full set are shared by every set it builds.
 */
export class IndexSetBuilder {
  readonly empty: IndexSet;
  readonly full: IndexSet;
  private readonly scratch: Uint32Array;
  private count = 0;
  /** The range of scratch words that may hold bits. */
  private lo: number;
  private hi = -1;

  constructor(readonly size: number) {
    const n = (size + 31) >>> 5;
    this.scratch = new Uint32Array(n);
    this.lo = n;
    this.empty = new IndexSet(size, 0, [], null);
    const all = new Uint32Array(n);
    for (let k = 0; k < n; k++) all[k] = k < n - 1 || (size & 31) === 0 ? 0xffffffff : (1 << (size & 31)) - 1;
    this.full = size === 0 ? this.empty : new IndexSet(size, size, null, all);
  }

  /** The set of `indices`, in any order. */
  of(indices: Iterable<number>): IndexSet {
    for (const i of indices) this.add(i);
    return this.build();
  }

  add(i: number): void {
    if (!(i >= 0 && i < this.size && Number.isInteger(i))) throw new RangeError(`index ${i} is outside 0..${this.size - 1}`);
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    const s = this.scratch;
    if ((s[w]! & bit) !== 0) return;
    s[w]! |= bit;
    this.count++;
    if (w < this.lo) this.lo = w;
    if (w > this.hi) this.hi = w;
  }

  /** Adds every element of a set of the same size. */
  addAll(set: IndexSet): void {
    if (set.size !== this.size) throw new RangeError(`set of size ${set.size} added to a builder of size ${this.size}`);
    if (set.count === 0) return;
    const words = set.words;
    if (words === null) {
      set.forEach((i) => this.add(i));
      return;
    }
    const s = this.scratch;
    for (let k = 0; k < words.length; k++) {
      const fresh = words[k]! & ~s[k]!;
      if (fresh === 0) continue;
      s[k]! |= fresh;
      this.count += popcount(fresh);
      if (k < this.lo) this.lo = k;
      if (k > this.hi) this.hi = k;
    }
  }

  /** The set of everything added since the last `build`; the builder is then empty again. */
  build(): IndexSet {
    const count = this.count;
    const s = this.scratch;
    const lo = this.lo;
    const hi = this.hi;
    this.count = 0;
    this.lo = s.length;
    this.hi = -1;
    if (count === 0) return this.empty;
    if (count === this.size) {
      s.fill(0, lo, hi + 1);
      return this.full;
    }
    if (count * 32 <= this.size) {
      const list: number[] = [];
      for (let k = lo; k <= hi; k++) {
        let word = s[k]!;
        while (word !== 0) {
          const low = word & -word;
          list.push((k << 5) + 31 - Math.clz32(low));
          word ^= low;
        }
        s[k] = 0;
      }
      // `push` leaves spare capacity; the copy has none.
      return new IndexSet(this.size, count, list.slice(), null);
    }
    const words = new Uint32Array(s.length);
    words.set(s.subarray(lo, hi + 1), lo);
    s.fill(0, lo, hi + 1);
    return new IndexSet(this.size, count, null, words);
  }
}
