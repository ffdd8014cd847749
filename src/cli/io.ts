import { fstatSync, readFileSync, writeSync } from 'node:fs';

/** What a command needs from the process; tests pass their own. */
export interface CliIo {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdoutIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<Buffer>;
}

/** Whether to colour output: a TTY, and neither NO_COLOR nor --no-color. */
export function useColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY;
}

/** Set by the CLI bundle's build (`scripts/bundle.mjs`); the modules read package.json instead. */
declare const KUBEWARD_VERSION: string | undefined;

let cachedVersion: string | undefined;
export function toolVersion(): string {
  if (cachedVersion) return cachedVersion;
  if (typeof KUBEWARD_VERSION === 'string') return (cachedVersion = KUBEWARD_VERSION);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return (cachedVersion = pkg.version);
}

/** Bytes gathered before each write when output is streamed. */
const CHUNK = 64 * 1024;

/**
 * Writes lines (each followed by a line end) in chunks as they come, so that a large report is
 * never held whole in memory.
 */
export function writeLines(io: CliIo, lines: Iterable<string>): void {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK) {
      io.stdout(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') io.stdout(chunk);
}

/**
 * Synchronous writes to a file descriptor that is a pipe or a regular file, or undefined for
 * anything else (a terminal, a socket, a device), which should keep Node's stream.
 *
 * Node's `process.stdout` on a pipe loads its whole stream and socket stack first (some 30 internal
 * modules, a few ms of a small scan), and writes synchronously there anyway. When the fd turns out
 * to be non-blocking (EAGAIN), the rest goes to `fallback`, in order. When the reader has gone
 * away (EPIPE, as in `kubeward scan -o json | head`), the rest of the output is dropped quietly.
 */
export function directWriter(fd: number, fallback: (bytes: Buffer) => void): ((text: string) => void) | undefined {
  try {
    const stat = fstatSync(fd);
    if (!stat.isFIFO() && !stat.isFile()) return undefined;
  } catch {
    return undefined;
  }
  let mode: 'direct' | 'fallback' | 'closed' = 'direct';
  return (text) => {
    if (mode === 'closed') return;
    const bytes = Buffer.from(text, 'utf8');
    if (mode === 'fallback') {
      fallback(bytes);
      return;
    }
    let written = 0;
    while (written < bytes.length) {
      try {
        written += writeSync(fd, bytes, written);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          mode = 'fallback';
          fallback(bytes.subarray(written));
          return;
        }
        if (code === 'EPIPE') {
          mode = 'closed';
          return;
        }
        throw e;
      }
    }
  };
}
