/**
 * IPv4 and IPv6 address arithmetic for ipBlock and ANP `networks` peers: parsing, sets of address
 * ranges, and turning ranges back into minimal CIDR lists. Both families use bigint so one code
 * path serves 32- and 128-bit addresses.
 */

export type IpFamily = 4 | 6;

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };
const MAX: Record<IpFamily, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };

export function familyBits(family: IpFamily): number {
  return BITS[family];
}

export function familyMax(family: IpFamily): bigint {
  return MAX[family];
}

export interface ParsedIp {
  family: IpFamily;
  value: bigint;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    // Leading zeros are rejected, as Go's net.ParseIP (used by API validation) does since Go 1.17.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (text.includes('%')) return undefined;
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    // Keep a `::` in front of the dotted tail so `::1.2.3.4` still splits on it.
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const groupsWanted = tailV4 === undefined ? 8 : 6;
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (halves.length === 2) {
    const left = parseGroups(halves[0]!);
    const right = parseGroups(halves[1]!);
    if (!left || !right) return undefined;
    const fill = groupsWanted - left.length - right.length;
    if (fill < 1) return undefined;
    groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  } else {
    const all = parseGroups(head);
    if (!all || all.length !== groupsWanted) return undefined;
    groups = all;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  if (tailV4 !== undefined) value = (value << 32n) | tailV4;
  return value;
}

/** Parses a bare IPv4 or IPv6 address. */
export function parseIp(text: string): ParsedIp | undefined {
  const t = text.trim();
  if (t.includes(':')) {
    const v = parseIpv6(t);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseIpv4(t);
  return v === undefined ? undefined : { family: 4, value: v };
}

export interface ParsedCidr {
  family: IpFamily;
  /** First and last address of the block. */
  lo: bigint;
  hi: bigint;
  prefix: number;
  /** The address had bits set beyond the prefix (e.g. `10.0.0.1/24`); they are masked off. */
  hostBitsSet: boolean;
}

/** Parses `address/prefix`; a bare address is taken as a single-address block. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const t = text.trim();
  const slash = t.indexOf('/');
  const ip = parseIp(slash < 0 ? t : t.slice(0, slash));
  if (!ip) return undefined;
  const bits = BITS[ip.family];
  let prefix = bits;
  if (slash >= 0) {
    const p = t.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > bits) return undefined;
  }
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const lo = ip.value & ~hostMask & MAX[ip.family];
  return { family: ip.family, lo, hi: lo | hostMask, prefix, hostBitsSet: (ip.value & hostMask) !== 0n };
}

function formatIpv4(value: bigint): string {
  const n = Number(value);
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run of two or more zero groups (the first one on a tie).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatIp(family: IpFamily, value: bigint): string {
  return family === 4 ? formatIpv4(value) : formatIpv6(value);
}

/** The fewest CIDR blocks that cover exactly `lo..hi`, in address order. */
export function rangeToCidrs(family: IpFamily, lo: bigint, hi: bigint): string[] {
  const bits = BITS[family];
  const out: string[] = [];
  let cur = lo;
  while (cur <= hi) {
    // The largest block aligned at `cur`: limited by cur's lowest set bit and by what is left.
    let size = cur === 0n ? 1n << BigInt(bits) : cur & -cur;
    while (cur + size - 1n > hi) size >>= 1n;
    let prefix = bits;
    for (let s = size; s > 1n; s >>= 1n) prefix--;
    out.push(`${formatIp(family, cur)}/${prefix}`);
    cur += size;
  }
  return out;
}

/** Sorted, disjoint, non-adjacent inclusive ranges of one family. */
export type Ranges = readonly (readonly [bigint, bigint])[];

function normalize(ranges: (readonly [bigint, bigint])[]): Ranges {
  const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

function subtractRanges(a: Ranges, b: Ranges): Ranges {
  const out: [bigint, bigint][] = [];
  let j = 0;
  for (const [lo0, hi] of a) {
    let lo = lo0;
    while (j < b.length && b[j]![1] < lo) j++;
    let k = j;
    while (k < b.length && b[k]![0] <= hi && lo <= hi) {
      const [blo, bhi] = b[k]!;
      if (blo > lo) out.push([lo, blo - 1n]);
      lo = bhi + 1n;
      k++;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

function containsRanges(outer: Ranges, inner: Ranges): boolean {
  return subtractRanges(inner, outer).length === 0;
}

/** A set of addresses of both families. Immutable. */
export class IpSet {
  static readonly EMPTY = new IpSet([], []);
  static readonly ALL = new IpSet([[0n, MAX[4]]], [[0n, MAX[6]]]);

  private constructor(
    readonly v4: Ranges,
    readonly v6: Ranges,
  ) {}

  static of(family: IpFamily, ranges: (readonly [bigint, bigint])[]): IpSet {
    return family === 4 ? new IpSet(normalize(ranges), []) : new IpSet([], normalize(ranges));
  }

  static fromCidr(cidr: ParsedCidr): IpSet {
    return IpSet.of(cidr.family, [[cidr.lo, cidr.hi]]);
  }

  ranges(family: IpFamily): Ranges {
    return family === 4 ? this.v4 : this.v6;
  }

  get isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0;
  }

  union(other: IpSet): IpSet {
    return new IpSet(normalize([...this.v4, ...other.v4]), normalize([...this.v6, ...other.v6]));
  }

  subtract(other: IpSet): IpSet {
    return new IpSet(subtractRanges(this.v4, other.v4), subtractRanges(this.v6, other.v6));
  }

  /** Whether every address of `other` is in this set. */
  contains(other: IpSet): boolean {
    return containsRanges(this.v4, other.v4) && containsRanges(this.v6, other.v6);
  }

  /** Whether this set holds the whole address space of a family. */
  coversFamily(family: IpFamily): boolean {
    const r = this.ranges(family);
    return r.length === 1 && r[0]![0] === 0n && r[0]![1] === MAX[family];
  }

  /** Minimal CIDR list: IPv4 blocks first, then IPv6, each in address order. */
  toCidrs(): string[] {
    const out: string[] = [];
    for (const [lo, hi] of this.v4) out.push(...rangeToCidrs(4, lo, hi));
    for (const [lo, hi] of this.v6) out.push(...rangeToCidrs(6, lo, hi));
    return out;
  }
}

/** Parses a list of CIDRs into one set; returns the texts that did not parse. */
export function ipSetOf(cidrs: readonly string[]): { set: IpSet; invalid: string[] } {
  let set = IpSet.EMPTY;
  const invalid: string[] = [];
  for (const c of cidrs) {
    const parsed = parseCidr(c);
    if (parsed) set = set.union(IpSet.fromCidr(parsed));
    else invalid.push(c);
  }
  return { set, invalid };
}
