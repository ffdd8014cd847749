/**
 * Helm charts: rendered with `helm template` (no cluster, no repository access), each object
 * mapped back to the template file named by Helm's `# Source:` comment.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isRecord, LineIndex, type ScanError } from '../model/index.js';
import { renderedSource, TemplateAlignment, withSource, type MappedSpan, type RenderResult } from './render-map.js';
import { readTarGz } from './tar.js';
import { parseManifests, StringPool } from './yaml-documents.js';

/** How charts are rendered; the same for every chart of a scan. */
export interface HelmOptions {
  /** The helm executable: a path, or a name looked up on PATH. Default `helm`. */
  bin?: string;
  /** Values files (`--values`), in order; relative ones are taken from the process's folder. */
  values?: readonly string[];
  /** `--set key=value` overrides, in order. */
  set?: readonly string[];
  /** Release name (`.Release.Name`); default `release-name`, as `helm template` itself uses. */
  releaseName?: string;
  /** Release namespace (`.Release.Namespace`); default `default`. */
  namespace?: string;
}

export const HELM_INSTALL_HINT = 'install Helm (https://helm.sh/docs/intro/install/) or pass --helm-bin PATH';
const DEFAULT_RELEASE_NAME = 'release-name';
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 5 * 60 * 1000;

/** Whether a folder is a Helm chart (it holds `Chart.yaml`). */
export function isHelmChart(dir: string): boolean {
  try {
    return statSync(path.join(dir, 'Chart.yaml')).isFile();
  } catch {
    return false;
  }
}

/**
 * Renders the chart in `chartDir` (absolute) with `helm template` and maps every object to its
 * template. `display` turns absolute paths into the names findings carry. Never throws for bad
 * input: a missing helm, a failing render or unparsable output become errors.
 */
export function renderHelmChart(
  chartDir: string, options: HelmOptions, display: (abs: string) => string, pool: StringPool = new StringPool(),
): RenderResult {
  const chartName = display(chartDir);
  const result: RenderResult = { objects: [], errors: [], notes: [], files: [] };
  const bin = options.bin ?? 'helm';
  const namespace = options.namespace ?? 'default';
  const args = ['template', options.releaseName ?? DEFAULT_RELEASE_NAME, chartDir, '--namespace', namespace];
  for (const v of options.values ?? []) args.push('--values', path.resolve(v));
  for (const s of options.set ?? []) args.push('--set', s);
  // Loaded on use: most scans render no chart, and start-up is a small scan's main cost.
  const run = process.getBuiltinModule('node:child_process').spawnSync(bin, args, {
    encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, timeout: TIMEOUT_MS, windowsHide: true,
  });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT'
      ? options.bin === undefined
        ? `Helm chart not rendered: helm was not found on PATH; ${HELM_INSTALL_HINT}`
        : `Helm chart not rendered: --helm-bin ${options.bin} was not found`
      : code === 'ETIMEDOUT'
        ? `Helm chart not rendered: helm template took longer than ${TIMEOUT_MS / 60000} minutes`
        : `Helm chart not rendered: cannot run ${bin}: ${code ?? run.error.message}`;
    result.errors.push({ file: chartName, message });
    return result;
  }
  const locator = new TemplateLocator(chartDir, display);
  if (run.status !== 0) {
    result.errors.push(helmFailure(run.stderr, chartName, locator));
    return result;
  }

  const text = run.stdout;
  const docs = sourceDocuments(text);
  const lines = new LineIndex(lineStartsOf(text));
  const parsed = parseManifests(text, chartName, pool);
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const alignments = new Map<RenderedDoc, { file: number; align: TemplateAlignment } | null>();
  const templateOf = (doc: RenderedDoc) => {
    let entry = alignments.get(doc);
    if (entry === undefined) {
      const tpl = locator.template(doc.source);
      if (tpl === undefined) entry = null;
      else {
        let file = fileIndex.get(tpl.display);
        if (file === undefined) {
          file = files.push(tpl.display) - 1;
          fileIndex.set(tpl.display, file);
        }
        entry = { file, align: new TemplateAlignment(tpl.text, doc.lines) };
      }
      alignments.set(doc, entry);
    }
    return entry;
  };
  /** Template position of a rendered 1-based position, or undefined when its template is unknown. */
  const mapPosition = (line: number, column: number) => {
    const doc = docAt(docs, line);
    const t = doc && templateOf(doc);
    if (!doc || !t) return undefined;
    return { doc, ...t, at: t.align.position(line - doc.firstLine + 1, column) };
  };

  for (const obj of parsed.objects) {
    if (obj.source.type !== 'file') continue;
    const { table, root } = obj.source;
    const startLine = lines.position(table.span(root)[0]).line;
    const doc = docAt(docs, startLine);
    const t = doc && templateOf(doc);
    if (!doc || !t) {
      result.errors.push({
        file: chartName,
        message: `cannot find the template of ${obj.kind}/${obj.name} (${doc ? `# Source: ${doc.source}` : 'no # Source: comment'}); object skipped`,
      });
      continue;
    }
    const spanOf = (node: number): MappedSpan => {
      const [s, e] = table.span(node);
      const a = lines.position(s);
      const last = lines.position(Math.max(s, e - 1));
      const start = t.align.position(a.line - doc.firstLine + 1, a.column);
      let end = t.align.lineEnd(last.line - doc.firstLine + 1);
      if (end.line < start.line || (end.line === start.line && end.column < start.column)) end = t.align.lineEnd(a.line - doc.firstLine + 1);
      if (end.line < start.line) end = { line: start.line, column: start.column };
      return [t.file, start.line, start.column, end.line, end.column];
    };
    const mapped = withSource(obj, renderedSource(table, root, chartName, files, spanOf));
    // `helm install --namespace` puts objects without one into the release namespace.
    if (!mapped.namespaceExplicit && mapped.namespace !== undefined) mapped.namespace = namespace;
    result.objects.push(mapped);
  }
  for (const list of [parsed.errors, parsed.notes] as const) {
    for (const item of list) {
      const at = item.line !== undefined ? mapPosition(item.line, item.column ?? 1) : undefined;
      const out = at
        ? { ...item, file: files[at.file]!, line: at.at.line, column: at.at.column, message: `${item.message} (rendered from ${chartName})` }
        : { ...item, file: chartName };
      if (list === parsed.errors) result.errors.push(out);
      else result.notes.push(out);
    }
  }
  result.files.push(...files);
  return result;
}

/** One document of `helm template` output and the template it names. */
interface RenderedDoc {
  source: string;
  /** 1-based rendered line of the document's first line (after the comment). */
  firstLine: number;
  lines: string[];
}

/** Splits rendered output at its `# Source: <chart>/templates/...` comments. */
function sourceDocuments(text: string): RenderedDoc[] {
  const all = text.split('\n');
  const docs: RenderedDoc[] = [];
  let current: RenderedDoc | undefined;
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const m = /^# Source: (.+?)\s*$/.exec(line);
    if (m) {
      current = { source: m[1]!, firstLine: i + 2, lines: [] };
      docs.push(current);
    } else if (/^---\s*$/.test(line)) current = undefined;
    else if (current) current.lines.push(line);
  }
  return docs;
}

function docAt(docs: readonly RenderedDoc[], line: number): RenderedDoc | undefined {
  let lo = 0;
  let hi = docs.length - 1;
  let found: RenderedDoc | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid]!.firstLine <= line) {
      found = docs[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && line < found.firstLine + found.lines.length ? found : undefined;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * helm's error output as one message. The first `<chart>/templates/x.yaml:4:18` in it (execution
 * errors start with one, parse errors say `parse error at (<chart>/templates/x.yaml:4)`) becomes
 * the error's location; a leading one is taken out of the message.
 */
function helmFailure(stderr: string, chartName: string, locator: TemplateLocator): ScanError {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Use --debug flag/.test(l));
  let message = lines.join(' ').replace(/^Error: /, '');
  const error: ScanError = { file: chartName, message: '' };
  const at = /([^\s():]+\/templates\/[^\s():]+):(\d+)(?::(\d+))?/.exec(message);
  const tpl = at ? locator.template(at[1]!) : undefined;
  if (at && tpl) {
    error.file = tpl.display;
    error.line = Number(at[2]);
    if (at[3] !== undefined) error.column = Number(at[3]);
    if (at.index === 0) message = message.slice(at[0].length).replace(/^:?\s*/, '');
  }
  error.message = `helm template failed: ${message || 'no error message'}`;
  return error;
}

/** A chart folder on disk or a packaged chart (`.tgz`) read into memory. */
type ChartRoot =
  | { kind: 'dir'; abs: string }
  | { kind: 'archive'; display: string; files: Map<string, Buffer>; prefix: string };

/**
 * Finds the template a `# Source:` path names. The path starts with the chart's name, then goes
 * through `charts/<subchart name>/` for each subchart level. Subcharts are found by folder name,
 * by the `name` in their Chart.yaml, by a dependency's `alias`, or as packaged `.tgz` archives
 * (whose templates are then named `<archive>#<path inside it>`).
 */
class TemplateLocator {
  private readonly cache = new Map<string, { display: string; text: string } | undefined>();

  constructor(private readonly chartDir: string, private readonly display: (abs: string) => string) {}

  template(source: string): { display: string; text: string } | undefined {
    if (this.cache.has(source)) return this.cache.get(source);
    let found: { display: string; text: string } | undefined;
    try {
      found = this.resolve(source);
    } catch {
      found = undefined;
    }
    this.cache.set(source, found);
    return found;
  }

  private resolve(source: string): { display: string; text: string } | undefined {
    let rest = source.split('/').slice(1);
    let root: ChartRoot = { kind: 'dir', abs: this.chartDir };
    while (rest[0] === 'charts' && rest.length > 3) {
      const sub = subchart(root, rest[1]!, this.display);
      if (!sub) break;
      root = sub;
      rest = rest.slice(2);
    }
    const rel = rest.join('/');
    if (root.kind === 'dir') {
      const abs = path.join(root.abs, ...rest);
      if (!existsSync(abs)) return undefined;
      return { display: this.display(abs), text: readFileSync(abs, 'utf8') };
    }
    const data = root.files.get(root.prefix + rel);
    return data ? { display: `${root.display}#${root.prefix}${rel}`, text: data.toString('utf8') } : undefined;
  }
}

/** The subchart of `root` that Helm calls `name`. */
function subchart(root: ChartRoot, name: string, display: (abs: string) => string, viaAlias = false): ChartRoot | undefined {
  const candidates = root.kind === 'dir' ? dirSubcharts(root, display) : archiveSubcharts(root);
  const named = candidates.find((c) => c.folder === name && c.open() !== undefined) ?? candidates.find((c) => c.chartName() === name);
  if (named) return named.open();
  if (viaAlias) return undefined;
  // A dependency with `alias: name` renders under the alias.
  const chart = readChartYaml(root, '');
  const deps = chart && Array.isArray(chart.dependencies) ? chart.dependencies : [];
  for (const dep of deps) {
    if (isRecord(dep) && dep.alias === name && typeof dep.name === 'string') return subchart(root, dep.name, display, true);
  }
  return undefined;
}

interface SubchartCandidate {
  /** Folder name, or the archive's top folder. */
  folder: string;
  chartName: () => string | undefined;
  open: () => ChartRoot | undefined;
}

function dirSubcharts(root: { abs: string }, display: (abs: string) => string): SubchartCandidate[] {
  const chartsDir = path.join(root.abs, 'charts');
  let entries: string[];
  try {
    entries = readdirSync(chartsDir).sort();
  } catch {
    return [];
  }
  const out: SubchartCandidate[] = [];
  for (const entry of entries) {
    const abs = path.join(chartsDir, entry);
    if (entry.endsWith('.tgz')) {
      let archive: ChartRoot | undefined | null = null;
      const open = () => {
        if (archive === null) archive = openArchive(readFileSync(abs), display(abs));
        return archive;
      };
      out.push({
        folder: entry.replace(/-\d[^/]*\.tgz$/, ''),
        chartName: () => {
          const a = open();
          return a ? chartNameOf(a) : undefined;
        },
        open,
      });
    } else if (isHelmChart(abs)) {
      const sub: ChartRoot = { kind: 'dir', abs };
      out.push({ folder: entry, chartName: () => chartNameOf(sub), open: () => sub });
    }
  }
  return out;
}

function archiveSubcharts(root: { display: string; files: Map<string, Buffer>; prefix: string }): SubchartCandidate[] {
  const base = `${root.prefix}charts/`;
  const out: SubchartCandidate[] = [];
  const folders = new Set<string>();
  for (const [name, data] of root.files) {
    if (!name.startsWith(base)) continue;
    const rest = name.slice(base.length);
    if (!rest.includes('/') && rest.endsWith('.tgz')) {
      const inner = openArchive(data, `${root.display}#${name}`);
      if (inner) out.push({ folder: rest.replace(/-\d[^/]*\.tgz$/, ''), chartName: () => chartNameOf(inner), open: () => inner });
    } else if (rest.endsWith('/Chart.yaml') && rest.split('/').length === 2) folders.add(rest.split('/')[0]!);
  }
  for (const folder of folders) {
    const sub: ChartRoot = { kind: 'archive', display: root.display, files: root.files, prefix: `${base}${folder}/` };
    out.push({ folder, chartName: () => chartNameOf(sub), open: () => sub });
  }
  return out;
}

/** A packaged chart: its files and the top folder they sit in. */
function openArchive(bytes: Buffer, display: string): ChartRoot | undefined {
  try {
    const files = readTarGz(bytes);
    const chartYaml = [...files.keys()].find((k) => /^[^/]+\/Chart\.yaml$/.test(k));
    if (!chartYaml) return undefined;
    return { kind: 'archive', display, files, prefix: chartYaml.slice(0, -'Chart.yaml'.length) };
  } catch {
    return undefined;
  }
}

function readChartYaml(root: ChartRoot, rel: string): Record<string, unknown> | undefined {
  try {
    const text = root.kind === 'dir'
      ? readFileSync(path.join(root.abs, rel, 'Chart.yaml'), 'utf8')
      : root.files.get(`${root.prefix}${rel}Chart.yaml`)?.toString('utf8');
    if (text === undefined) return undefined;
    const value: unknown = parseYaml(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function chartNameOf(root: ChartRoot): string | undefined {
  const name = readChartYaml(root, '')?.name;
  return typeof name === 'string' ? name : undefined;
}
