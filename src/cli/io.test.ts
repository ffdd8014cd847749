import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { directWriter, writeLines, type CliIo } from './io.js';

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

describe('directWriter', () => {
  it('writes to a regular file synchronously, every byte of multi-byte text, in order', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubeward-io-'));
    const file = path.join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    try {
      const write = directWriter(fd, () => {
        throw new Error('no fallback for a file');
      });
      expect(write).toBeDefined();
      const parts = ['héllo ', 'wörld\n', 'x'.repeat(200_000), '\u2713\n'];
      for (const p of parts) write!(p);
      expect(readFileSync(file, 'utf8')).toBe(parts.join(''));
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a device (here /dev/null) to Node\'s stream', () => {
    const fd = openSync('/dev/null', 'w');
    try {
      expect(directWriter(fd, () => {})).toBeUndefined();
    } finally {
      closeSync(fd);
    }
  });

  it('leaves a closed descriptor to Node\'s stream rather than throwing', () => {
    const fd = openSync('/dev/null', 'r');
    closeSync(fd);
    expect(directWriter(fd, () => {})).toBeUndefined();
  });
});
