/**
 * Kustomize overlays: built with `kustomize build` or `kubectl kustomize`, each object mapped back
 * to the base file it came from (kustomize's own origin annotation) and, for values a patch set,
 * into that patch.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, parse as parseYaml,
  type Document, type Node as YamlNode,
} from 'yaml';
import {
  isRecord, SPAN_CELLS,
  type KubeObject, type NodeTable, type Path, type PathSegment, type ScanNote,
} from '../model/index.js';
import { renderedSource, withSource, type MappedSpan, type RenderResult } from './render-map.js';
import { parseManifests, StringPool, YAML_PARSE_OPTIONS } from './yaml-documents.js';

/** How overlays are built. */
export interface KustomizeOptions {
  /**
   * The program: `kustomize` (runs `kustomize build`) or `kubectl` (runs `kubectl kustomize`),
   * as a path or a name on PATH. Default: `kustomize` from PATH, else `kubectl`.
   */
  bin?: string;
}

/** File names that make a folder a kustomization, in kustomize's order of preference. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
export const KUSTOMIZE_INSTALL_HINT = 'install kubectl (https://kubernetes.io/docs/tasks/tools/) or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/), or pass --kustomize-bin PATH';

const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 5 * 60 * 1000;

/** The kustomization file of a folder, or undefined when it has none. */
export function kustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const file = path.join(dir, name);
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      // not this name
    }
  }
  return undefined;
}

/**
 * Local folders an overlay builds on (its `resources`, `bases` and `components` that are
 * kustomizations, transitively), not including itself. A scan renders only overlays that no
 * other scanned overlay builds on, so a base is not reported once alone and once per overlay.
 */
export function kustomizationDependencies(dir: string): Set<string> {
  const out = new Set<string>();
  const visit = (d: string) => {
    const k = readKustomization(d);
    if (!k) return;
    for (const ref of [...k.resources, ...k.components]) {
      const abs = path.resolve(d, ref);
      if (!out.has(abs) && kustomizationFile(abs) !== undefined) {
        out.add(abs);
        visit(abs);
      }
    }
  };
  visit(path.resolve(dir));
  out.delete(path.resolve(dir));
  return out;
}

/** Whether a kustomization is a `kind: Component`, which only other kustomizations can use. */
export function isKustomizeComponent(dir: string): boolean {
  return readKustomization(dir)?.kind === 'Component';
}

/**
 * Builds the overlay in `dir` (absolute) and maps each object to its base file, or to the patch
 * that set a value. Never throws for bad input.
 *
 * The origin comes from kustomize itself: the overlay is built through a temporary kustomization
 * that lists it as its only resource and asks for `buildMetadata: [originAnnotations]`, so each
 * object carries `config.kubernetes.io/origin` (its file, relative to the temporary folder). The
 * annotation is removed again before rules see the object.
 */
export function renderKustomization(
  dir: string, options: KustomizeOptions, display: (abs: string) => string, pool: StringPool = new StringPool(),
): RenderResult {
  const overlay = display(dir);
  const result: RenderResult = { objects: [], errors: [], notes: [], files: [] };
  const tree = loadTree(dir, display);
  if (tree.remote.length > 0) {
    result.errors.push({
      file: overlay,
      message: `Kustomize overlay not rendered: it uses remote ${tree.remote.length === 1 ? 'resource' : 'resources'} ${tree.remote.map((r) => `"${r}"`).join(', ')}; kubeward does not fetch anything, vendor them into the repository`,
    });
    return result;
  }

  let wrapper: string | undefined;
  let run: Run | undefined;
  try {
    wrapper = mkdtempSync(path.join(process.getBuiltinModule('node:os').tmpdir(), 'kubeward-kustomize-'));
    const rel = path.relative(wrapper, dir).split(path.sep).join('/');
    writeFileSync(path.join(wrapper, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`);
    run = runKustomize(wrapper, options);
  } catch {
    // No temporary folder: build the overlay directly, without origins.
  } finally {
    if (wrapper !== undefined) rmSync(wrapper, { recursive: true, force: true });
  }
  if (run && (run.kind === 'missing' || run.kind === 'spawn-error')) {
    result.errors.push({ file: overlay, message: `Kustomize overlay not rendered: ${run.message}` });
    return result;
  }
  if (!run || run.kind === 'failed') {
    // Built directly, the overlay gives the same error with the user's own paths in it; if it
    // builds (a kustomize without buildMetadata), the objects are scanned without their origins.
    const direct = runKustomize(dir, options);
    if (direct.kind !== 'ok') {
      const message = direct.kind === 'failed' || !run ? direct.message : run.message;
      result.errors.push({ file: overlay, message: direct.kind === 'failed' ? `kustomize build failed: ${message}` : `Kustomize overlay not rendered: ${message}` });
      return result;
    }
    result.notes.push({ file: overlay, message: 'kustomize could not record where objects came from (buildMetadata: [originAnnotations]); findings point at the overlay\'s kustomization' });
    run = direct;
    wrapper = undefined;
  }

  const parsed = parseManifests(run.stdout, overlay, pool);
  const mapper = new OriginMapper(tree, wrapper ?? dir, display);
  for (const obj of parsed.objects) {
    if (obj.source.type !== 'file') continue;
    const origin = takeOrigin(obj);
    const { table, root } = obj.source;
    const spans = mapper.spans(obj, origin, table, root);
    result.objects.push(withSource(obj, renderedSource(table, root, overlay, mapper.files, (node) => spans.get(node)!)));
  }
  // The output is kustomize's own serialization: problems in it have no line a user could open.
  for (const e of parsed.errors) result.errors.push({ file: overlay, message: `${e.message} (in kustomize output)` });
  for (const n of parsed.notes) result.notes.push({ file: overlay, message: `${n.message} (in kustomize output)` });
  result.notes.push(...mapper.notes);
  const used = new Set<number>();
  for (const o of result.objects) {
    if (o.source.type !== 'rendered') continue;
    for (let i = 0; i < o.source.spans.length; i += SPAN_CELLS) used.add(o.source.spans[i]!);
  }
  result.files.push(...mapper.files.filter((_, i) => used.has(i)));
  return result;
}

type Run =
  | { kind: 'ok'; stdout: string }
  | { kind: 'failed'; message: string }
  | { kind: 'missing'; message: string }
  | { kind: 'spawn-error'; message: string };

function runKustomize(dir: string, options: KustomizeOptions): Run {
  const attempts: { bin: string; args: string[] }[] = [];
  if (options.bin !== undefined) {
    const base = path.basename(options.bin).replace(/\.exe$/i, '');
    attempts.push({ bin: options.bin, args: base.startsWith('kubectl') ? ['kustomize', dir] : ['build', dir] });
  } else {
    attempts.push({ bin: 'kustomize', args: ['build', dir] }, { bin: 'kubectl', args: ['kustomize', dir] });
  }
  for (const { bin, args } of attempts) {
    // Loaded on use, like helm.ts does.
    const r = process.getBuiltinModule('node:child_process').spawnSync(bin, args, { encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, timeout: TIMEOUT_MS, windowsHide: true });
    if (r.error) {
      const code = (r.error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      return { kind: 'spawn-error', message: code === 'ETIMEDOUT' ? `${bin} took longer than ${TIMEOUT_MS / 60000} minutes` : `cannot run ${bin}: ${code ?? r.error.message}` };
    }
    if (r.status !== 0) {
      const message = r.stderr.split('\n').map((l) => l.trim()).filter(Boolean).join(' ').replace(/^Error: /, '');
      return { kind: 'failed', message: message || `${bin} exited with code ${r.status}` };
    }
    return { kind: 'ok', stdout: r.stdout };
  }
  return {
    kind: 'missing',
    message: options.bin !== undefined ? `--kustomize-bin ${options.bin} was not found` : `neither kustomize nor kubectl was found on PATH; ${KUSTOMIZE_INSTALL_HINT}`,
  };
}

/** Reads and removes the origin annotation (and the annotations map if that was all it held). */
function takeOrigin(obj: KubeObject): Record<string, unknown> | undefined {
  const meta = obj.raw.metadata;
  if (!isRecord(meta) || !isRecord(meta.annotations)) return undefined;
  const value = meta.annotations[ORIGIN_ANNOTATION];
  if (typeof value !== 'string') return undefined;
  delete meta.annotations[ORIGIN_ANNOTATION];
  if (Object.keys(meta.annotations).length === 0) delete meta.annotations;
  try {
    const origin: unknown = parseYaml(value);
    return isRecord(origin) ? origin : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The kustomization tree and its patches

interface RawKustomization {
  kind: unknown;
  resources: string[];
  components: string[];
  data: Record<string, unknown>;
  text: string;
  file: string;
}

function readKustomization(dir: string): RawKustomization | undefined {
  const file = kustomizationFile(dir);
  if (!file) return undefined;
  let text: string;
  let data: unknown;
  try {
    text = readFileSync(file, 'utf8');
    data = parseYaml(text, { ...YAML_PARSE_OPTIONS });
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    kind: data.kind, resources: [...strings(data.resources), ...strings(data.bases)], components: strings(data.components),
    data, text, file,
  };
}

/** Which objects a patch applies to: kustomize's `target` selector, or an SMP's own kind and name. */
interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** Where a parsed patch (or part of a file) sits in its file. */
interface PositionedDoc {
  file: number;
  lc: LineCounter;
  /** Inline patches in a block scalar: add these to lines and columns; `collapse` maps everything to `at`. */
  lineOffset: number;
  columnOffset: number;
  collapse?: { line: number; column: number };
}

type Patch =
  | { type: 'smp'; target: Target; root: YamlNode; at: PositionedDoc }
  | { type: 'json'; target: Target; ops: { path: PathSegment[]; op: string; value: YamlNode | undefined; item: YamlNode }[]; at: PositionedDoc };

interface KNode {
  dir: string;
  resources: KNode[];
  /** Resource entries that are files, as absolute paths. */
  resourceFiles: Set<string>;
  components: KNode[];
  patches: Patch[];
  /** Resource entries that are not local paths (git or http URLs). */
  remote: string[];
}

/** Files that patches and bases point into; shared by the overlay's objects. */
class FileTable {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  add(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.push(name) - 1;
      this.index.set(name, i);
    }
    return i;
  }
}

function loadTree(dir: string, display: (abs: string) => string): KNode & { files: FileTable } {
  const files = new FileTable();
  const seen = new Map<string, KNode>();
  const remote: string[] = [];
  const load = (d: string): KNode => {
    const existing = seen.get(d);
    if (existing) return existing;
    const node: KNode = { dir: d, resources: [], resourceFiles: new Set(), components: [], patches: [], remote };
    seen.set(d, node);
    const k = readKustomization(d);
    if (!k) return node;
    for (const ref of k.resources) {
      const abs = path.resolve(d, ref);
      if (isRemote(ref, abs)) remote.push(ref);
      else if (kustomizationFile(abs) !== undefined) node.resources.push(load(abs));
      else node.resourceFiles.add(abs);
    }
    for (const ref of k.components) {
      const abs = path.resolve(d, ref);
      if (isRemote(ref, abs)) remote.push(ref);
      else if (kustomizationFile(abs) !== undefined) node.components.push(load(abs));
    }
    node.patches = readPatches(k, d, display, files);
    return node;
  };
  const root = load(path.resolve(dir));
  return { ...root, files };
}

/** kustomize fetches entries that are not local paths (`github.com/org/repo//dir?ref=v1`, `https://...`). */
function isRemote(ref: string, abs: string): boolean {
  if (existsSync(abs)) return false;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^git@/.test(ref) || /\?(?:ref|version|timeout|submodules)=/.test(ref) || /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(ref);
}

function readPatches(k: RawKustomization, dir: string, display: (abs: string) => string, files: FileTable): Patch[] {
  const out: Patch[] = [];
  const kLc = new LineCounter();
  let kDoc: Document.Parsed | undefined;
  try {
    kDoc = parseAllDocuments(k.text, { ...YAML_PARSE_OPTIONS, lineCounter: kLc })[0] as Document.Parsed | undefined;
  } catch {
    kDoc = undefined;
  }
  const kFile = files.add(display(k.file));
  /** Patch text written inside the kustomization: a block scalar maps line by line. */
  const inline = (keyPath: PathSegment[]): { text: string; at: PositionedDoc } | undefined => {
    const node = kDoc?.getIn(keyPath, true) as YamlNode | undefined;
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    const header = kLc.linePos(node.range[0]);
    if (node.type === 'BLOCK_LITERAL') {
      const after = k.text.slice(k.text.indexOf('\n', node.range[0]) + 1);
      const first = after.split('\n').find((l) => l.trim() !== '') ?? '';
      const indent = first.length - first.trimStart().length;
      return { text: node.value, at: { file: kFile, lc: new LineCounter(), lineOffset: header.line, columnOffset: indent } };
    }
    return { text: node.value, at: { file: kFile, lc: new LineCounter(), lineOffset: 0, columnOffset: 0, collapse: { line: header.line, column: header.col } } };
  };
  const fromFile = (rel: string): { text: string; at: PositionedDoc } | undefined => {
    const abs = path.resolve(dir, rel);
    try {
      return { text: readFileSync(abs, 'utf8'), at: { file: files.add(display(abs)), lc: new LineCounter(), lineOffset: 0, columnOffset: 0 } };
    } catch {
      return undefined;
    }
  };
  const add = (source: { text: string; at: PositionedDoc } | undefined, target: Target | undefined, forceJson: boolean) => {
    if (!source) return;
    let docs: Document.Parsed[];
    try {
      docs = parseAllDocuments(source.text, { ...YAML_PARSE_OPTIONS, lineCounter: source.at.lc }) as Document.Parsed[];
    } catch {
      return;
    }
    for (const doc of Array.isArray(docs) ? docs : []) {
      const root = doc.contents as YamlNode | null;
      if (!root) continue;
      if (isSeq(root) || forceJson) {
        if (!isSeq(root) || !target) continue;
        out.push({ type: 'json', target, ops: jsonOps(root), at: source.at });
      } else if (isMap(root)) {
        const value: unknown = root.toJSON();
        if (!isRecord(value)) continue;
        const meta = isRecord(value.metadata) ? value.metadata : {};
        const own: Target = {
          kind: typeof value.kind === 'string' ? value.kind : undefined,
          name: typeof meta.name === 'string' ? escapeRegex(meta.name) : undefined,
        };
        out.push({ type: 'smp', target: target ?? own, root, at: source.at });
      }
    }
  };

  const patches = Array.isArray(k.data.patches) ? k.data.patches : [];
  patches.forEach((p, i) => {
    if (!isRecord(p)) return;
    const target = isRecord(p.target) ? toTarget(p.target) : undefined;
    if (typeof p.path === 'string') add(fromFile(p.path), target, false);
    else if (typeof p.patch === 'string') add(inline(['patches', i, 'patch']), target, false);
  });
  const smp = Array.isArray(k.data.patchesStrategicMerge) ? k.data.patchesStrategicMerge : [];
  smp.forEach((p, i) => {
    if (typeof p !== 'string') return;
    // An entry is a file name unless it holds YAML itself.
    add(p.includes('\n') || p.includes(': ') ? inline(['patchesStrategicMerge', i]) : fromFile(p), undefined, false);
  });
  const json = Array.isArray(k.data.patchesJson6902) ? k.data.patchesJson6902 : [];
  json.forEach((p, i) => {
    if (!isRecord(p) || !isRecord(p.target)) return;
    const target = toTarget(p.target);
    if (typeof p.path === 'string') add(fromFile(p.path), target, true);
    else if (typeof p.patch === 'string') add(inline(['patchesJson6902', i, 'patch']), target, true);
  });
  return out;
}

function toTarget(t: Record<string, unknown>): Target {
  const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    group: s(t.group), version: s(t.version), kind: s(t.kind), name: s(t.name), namespace: s(t.namespace),
    labelSelector: s(t.labelSelector), annotationSelector: s(t.annotationSelector),
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function jsonOps(seq: YamlNode): { path: PathSegment[]; op: string; value: YamlNode | undefined; item: YamlNode }[] {
  const ops: { path: PathSegment[]; op: string; value: YamlNode | undefined; item: YamlNode }[] = [];
  if (!isSeq(seq)) return ops;
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const op = item.get('op');
    const pointer = item.get('path');
    if (typeof op !== 'string' || typeof pointer !== 'string') continue;
    const segs = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    ops.push({
      op,
      path: segs.map((s) => (/^(?:0|[1-9]\d*)$/.test(s) ? Number(s) : s)),
      value: item.get('value', true) as YamlNode | undefined,
      item: item as YamlNode,
    });
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Mapping rendered nodes to bases and patches

/** The key that identifies items of a list for strategic merge, by the list's field name. */
const MERGE_KEYS: Record<string, string[]> = {
  ports: ['containerPort', 'port'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey'],
};

/** The item of `list` (plain values) that corresponds to `item` of the rendered list. */
function correspondingIndex(field: PathSegment | undefined, rendered: unknown, index: number, candidates: readonly unknown[]): number {
  const item = Array.isArray(rendered) ? rendered[index] : undefined;
  if (isRecord(item)) {
    const keys = ['name', ...(typeof field === 'string' ? MERGE_KEYS[field] ?? [] : [])];
    for (const key of keys) {
      if (item[key] === undefined) continue;
      const found = candidates.findIndex((c) => isRecord(c) && c[key] === item[key]);
      if (found >= 0 || key === 'name') return found;
    }
  }
  return index < candidates.length ? index : -1;
}

/** A found node: its start (the key for a map entry) and end offsets. */
interface Found {
  start: number;
  end: number;
  node: YamlNode | null;
}

/** Follows a rendered path through a YAML node, matching list items by merge key. */
function followYaml(root: YamlNode, renderedRoot: unknown, p: Path): Found | undefined {
  let node: YamlNode | null = root;
  let start = root.range?.[0] ?? 0;
  let rendered: unknown = renderedRoot;
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (node === null) return undefined;
    if (isMap(node) && typeof seg === 'string') {
      const pair: unknown = node.items.find((it: unknown) => isPair(it) && isScalar(it.key) && String(it.key.value) === seg);
      if (!isPair(pair)) return undefined;
      const keyNode = pair.key as YamlNode;
      start = keyNode.range?.[0] ?? start;
      node = (pair.value as YamlNode | null) ?? null;
    } else if (isSeq(node) && typeof seg === 'number') {
      const idx = correspondingIndex(p[i - 1], rendered, seg, node.toJSON() as unknown[]);
      if (idx < 0) return undefined;
      node = (node.items[idx] as YamlNode | null) ?? null;
      if (node === null) return undefined;
      start = node.range?.[0] ?? start;
    } else return undefined;
    rendered = isRecord(rendered) || Array.isArray(rendered) ? (rendered as Record<PathSegment, unknown>)[seg] : undefined;
  }
  const end = node?.range?.[1] ?? start;
  return { start, end, node };
}

/** Base file documents: position tables by file. */
interface BaseDoc {
  kind: string;
  name: string;
  root: YamlNode;
  at: PositionedDoc;
}

/** Maps the nodes of rendered objects to base and patch positions. */
class OriginMapper {
  readonly notes: ScanNote[] = [];
  private readonly fileTable: FileTable;
  private readonly baseDocs = new Map<string, BaseDoc[] | null>();
  private readonly overlayFile: number;

  constructor(
    private readonly tree: KNode & { files: FileTable },
    private readonly wrapper: string,
    private readonly display: (abs: string) => string,
  ) {
    this.fileTable = tree.files;
    this.overlayFile = this.fileTable.add(display(kustomizationFile(tree.dir) ?? tree.dir));
  }

  get files(): readonly string[] {
    return this.fileTable.names;
  }

  spans(obj: KubeObject, origin: Record<string, unknown> | undefined, table: NodeTable, root: number): Map<number, MappedSpan> {
    const out = new Map<number, MappedSpan>();
    const originFile = typeof origin?.path === 'string' ? path.resolve(this.wrapper, origin.path) : undefined;
    const base = originFile ? this.baseObject(originFile, obj) : undefined;
    const patches = this.applicablePatches(obj, base, originFile);
    // Generated objects (configMapGenerator) name the kustomization that configured them.
    const configuredIn = typeof origin?.configuredIn === 'string' ? this.fileTable.add(this.display(path.resolve(this.wrapper, origin.configuredIn))) : undefined;
    const fallback: MappedSpan = [configuredIn ?? this.overlayFile, 1, 1, 1, 1];
    if (!base && originFile && configuredIn === undefined) {
      this.notes.push({ file: this.display(originFile), message: `cannot find ${obj.kind}/${obj.name} in its origin file; its findings point at the kustomization` });
    }

    const walk = (node: number, p: PathSegment[], parent: MappedSpan) => {
      let span: MappedSpan | undefined;
      const value = valueAt(obj.raw, p);
      const leaf = value === null || typeof value !== 'object' || (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object'));
      const inBase = base ? followYaml(base.root, obj.raw, p) : undefined;
      for (let i = patches.length - 1; i >= 0 && !span; i--) {
        const patch = patches[i]!;
        if (patch.type === 'json') {
          for (let k = patch.ops.length - 1; k >= 0; k--) {
            const op = patch.ops[k]!;
            if (op.op === 'remove' || !isPrefix(op.path, p, obj.raw)) continue;
            const inner = op.value ? followYaml(op.value, valueAt(obj.raw, p.slice(0, op.path.length)), p.slice(op.path.length)) : undefined;
            span = toSpan(patch.at, inner ?? { start: op.item.range?.[0] ?? 0, end: op.item.range?.[1] ?? 0, node: op.item });
            break;
          }
        } else if (leaf || !inBase) {
          const found = followYaml(patch.root, obj.raw, p);
          if (found) span = toSpan(patch.at, found);
        }
      }
      if (!span && inBase && base) span = toSpan(base.at, inBase);
      if (!span) span = parent;
      out.set(node, span);
      const end = table.subtreeEnd(node);
      for (let child = node + 1; child < end; child = table.subtreeEnd(child)) {
        const key = table.keyAt(child);
        walk(child, key === null || key === undefined ? p : [...p, key], span);
      }
    };
    walk(root, [], base ? toSpan(base.at, { start: base.root.range?.[0] ?? 0, end: base.root.range?.[1] ?? 0, node: base.root }) : fallback);
    return out;
  }

  /** The document of `file` the object came from: same kind, and a name the rendered name contains. */
  private baseObject(file: string, obj: KubeObject): BaseDoc | undefined {
    let docs = this.baseDocs.get(file);
    if (docs === undefined) {
      docs = this.readBase(file);
      this.baseDocs.set(file, docs);
    }
    if (!docs) return undefined;
    const sameKind = docs.filter((d) => d.kind === obj.kind);
    const exact = sameKind.find((d) => d.name === obj.name);
    if (exact) return exact;
    const contained = sameKind.filter((d) => d.name !== '' && obj.name.includes(d.name)).sort((a, b) => b.name.length - a.name.length);
    return contained[0] ?? (sameKind.length === 1 ? sameKind[0] : undefined);
  }

  private readBase(file: string): BaseDoc[] | null {
    try {
      const text = readFileSync(file, 'utf8');
      const lc = new LineCounter();
      const at: PositionedDoc = { file: this.fileTable.add(this.display(file)), lc, lineOffset: 0, columnOffset: 0 };
      const docs: BaseDoc[] = [];
      for (const doc of parseAllDocuments(text, { ...YAML_PARSE_OPTIONS, lineCounter: lc }) as Document.Parsed[]) {
        const root = doc.contents as YamlNode | null;
        if (!isMap(root)) continue;
        const value: unknown = root.toJSON();
        if (!isRecord(value)) continue;
        const meta = isRecord(value.metadata) ? value.metadata : {};
        docs.push({ kind: String(value.kind ?? ''), name: typeof meta.name === 'string' ? meta.name : '', root, at });
      }
      return docs;
    } catch {
      return null;
    }
  }

  /**
   * Patches that can have touched the object, in the order kustomize applies them: those of the
   * kustomizations from the one that holds the origin file up to the overlay (each one's
   * components first), whose target matches the object by its original or its final name.
   */
  private applicablePatches(obj: KubeObject, base: BaseDoc | undefined, originFile: string | undefined): Patch[] {
    const levels = originFile ? chainTo(this.tree, originFile) : [this.tree];
    const out: Patch[] = [];
    const componentPatches = (n: KNode): Patch[] => n.components.flatMap((c) => [...componentPatches(c), ...c.patches]);
    for (let i = levels.length - 1; i >= 0; i--) {
      const level = levels[i]!;
      for (const p of [...componentPatches(level), ...level.patches]) if (targetMatches(p.target, obj, base)) out.push(p);
    }
    return out;
  }
}

/**
 * The kustomizations from the root down to the one that lists `file` as a resource (or, failing
 * that, the one in the file's folder); just the root when neither is found.
 */
function chainTo(root: KNode, file: string): KNode[] {
  const dir = path.dirname(file);
  let listing: KNode[] | undefined;
  let inFolder: KNode[] | undefined;
  const seen = new Set<KNode>();
  const visit = (n: KNode, trail: KNode[]) => {
    if (seen.has(n)) return;
    seen.add(n);
    const here = [...trail, n];
    if (!listing && n.resourceFiles.has(file)) listing = here;
    if (!inFolder && n.dir === dir) inFolder = here;
    for (const c of n.resources) visit(c, here);
  };
  visit(root, []);
  return listing ?? inFolder ?? [root];
}

function targetMatches(t: Target, obj: KubeObject, base: BaseDoc | undefined): boolean {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') as [string, string] : ['', obj.apiVersion];
  if (t.kind !== undefined && t.kind !== obj.kind) return false;
  if (t.group !== undefined && t.group !== group) return false;
  if (t.version !== undefined && t.version !== version) return false;
  const anchored = (re: string, s: string) => {
    try {
      return new RegExp(`^(?:${re})$`).test(s);
    } catch {
      return re === s;
    }
  };
  if (t.name !== undefined && !anchored(t.name, obj.name) && !(base && anchored(t.name, base.name))) return false;
  if (t.namespace !== undefined && !anchored(t.namespace, obj.namespace ?? '')) return false;
  const meta = isRecord(obj.raw.metadata) ? obj.raw.metadata : {};
  if (t.labelSelector !== undefined && !selectorMatches(t.labelSelector, meta.labels)) return false;
  if (t.annotationSelector !== undefined && !selectorMatches(t.annotationSelector, meta.annotations)) return false;
  return true;
}

/** Equality-based label selectors (`a=b,c!=d,e,!f`); set-based terms are taken as matching. */
function selectorMatches(selector: string, labels: unknown): boolean {
  const map = isRecord(labels) ? labels : {};
  for (const raw of selector.split(',')) {
    const term = raw.trim();
    if (term === '' || /\s(?:in|notin)\s/.test(term)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([^!=]+)!=(.*)$/.exec(term))) {
      if (map[m[1]!.trim()] === m[2]!.trim()) return false;
    } else if ((m = /^([^!=]+)==?(.*)$/.exec(term))) {
      if (map[m[1]!.trim()] !== m[2]!.trim()) return false;
    } else if (term.startsWith('!')) {
      if (term.slice(1).trim() in map) return false;
    } else if (!(term in map)) return false;
  }
  return true;
}

/** Whether a JSON patch path is `p` or one of its parents; `-` (append) stands for the last item. */
function isPrefix(opPath: readonly PathSegment[], p: Path, raw: unknown): boolean {
  if (opPath.length > p.length) return false;
  let cur: unknown = raw;
  for (let i = 0; i < opPath.length; i++) {
    const seg = opPath[i]!;
    if (seg === '-') {
      if (!Array.isArray(cur) || p[i] !== cur.length - 1) return false;
    } else if (seg !== p[i]) return false;
    cur = isRecord(cur) || Array.isArray(cur) ? (cur as Record<PathSegment, unknown>)[p[i]!] : undefined;
  }
  return true;
}

function valueAt(root: unknown, p: Path): unknown {
  let cur = root;
  for (const seg of p) {
    if (!isRecord(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Record<PathSegment, unknown>)[seg];
  }
  return cur;
}

function toSpan(at: PositionedDoc, found: Found): MappedSpan {
  if (at.collapse) return [at.file, at.collapse.line, at.collapse.column, at.collapse.line, at.collapse.column];
  const a = at.lc.linePos(found.start);
  let b = at.lc.linePos(found.end);
  if (b.line < a.line || (b.line === a.line && b.col < a.col)) b = a;
  const line = (l: number) => l + at.lineOffset;
  const col = (c: number) => c + at.columnOffset;
  return [at.file, line(a.line), col(a.col), line(b.line), col(b.col)];
}
