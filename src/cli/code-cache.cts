/**
 * Loads the CLI bundle with V8's code cache, so that a run does not compile again what every run
 * compiles. Node 20 has no module compile cache, so the bundle is a CommonJS script compiled with
 * `vm.Script`, which accepts cached data.
 *
 * The cache is written once, at build time (`scripts/bundle.mjs`), next to the bundle; a run only
 * reads it, and kubeward never writes anything at run time. V8 checks that the cache was made by
 * the same V8 version with the same flags and rejects it otherwise (the script then compiles as
 * usual). V8 matches the source only by its length, so the cache also carries the build id that
 * the bundle's first line holds, and is ignored unless both agree.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * What the bundle exports (see `entry.ts`): `run` takes the `CliIo` that `processIo` makes. Typed
 * loosely here, so that this CommonJS file imports nothing from the ES modules.
 */
export interface CliBundle {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run(io: any): Promise<number>;
  processIo(): unknown;
}

export const BUNDLE_FILE = 'kubeward.cjs';
export const CACHE_FILE = 'kubeward.cache';

/** The bundle's first line: `// kubeward-build <id>`. */
const BUILD_LINE = /^\/\/ kubeward-build ([0-9a-f]{16,64})\n/;

export interface LoadedBundle {
  cli: CliBundle;
  /** The compiled script, for {@link codeCacheOf} once it has run. */
  script: vm.Script;
  /** Whether V8 took the cached code (false: no cache, another build's, or rejected by V8). */
  cacheUsed: boolean;
}

/**
 * Compiles and runs the bundle in `dir`, with its code cache when one matches. Throws (ENOENT)
 * when there is no bundle.
 */
export function loadBundle(dir: string, options: { useCache?: boolean } = {}): LoadedBundle {
  const file = path.join(dir, BUNDLE_FILE);
  // The build keeps the bundle ASCII (scripts/bundle.mjs checks), so latin1 decodes it exactly, and faster.
  const source = readFileSync(file, 'latin1');
  const id = BUILD_LINE.exec(source)?.[1];
  let cachedData: Buffer | undefined;
  if (id !== undefined && options.useCache !== false) cachedData = readCache(path.join(dir, CACHE_FILE), id);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} as CliBundle };
  const init = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  init(module.exports, createRequire(file), module, file, dir);
  return { cli: module.exports, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** The cache file's bytes for a bundle that has run: its build id, then V8's cached data. */
export function codeCacheOf(dir: string, script: vm.Script): Buffer {
  const id = BUILD_LINE.exec(readFileSync(path.join(dir, BUNDLE_FILE), 'utf8'))?.[1];
  if (id === undefined) throw new Error(`${BUNDLE_FILE} has no build id line`);
  const header = Buffer.from(`${id}\n`, 'latin1');
  return Buffer.concat([header, script.createCachedData()]);
}

function readCache(file: string, id: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const header = `${id}\n`;
  if (bytes.length <= header.length || bytes.toString('latin1', 0, header.length) !== header) return undefined;
  return bytes.subarray(header.length);
}
