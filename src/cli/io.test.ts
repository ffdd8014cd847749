import { describe, expect, it } from 'vitest';
import { writeLines, type CliIo } from './io.js';

function capture(): { io: CliIo; writes: string[] } {
  const writes: string[] = [];
  const io: CliIo = {
    argv: [], env: {}, cwd: '/', stdoutIsTTY: false,
    stdout: (t) => void writes.push(t),
    stderr: () => {},
    readStdin: async () => Buffer.alloc(0),
  };
  return { io, writes };
}

describe('writeLines', () => {
  it('writes every line with its line end, in order, in chunks of about 64 KiB', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`);
    const { io, writes } = capture();
    writeLines(io, lines);
    expect(writes.join('')).toBe(`${lines.join('\n')}\n`);
    expect(writes.length).toBeGreaterThan(10);
    // Every chunk but the last reaches the threshold and passes it by less than one line.
    for (const w of writes.slice(0, -1)) {
      expect(w.length).toBeGreaterThanOrEqual(64 * 1024);
      expect(w.length).toBeLessThan(64 * 1024 + 60);
    }
  });

  it('consumes a generator lazily: a line is made only after the chunk before it is written', () => {
    const { io, writes } = capture();
    const seen: number[] = [];
    function* gen() {
      for (let i = 0; i < 3000; i++) {
        seen.push(writes.length);
        yield 'y'.repeat(100);
      }
    }
    writeLines(io, gen());
    // Lines made late saw earlier chunks already written.
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBeGreaterThan(0);
  });

  it('writes nothing for no lines, and one short chunk for a few', () => {
    const none = capture();
    writeLines(none.io, []);
    expect(none.writes).toEqual([]);
    const few = capture();
    writeLines(few.io, ['a', '', 'b']);
    expect(few.writes).toEqual(['a\n\nb\n']);
  });
});
