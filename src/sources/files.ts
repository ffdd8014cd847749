import { readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { KubeObject, ScanError, ScanNote } from '../model/index.js';
import { isHelmChart, renderHelmChart, type HelmOptions } from './helm.js';
import {
  isKustomizeComponent, kustomizationDependencies, kustomizationFile, renderKustomization, type KustomizeOptions,
} from './kustomize.js';
import type { RenderResult } from './render-map.js';
import { parseManifests, StringPool } from './yaml-documents.js';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** Files above this size are refused: manifests are small, and a 2 GB log would exhaust memory. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);
/** kubeward's own config file names: not manifests, so a folder walk leaves them out. */
export const CONFIG_FILE_NAMES = ['.kubeward.yaml', '.kubeward.yml'];

export interface LoadOptions {
  /** Base for the relative file names that findings carry; default `process.cwd()`. */
  cwd?: string;
  /** Glob patterns of files and folders to leave out, relative to `excludeBase`. */
  exclude?: string[];
  /** Folder the exclude globs are relative to (the config file's folder); default cwd. */
  excludeBase?: string;
  /** More globs to leave out, relative to `cwd` (the command line's `--exclude`). */
  cwdExclude?: string[];
  maxFileBytes?: number;
  /** Bytes of `-` (stdin), read by the caller. */
  stdin?: Buffer;
  /**
   * How folders with a `Chart.yaml` are rendered (`helm template`). Relative values files are
   * taken from `cwd`.
   */
  helm?: HelmOptions;
  /** How folders with a `kustomization.yaml` are built (`kustomize build` / `kubectl kustomize`). */
  kustomize?: KustomizeOptions;
}

export interface LoadResult {
  objects: KubeObject[];
  errors: ScanError[];
  notes: ScanNote[];
  /** Files read, as shown in findings. */
  files: string[];
}

/** Loads manifests from files, folders (recursively) and `-`; never throws for bad input. */
export function loadPaths(inputs: readonly string[], options: LoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const excluders: { base: string; match: (p: string) => boolean }[] = [];
  if (options.exclude && options.exclude.length > 0) excluders.push({ base: options.excludeBase ?? cwd, match: picomatch(options.exclude, { dot: true }) });
  if (options.cwdExclude && options.cwdExclude.length > 0) excluders.push({ base: cwd, match: picomatch(options.cwdExclude, { dot: true }) });
  const result: LoadResult = { objects: [], errors: [], notes: [], files: [] };
  // Shared by every file of this load, dropped with it.
  const pool = new StringPool();
  const display = (abs: string) => displayPath(abs, cwd);
  const isExcluded = (abs: string) => excluders.some(({ base, match }) => {
    const rel = path.relative(base, abs).split(path.sep).join('/');
    return match(rel) || match(`${rel}/`);
  });

  const readFile = (abs: string, size: number) => {
    const name = display(abs);
    if (size > maxBytes) {
      result.errors.push({ file: name, message: `file is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit; skipped` });
      return;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(abs);
    } catch (e) {
      result.errors.push({ file: name, message: `cannot read file: ${fsReason(e)}` });
      return;
    }
    addText(result, bytes, name, pool);
  };

  const addRendered = (r: RenderResult) => {
    for (const o of r.objects) result.objects.push(o);
    for (const e of r.errors) result.errors.push(e);
    for (const n of r.notes) result.notes.push(n);
    for (const f of r.files) result.files.push(f);
  };
  const helmOptions: HelmOptions = { ...options.helm, values: options.helm?.values?.map((v) => path.resolve(cwd, v)) };
  // Overlays wait until the walk is over: a base that a scanned overlay builds on is not rendered alone.
  const kustomizations: { dir: string; explicit: boolean }[] = [];
  /** A chart or an overlay is rendered as a whole; its YAML files (templates!) are never read one by one. */
  const renderFolder = (dir: string, explicit: boolean): boolean => {
    if (isHelmChart(dir)) {
      addRendered(renderHelmChart(dir, helmOptions, display, pool));
      return true;
    }
    if (kustomizationFile(dir) !== undefined) {
      kustomizations.push({ dir, explicit });
      return true;
    }
    return false;
  };

  const walk = (dir: string, ancestors: Set<string>) => {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(dir);
      if (ancestors.has(real)) {
        result.errors.push({ file: display(dir), message: 'directory symlink loop; not followed' });
        return;
      }
      if (renderFolder(dir, ancestors.size === 0)) return;
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      result.errors.push({ file: display(dir), message: `cannot read directory: ${fsReason(e)}` });
      return;
    }
    const inner = new Set(ancestors).add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      if (isExcluded(abs)) continue;
      if (!entry.isSymbolicLink() && !entry.isDirectory() && !entry.isFile()) continue;
      let stats: Stats;
      try {
        stats = statSync(abs);
      } catch (e) {
        const what = entry.isSymbolicLink() ? 'broken symbolic link' : 'cannot read file';
        result.errors.push({ file: display(abs), message: `${what}: ${fsReason(e)}` });
        continue;
      }
      if (stats.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(abs, inner);
      } else if (stats.isFile() && MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()) && !CONFIG_FILE_NAMES.includes(entry.name)) {
        readFile(abs, stats.size);
      }
    }
  };

  for (const input of inputs) {
    if (input === '-') {
      addText(result, options.stdin ?? Buffer.alloc(0), '<stdin>', pool);
      continue;
    }
    const abs = path.resolve(cwd, input);
    let stats: Stats;
    try {
      stats = statSync(abs);
    } catch (e) {
      result.errors.push({ file: display(abs), message: `cannot read: ${fsReason(e)}` });
      continue;
    }
    if (stats.isDirectory()) walk(abs, new Set());
    else readFile(abs, stats.size);
  }

  const scanned = new Set(kustomizations.map((k) => k.dir));
  const builtBy = new Map<string, string>();
  for (const k of kustomizations) {
    for (const dep of kustomizationDependencies(k.dir)) if (scanned.has(dep) && !builtBy.has(dep)) builtBy.set(dep, k.dir);
  }
  for (const k of kustomizations) {
    const overlay = builtBy.get(k.dir);
    const component = isKustomizeComponent(k.dir);
    if (overlay !== undefined && !k.explicit) {
      result.notes.push({ file: display(k.dir), message: `Kustomize ${component ? 'component' : 'base'} rendered as part of ${display(overlay)}, not on its own` });
      continue;
    }
    if (component) {
      result.notes.push({ file: display(k.dir), message: 'Kustomize component: scanned only as part of the overlays that use it' });
      continue;
    }
    addRendered(renderKustomization(k.dir, options.kustomize ?? {}, display, pool));
  }
  return result;
}

/** Decodes, screens and parses one file's bytes into the result. */
function addText(result: LoadResult, bytes: Buffer, name: string, pool: StringPool): void {
  result.files.push(name);
  const text = decodeManifest(bytes, name, result.errors);
  if (text === undefined) return;
  const parsed = parseManifests(text, name, pool);
  for (const o of parsed.objects) result.objects.push(o);
  for (const e of parsed.errors) result.errors.push(e);
  for (const n of parsed.notes) result.notes.push(n);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of a manifest, or undefined with an error for binary or mis-encoded files. */
export function decodeManifest(bytes: Buffer, name: string, errors: ScanError[]): string | undefined {
  // kubectl decodes UTF-16 files that start with a byte-order mark (PowerShell's `>` writes them).
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      errors.push({ file: name, message: `not valid ${utf16.toUpperCase()} (the file starts with a ${utf16.toUpperCase()} byte-order mark); skipped` });
      return undefined;
    }
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) {
    errors.push({ file: name, message: 'binary file (contains NUL bytes); skipped' });
    return undefined;
  }
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text;
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < before.length; i++) if (before[i] === 0x0a) { line++; lineStart = i + 1; }
    // Columns count characters, like every other location; the bytes before the bad one are valid.
    const column = utf8.decode(bytes.subarray(lineStart, offset)).length + 1;
    errors.push({ file: name, line, column, message: `not valid UTF-8 (byte 0x${bytes[offset]?.toString(16).padStart(2, '0')} at offset ${offset}); skipped` });
    return undefined;
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    if (len > 1) {
      const chunk = bytes.subarray(i, i + len);
      if (chunk.length < len) return i;
      try {
        utf8.decode(chunk);
      } catch {
        return i;
      }
    }
    i += len;
  }
  return bytes.length;
}

/** File names in findings: relative to cwd when inside it, with forward slashes. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return abs.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'EISDIR': return 'is a directory';
    default: return code ?? (e as Error).message;
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

/** Reads a whole stream (stdin) as UTF-8 bytes. */
export async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

