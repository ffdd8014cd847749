import { describe, expect, it } from 'vitest';
import { formatIp, IpSet, ipSetOf, parseCidr, parseIp, rangeToCidrs } from './ip.js';

describe('parseIp / formatIp', () => {
  it('reads IPv4 and rejects what Go net.ParseIP rejects', () => {
    expect(parseIp('10.1.2.3')).toEqual({ family: 4, value: 0x0a010203n });
    for (const bad of ['10.1.2', '10.1.2.256', '010.1.2.3', '1.2.3.4.5', '', 'a.b.c.d']) expect(parseIp(bad)).toBeUndefined();
  });

  it('reads IPv6 forms: compressed, full, embedded IPv4', () => {
    expect(parseIp('::')).toEqual({ family: 6, value: 0n });
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n });
    expect(parseIp('2001:db8::1')!.value).toBe(0x20010db8000000000000000000000001n);
    expect(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')!.value).toBe(0x20010db8000000000000000000000001n);
    expect(parseIp('::ffff:10.0.0.1')!.value).toBe(0xffff0a000001n);
    expect(parseIp('64:ff9b::192.0.2.33')!.value).toBe(0x0064ff9b0000000000000000c0000221n);
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'fe80::1%eth0', '1:2:3:4:5:6:7']) expect(parseIp(bad)).toBeUndefined();
  });

  it('formats IPv6 per RFC 5952 (longest zero run, first on a tie, lower case)', () => {
    expect(formatIp(6, 0x20010db8000000000000000000000001n)).toBe('2001:db8::1');
    expect(formatIp(6, 0x20010db8000000010000000000000001n)).toBe('2001:db8:0:1::1');
    expect(formatIp(6, 0x20010db8000000000001000000000001n)).toBe('2001:db8::1:0:0:1');
    expect(formatIp(6, 0x20010db8000100010001000100010001n)).toBe('2001:db8:1:1:1:1:1:1');
    expect(formatIp(6, 0n)).toBe('::');
    expect(formatIp(4, 0xc0a80001n)).toBe('192.168.0.1');
  });
});

describe('parseCidr', () => {
  it('masks host bits and says so', () => {
    expect(parseCidr('10.0.0.1/24')).toEqual({ family: 4, lo: 0x0a000000n, hi: 0x0a0000ffn, prefix: 24, hostBitsSet: true });
    expect(parseCidr('0.0.0.0/0')).toEqual({ family: 4, lo: 0n, hi: 0xffffffffn, prefix: 0, hostBitsSet: false });
    expect(parseCidr('fd00::/8')!.hi).toBe((0xfdn << 120n) | ((1n << 120n) - 1n));
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0/08')).toBeUndefined();
  });
});

describe('rangeToCidrs', () => {
  it('gives the fewest blocks', () => {
    expect(rangeToCidrs(4, 0x0a000000n, 0x0a0000ffn)).toEqual(['10.0.0.0/24']);
    expect(rangeToCidrs(4, 0x0a000001n, 0x0a000006n)).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
    expect(rangeToCidrs(4, 0n, 0xffffffffn)).toEqual(['0.0.0.0/0']);
    expect(rangeToCidrs(6, 0n, (1n << 128n) - 1n)).toEqual(['::/0']);
  });
});

describe('IpSet', () => {
  it('subtracts an IPv6 block from its parent', () => {
    const parent = IpSet.fromCidr(parseCidr('2001:db8::/32')!);
    const hole = IpSet.fromCidr(parseCidr('2001:db8:1::/48')!);
    expect(parent.subtract(hole).toCidrs()).toEqual([
      '2001:db8::/48', '2001:db8:2::/47', '2001:db8:4::/46', '2001:db8:8::/45', '2001:db8:10::/44', '2001:db8:20::/43',
      '2001:db8:40::/42', '2001:db8:80::/41', '2001:db8:100::/40', '2001:db8:200::/39', '2001:db8:400::/38',
      '2001:db8:800::/37', '2001:db8:1000::/36', '2001:db8:2000::/35', '2001:db8:4000::/34', '2001:db8:8000::/33',
    ]);
  });

  it('merges adjacent blocks and keeps families apart', () => {
    const { set, invalid } = ipSetOf(['10.0.1.0/24', '10.0.0.0/24', '::/1', '8000::/1', 'nope']);
    expect(set.toCidrs()).toEqual(['10.0.0.0/23', '::/0']);
    expect(invalid).toEqual(['nope']);
    expect(set.coversFamily(6)).toBe(true);
    expect(set.coversFamily(4)).toBe(false);
    expect(IpSet.ALL.contains(set)).toBe(true);
    expect(set.contains(IpSet.ALL)).toBe(false);
  });
});
