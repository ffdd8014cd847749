/**
 * Sets of (protocol, port) pairs over TCP, UDP and SCTP, ports 1-65535: the protocols NetworkPolicy
 * is defined for (kubernetes.io, "Network traffic filtering"; other protocols vary by plugin).
 * "All" means every port of all three.
 *
 * Sets are interned in a {@link PortTable}, so equal sets are the same object and set operations
 * can be memoised by id: the reachability engine combines the same few sets millions of times.
 */

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export function isProtocol(value: unknown): value is Protocol {
  return value === 'TCP' || value === 'UDP' || value === 'SCTP';
}

/**
 * The JSON form of a port set, part of the public output: `{ "all": true }`, or the allowed
 * inclusive ranges per protocol, merged and sorted, with protocols that allow nothing left out.
 */
export type PortSetJson =
  | { all: true }
  | { all: false; protocols: Partial<Record<Protocol, [number, number][]>> };

/** Flat sorted list of disjoint, non-adjacent inclusive ranges: `[lo0, hi0, lo1, hi1, ...]`. */
type Flat = readonly number[];

const FULL: Flat = [MIN_PORT, MAX_PORT];

function normalizeFlat(pairs: [number, number][]): Flat {
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    if (hi < lo) continue;
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

function unionFlat(a: Flat, b: Flat): Flat {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const pairs: [number, number][] = [];
  for (let i = 0; i < a.length; i += 2) pairs.push([a[i]!, a[i + 1]!]);
  for (let i = 0; i < b.length; i += 2) pairs.push([b[i]!, b[i + 1]!]);
  return normalizeFlat(pairs);
}

function intersectFlat(a: Flat, b: Flat): Flat {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

function subtractFlat(a: Flat, b: Flat): Flat {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const hi = a[i + 1]!;
    while (j < b.length && b[j + 1]! < lo) j += 2;
    let k = j;
    while (k < b.length && b[k]! <= hi && lo <= hi) {
      if (b[k]! > lo) out.push(lo, b[k]! - 1);
      lo = b[k + 1]! + 1;
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

/** An interned, immutable set of ports. Compare with `===`; combine through its {@link PortTable}. */
export class PortSet {
  readonly json: PortSetJson;
  /** @internal */
  constructor(
    readonly id: number,
    readonly key: string,
    /** Ranges per protocol, in {@link PROTOCOLS} order. */
    readonly ranges: readonly Flat[],
  ) {
    this.json = Object.freeze(toJson(ranges)) as PortSetJson;
  }

  get isEmpty(): boolean {
    return this.ranges.every((r) => r.length === 0);
  }

  get isAll(): boolean {
    return this.ranges.every((r) => r.length === 2 && r[0] === MIN_PORT && r[1] === MAX_PORT);
  }

  has(protocol: Protocol, port: number): boolean {
    const r = this.ranges[PROTOCOLS.indexOf(protocol)]!;
    for (let i = 0; i < r.length; i += 2) if (port >= r[i]! && port <= r[i + 1]!) return true;
    return false;
  }
}

function toJson(ranges: readonly Flat[]): PortSetJson {
  if (ranges.every((r) => r.length === 2 && r[0] === MIN_PORT && r[1] === MAX_PORT)) return { all: true };
  const protocols: Partial<Record<Protocol, [number, number][]>> = {};
  PROTOCOLS.forEach((p, i) => {
    const r = ranges[i]!;
    if (r.length === 0) return;
    const list: [number, number][] = [];
    for (let k = 0; k < r.length; k += 2) list.push([r[k]!, r[k + 1]!]);
    protocols[p] = list;
  });
  return { all: false, protocols };
}

/** Whether a port set (in JSON form) allows a protocol and port. */
export function portSetJsonAllows(set: PortSetJson, protocol: Protocol, port: number): boolean {
  if (set.all) return true;
  return (set.protocols[protocol] ?? []).some(([lo, hi]) => port >= lo && port <= hi);
}

/** Interns port sets and memoises union, intersection and difference by id. */
export class PortTable {
  private readonly byKey = new Map<string, PortSet>();
  private readonly sets: PortSet[] = [];
  private readonly unionMemo = new Map<number, PortSet>();
  private readonly intersectMemo = new Map<number, PortSet>();
  private readonly subtractMemo = new Map<number, PortSet>();
  readonly empty: PortSet;
  readonly all: PortSet;

  constructor() {
    this.empty = this.make([[], [], []]);
    this.all = this.make([FULL, FULL, FULL]);
  }

  /** The set with these ranges per protocol (already normalised). */
  private make(ranges: Flat[]): PortSet {
    const key = ranges.map((r) => r.join(',')).join('|');
    let set = this.byKey.get(key);
    if (!set) {
      set = new PortSet(this.sets.length, key, ranges);
      this.byKey.set(key, set);
      this.sets.push(set);
    }
    return set;
  }

  /** Ports `lo..hi` (clamped to 1-65535) of one protocol. */
  range(protocol: Protocol, lo: number, hi: number): PortSet {
    const ranges: Flat[] = [[], [], []];
    const a = Math.max(lo, MIN_PORT);
    const b = Math.min(hi, MAX_PORT);
    if (a <= b) ranges[PROTOCOLS.indexOf(protocol)] = [a, b];
    return this.make(ranges);
  }

  /** Every port of one protocol. */
  protocol(protocol: Protocol): PortSet {
    return this.range(protocol, MIN_PORT, MAX_PORT);
  }

  fromJson(json: PortSetJson): PortSet {
    if (json.all) return this.all;
    return this.make(PROTOCOLS.map((p) => normalizeFlat((json.protocols[p] ?? []).map(([lo, hi]) => [lo, hi]))));
  }

  private memo(cache: Map<number, PortSet>, a: PortSet, b: PortSet, op: (x: Flat, y: Flat) => Flat): PortSet {
    const k = a.id * 0x200000 + b.id;
    let r = cache.get(k);
    if (!r) {
      r = this.make(a.ranges.map((x, i) => op(x, b.ranges[i]!)));
      cache.set(k, r);
    }
    return r;
  }

  union(a: PortSet, b: PortSet): PortSet {
    if (a === b || b === this.empty) return a;
    if (a === this.empty) return b;
    if (a === this.all || b === this.all) return this.all;
    return a.id < b.id ? this.memo(this.unionMemo, a, b, unionFlat) : this.memo(this.unionMemo, b, a, unionFlat);
  }

  intersect(a: PortSet, b: PortSet): PortSet {
    if (a === b || b === this.all) return a;
    if (a === this.all) return b;
    if (a === this.empty || b === this.empty) return this.empty;
    return a.id < b.id ? this.memo(this.intersectMemo, a, b, intersectFlat) : this.memo(this.intersectMemo, b, a, intersectFlat);
  }

  subtract(a: PortSet, b: PortSet): PortSet {
    if (a === this.empty || b === this.all || a === b) return this.empty;
    if (b === this.empty) return a;
    return this.memo(this.subtractMemo, a, b, subtractFlat);
  }
}
