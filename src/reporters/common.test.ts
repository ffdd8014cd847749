import { describe, expect, it } from 'vitest';
import { jsonLines, streamedArray } from './common.js';

/** What jsonLines must reproduce: the whole document with the items in place, stringified at once. */
function whole(make: (items: unknown[]) => object, items: unknown[]): string[] {
  return JSON.stringify(make(items), null, 2).split('\n');
}

describe('jsonLines', () => {
  const items = [
    { a: 1, text: 'two\nlines and a "quote"', list: [1, [2, { deep: null }]], empty: [], none: {} },
    'a string item',
    42,
    null,
    [[], {}, ['x']],
    { marker: '\u0000kubeward streamed array\u0000' },
  ];

  it('gives the lines of JSON.stringify(doc, null, 2), for an array at any depth', () => {
    const shapes: ((list: unknown[]) => object)[] = [
      (list) => ({ before: { x: [1, 2] }, list, after: 'end' }),
      (list) => ({ runs: [{ tool: { name: 't' }, results: list }], trailer: [] }),
      (list) => ({ list }),
      (list) => [list, 'after'],
    ];
    for (const make of shapes) {
      for (let n = 0; n <= items.length; n++) {
        const some = items.slice(0, n);
        const lines = [...jsonLines(make(streamedArray(n)), n, (i) => some[i])];
        expect(lines).toEqual(whole(make, some));
      }
    }
  });

  it('makes each item only when its lines are due', () => {
    const made: number[] = [];
    const gen = jsonLines({ list: streamedArray(3) }, 3, (i) => {
      made.push(i);
      return { i };
    });
    expect(gen.next().value).toBe('{');
    expect(made).toEqual([]);
    expect(gen.next().value).toBe('  "list": [');
    expect(gen.next().value).toBe('    {');
    expect(made).toEqual([0]);
  });

  it('fails loudly when items are promised but the document has no streamed array', () => {
    expect(() => [...jsonLines({ list: [] }, 2, () => 1)]).toThrow(/no streamed array/);
  });
});
