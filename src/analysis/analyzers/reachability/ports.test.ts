import { describe, expect, it } from 'vitest';
import { portSetJsonAllows, PortTable } from './ports.js';

describe('PortTable', () => {
  const T = new PortTable();

  it('interns equal sets', () => {
    const a = T.union(T.range('TCP', 80, 80), T.range('TCP', 81, 90));
    expect(a).toBe(T.range('TCP', 80, 90));
    expect(T.union(T.protocol('TCP'), T.union(T.protocol('UDP'), T.protocol('SCTP')))).toBe(T.all);
  });

  it('intersects and subtracts ranges', () => {
    const a = T.union(T.range('TCP', 1, 100), T.range('UDP', 53, 53));
    const b = T.union(T.range('TCP', 50, 200), T.range('UDP', 1, 52));
    expect(T.intersect(a, b).json).toEqual({ all: false, protocols: { TCP: [[50, 100]] } });
    expect(T.subtract(a, b).json).toEqual({ all: false, protocols: { TCP: [[1, 49]], UDP: [[53, 53]] } });
    expect(T.subtract(T.all, T.range('TCP', 80, 80)).json).toEqual({
      all: false, protocols: { TCP: [[1, 79], [81, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] },
    });
    expect(T.subtract(a, a)).toBe(T.empty);
    expect(T.intersect(a, T.empty).isEmpty).toBe(true);
  });

  it('clamps to 1-65535 and answers membership', () => {
    expect(T.range('SCTP', 0, 70000)).toBe(T.protocol('SCTP'));
    const s = T.range('UDP', 53, 53);
    expect(s.has('UDP', 53)).toBe(true);
    expect(s.has('TCP', 53)).toBe(false);
    expect(portSetJsonAllows(s.json, 'UDP', 53)).toBe(true);
    expect(portSetJsonAllows({ all: true }, 'SCTP', 1)).toBe(true);
    expect(T.fromJson(s.json)).toBe(s);
  });
});
