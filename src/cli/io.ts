import { readFileSync } from 'node:fs';

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
