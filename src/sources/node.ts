import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  ETCD_CONFIG_KIND, hostPathOfContainerPath, isRecord, LineIndex, NODE_FILE_API_VERSION, NODE_FILE_KIND, NodeTableBuilder,
  containersOfSpec, podTemplateOf, toKubeObject,
  type KubeObject, type NodeFileCertificate, type NodeFileSpec, type ObjectSource,
} from '../model/index.js';
import { decodeManifest, displayPath, type LoadResult } from './files.js';
import { kubeletCommandLine, type FlagOrigin, type FlagSourceFile, type KubeletArg, type KubeletCommandLine } from './kubelet-flags.js';
import { renderedSource, type MappedSpan } from './render-map.js';
import { parseManifests, StringPool } from './yaml-documents.js';

/** Where kubeadm puts things on a control-plane node. */
export const KUBEADM_LAYOUT = {
  manifests: '/etc/kubernetes/manifests',
  kubernetes: '/etc/kubernetes',
  pki: '/etc/kubernetes/pki',
  kubeletConfig: '/var/lib/kubelet/config.yaml',
  kubeletFiles: [
    '/var/lib/kubelet/kubeadm-flags.env',
    '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
    '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
    '/lib/systemd/system/kubelet.service',
    '/etc/systemd/system/kubelet.service',
    '/etc/default/kubelet',
    '/etc/sysconfig/kubelet',
  ],
  /** The kubelet's unit: the one in /etc replaces the packaged one. */
  kubeletUnits: ['/etc/systemd/system/kubelet.service', '/lib/systemd/system/kubelet.service'],
  /** Drop-in folders of the kubelet unit; a drop-in in /etc masks the packaged one of the same name. */
  kubeletDropIns: ['/etc/systemd/system/kubelet.service.d', '/usr/lib/systemd/system/kubelet.service.d', '/lib/systemd/system/kubelet.service.d'],
} as const;

/** Kind of the object that holds a node's kubelet command-line flags (apiVersion kubeward.io/v1). */
export const KUBELET_FLAGS_KIND = 'KubeletFlags';

/** Files larger than this are recorded (mode, owner) but not read. */
const MAX_READ_BYTES = 4 * 1024 * 1024;
const PARSED_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.conf', '.kubeconfig']);
/** Top-level keys of an etcd config file, to tell it from other plain YAML. */
const ETCD_CONFIG_KEYS = ['data-dir', 'listen-client-urls', 'client-transport-security', 'peer-transport-security', 'initial-cluster', 'advertise-client-urls'];

export interface NodeLoadOptions {
  /** Base for displayed file names; default `process.cwd()`. */
  cwd?: string;
}

interface NodeContext {
  root: string;
  cwd: string;
  result: LoadResult;
  seen: Set<string>;
  users: Map<number, string>;
  groups: Map<number, string>;
  pool: StringPool;
}

/**
 * Reads a kubeadm-style control-plane node whose filesystem starts at `root` (`/` on the node
 * itself): the static Pod manifests (from the kubelet's `staticPodPath`), the kubeconfigs in
 * /etc/kubernetes, the PKI, the kubelet's config and service files, and every file the static
 * Pods name in their flags (mapped through their hostPath mounts), the kubelet config and the
 * kubeconfigs name. Manifests and config files become ordinary objects; every file and folder
 * also becomes a `NodeFile` object with its mode, owner and, for certificates, validity.
 * Never throws for what it finds; private keys are noted, never kept.
 */
export function loadNode(root: string, options: NodeLoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  const absRoot = path.resolve(cwd, root);
  const result: LoadResult = { objects: [], errors: [], notes: [], files: [] };
  try {
    if (!statSync(absRoot).isDirectory()) {
      result.errors.push({ file: displayPath(absRoot, cwd), message: 'the node root is not a directory' });
      return result;
    }
  } catch (e) {
    result.errors.push({ file: displayPath(absRoot, cwd), message: `cannot read the node root: ${reason(e)}` });
    return result;
  }
  const ctx: NodeContext = {
    root: absRoot, cwd, result, seen: new Set(), pool: new StringPool(),
    users: readIdNames(absRoot, '/etc/passwd'), groups: readIdNames(absRoot, '/etc/group'),
  };

  const kubelet = addFile(ctx, KUBEADM_LAYOUT.kubeletConfig, true);
  const kubeletConfig = kubelet.find((o) => o.kind === 'KubeletConfiguration');
  const staticPodPath = kubeletConfig && typeof kubeletConfig.raw.staticPodPath === 'string' && kubeletConfig.raw.staticPodPath !== ''
    ? kubeletConfig.raw.staticPodPath : KUBEADM_LAYOUT.manifests;
  for (const p of KUBEADM_LAYOUT.kubeletFiles) addFile(ctx, p, false, { quietIfMissing: true });
  const flags = addKubeletFlags(ctx);
  // The kubelet reads the config file its --config names; kubeadm's path was read above.
  const configFlag = flags ? configArg(flags.args) : undefined;
  if (configFlag !== undefined && configFlag.startsWith('/')) kubelet.push(...addFile(ctx, configFlag, true));

  const manifests: KubeObject[] = [];
  for (const p of listDir(ctx, staticPodPath, (n) => /\.(ya?ml|json)$/i.test(n))) manifests.push(...addFile(ctx, p, true));
  const kubeconfigs: KubeObject[] = [];
  for (const p of listDir(ctx, KUBEADM_LAYOUT.kubernetes, (n) => n.endsWith('.conf'))) kubeconfigs.push(...addFile(ctx, p, true));
  walk(ctx, KUBEADM_LAYOUT.pki);

  // Files the static Pods name in their flags and variables, where they are on the host; then the
  // files those config files name (an etcd config file's certificates, an authorization webhook's
  // kubeconfig), which the same container reads, so through the same mounts.
  for (const obj of manifests) {
    const tpl = podTemplateOf(obj);
    if (!tpl) continue;
    for (const c of containersOfSpec(tpl.spec, tpl.specPath)) {
      const onHost = (p: string) => hostPathOfContainerPath(c.container, tpl.spec, p);
      for (const candidate of pathsInArgs(c.container)) {
        const host = onHost(candidate);
        if (host === undefined) continue;
        for (const inner of addFile(ctx, host, true)) {
          if (inner.kind === NODE_FILE_KIND) continue;
          for (const p of absolutePathsIn(inner.raw)) {
            const h = onHost(p);
            if (h !== undefined) addFile(ctx, h, false);
          }
        }
      }
    }
  }
  // Files the kubelet (which runs on the host) reads through its config and kubeconfigs: client CA, certificates.
  for (const obj of [...kubelet, ...kubeconfigs]) {
    if (obj.kind !== NODE_FILE_KIND) for (const p of absolutePathsIn(obj.raw)) addFile(ctx, p, false);
  }
  return result;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? String(e);
}

/** uid/gid -> name from the node's own /etc/passwd or /etc/group. */
function readIdNames(root: string, file: string): Map<number, string> {
  const out = new Map<number, string>();
  let text: string;
  try {
    text = readFileSync(path.join(root, file), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    const id = Number(fields[2]);
    if (fields.length >= 3 && fields[0] !== '' && Number.isInteger(id) && !out.has(id)) out.set(id, fields[0]!);
  }
  return out;
}

/**
 * The real path of a node path under the root, following symbolic links the way the node would:
 * an absolute link target is taken from the node's root, not from the machine running kubeward.
 */
function resolveUnderRoot(ctx: NodeContext, nodePath: string): string {
  let current = path.posix.resolve('/', nodePath);
  for (let hops = 0; hops < 16; hops++) {
    const parts = current.split('/').filter(Boolean);
    let prefix = '/';
    let changed = false;
    for (let i = 0; i < parts.length; i++) {
      const next = path.posix.join(prefix, parts[i]!);
      let st: Stats;
      try {
        st = lstatSync(path.join(ctx.root, next));
      } catch {
        return path.join(ctx.root, current);
      }
      if (st.isSymbolicLink()) {
        const target = readlinkSync(path.join(ctx.root, next));
        const resolved = path.posix.isAbsolute(target) ? target : path.posix.join(prefix, target);
        current = path.posix.resolve('/', resolved, ...parts.slice(i + 1));
        changed = true;
        break;
      }
      prefix = next;
    }
    if (!changed) break;
  }
  return path.join(ctx.root, current);
}

function listDir(ctx: NodeContext, nodeDir: string, keep: (name: string) => boolean): string[] {
  const real = resolveUnderRoot(ctx, nodeDir);
  try {
    return readdirSync(real).filter(keep).sort().map((n) => path.posix.join(nodeDir, n));
  } catch (e) {
    ctx.result.notes.push({ file: displayPath(real, ctx.cwd), message: `not read: ${reason(e)}` });
    return [];
  }
}

function walk(ctx: NodeContext, nodeDir: string): void {
  const objs = addFile(ctx, nodeDir, false, { quietIfMissing: false });
  if (!objs.some((o) => isRecord(o.raw.spec) && o.raw.spec.type === 'directory')) return;
  for (const child of listDir(ctx, nodeDir, () => true)) {
    let st: Stats;
    try {
      st = statSync(resolveUnderRoot(ctx, child));
    } catch {
      addFile(ctx, child, false);
      continue;
    }
    if (st.isDirectory()) walk(ctx, child);
    else addFile(ctx, child, false);
  }
}

/** The text of a node file, when it is a readable regular file of sane size. */
function readText(ctx: NodeContext, nodePath: string): string | undefined {
  try {
    const real = resolveUnderRoot(ctx, nodePath);
    const st = statSync(real);
    if (!st.isFile() || st.size > MAX_READ_BYTES) return undefined;
    return readFileSync(real, 'utf8');
  } catch {
    return undefined;
  }
}

/** `*.conf` names in a folder, quietly empty when it is missing. */
function confNames(ctx: NodeContext, nodeDir: string): string[] {
  try {
    return readdirSync(resolveUnderRoot(ctx, nodeDir)).filter((n) => n.endsWith('.conf'));
  } catch {
    return [];
  }
}

/**
 * Reads the kubelet's systemd unit, drop-ins and the environment files they name, and adds one
 * KubeletFlags object holding the kubelet's arguments, each pointing at where it is written. Does
 * nothing when no unit starts a kubelet (a note says why when kubelet files exist).
 */
function addKubeletFlags(ctx: NodeContext): KubeletCommandLine | undefined {
  const units: FlagSourceFile[] = [];
  const read = (p: string): FlagSourceFile | undefined => {
    addFile(ctx, p, false, { quietIfMissing: true });
    const text = readText(ctx, p);
    return text === undefined ? undefined : { path: path.posix.resolve('/', p), text };
  };
  for (const p of KUBEADM_LAYOUT.kubeletUnits) {
    const unit = read(p);
    if (unit) {
      units.push(unit);
      break;
    }
  }
  const dropIns = new Map<string, string>();
  for (const dir of KUBEADM_LAYOUT.kubeletDropIns) for (const n of confNames(ctx, dir)) if (!dropIns.has(n)) dropIns.set(n, path.posix.join(dir, n));
  for (const n of [...dropIns.keys()].sort()) {
    const unit = read(dropIns.get(n)!);
    if (unit) units.push(unit);
  }
  const cmd = kubeletCommandLine(units, read);
  if ('problem' in cmd) {
    if (units.length > 0) ctx.result.notes.push({ file: displayPath(resolveUnderRoot(ctx, units[0]!.path), ctx.cwd), message: `kubelet flags not read: ${cmd.problem}` });
    return undefined;
  }
  ctx.result.objects.push(kubeletFlagsObject(ctx, cmd));
  return cmd;
}

/**
 * The file `--config` names, only to load it: which file the kubelet really reads is decided by the
 * control-plane analyzer's pflag parser (sources cannot use it), and a file read here that turns out
 * not to be the kubelet's is merely not judged as its config. The last occurrence wins.
 */
function configArg(args: readonly KubeletArg[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--') break;
    if (t.startsWith('--config=')) found = t.slice('--config='.length);
    else if (t === '--config' && i + 1 < args.length) found = args[++i]!.text;
  }
  return found;
}

/**
 * The KubeletFlags object: `spec.args` holds the kubelet's arguments in order, as systemd passes
 * them (the analysis parses them as flags). Its source maps every path to a real place: an
 * argument to the word as written, anything else to the kubelet's ExecStart.
 */
function kubeletFlagsObject(ctx: NodeContext, cmd: KubeletCommandLine): KubeObject {
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const mapped = (o: FlagOrigin): MappedSpan => {
    let i = fileIndex.get(o.file);
    if (i === undefined) {
      i = files.push(displayPath(resolveUnderRoot(ctx, o.file), ctx.cwd)) - 1;
      fileIndex.set(o.file, i);
    }
    return [i, o.line, o.column, o.endLine, o.endColumn];
  };
  const raw = {
    apiVersion: NODE_FILE_API_VERSION,
    kind: KUBELET_FLAGS_KIND,
    metadata: { name: 'kubelet' },
    spec: { execStart: cmd.execStart.file, environmentFiles: cmd.environmentFiles, args: cmd.args.map((a) => a.text) },
  };
  const b = new NodeTableBuilder();
  const spans: MappedSpan[] = [];
  const exec = mapped(cmd.execStart);
  const leaf = (key: string | number | null, span: MappedSpan = exec) => {
    b.close(b.open(key, -1, 0, 0));
    spans.push(span);
  };
  const open = (key: string | null) => {
    spans.push(exec);
    return b.open(key, -1, 0, 0);
  };
  const root = open(null);
  leaf('apiVersion');
  leaf('kind');
  const meta = open('metadata');
  leaf('name');
  b.close(meta);
  const spec = open('spec');
  leaf('execStart');
  const envs = open('environmentFiles');
  cmd.environmentFiles.forEach((_, i) => leaf(i));
  b.close(envs);
  const args = open('args');
  cmd.args.forEach((a, i) => leaf(i, mapped(a.origin)));
  b.close(args);
  b.close(spec);
  b.close(root);
  const table = b.build();
  return toKubeObject(raw as unknown as Record<string, unknown>, renderedSource(table, root, '', files, (n) => spans[n]!))!;
}

/** The single-node location table that points every path of a NodeFile at line 1 of its file. */
function fileSource(display: string): ObjectSource {
  const b = new NodeTableBuilder();
  b.close(b.open(null, -1, 0, 0));
  return { type: 'file', file: display, lines: new LineIndex([0]), table: b.build(), root: 0, docIndex: 0 };
}

/**
 * Records one node path as a NodeFile (once) and, for a readable config file when `parse` is
 * set, the objects in it. Returns the objects added for it (NodeFile included).
 */
function addFile(ctx: NodeContext, nodePath: string, parse: boolean, opts: { quietIfMissing?: boolean } = {}): KubeObject[] {
  const normal = path.posix.resolve('/', nodePath);
  if (ctx.seen.has(normal)) return [];
  ctx.seen.add(normal);
  const real = resolveUnderRoot(ctx, normal);
  const display = displayPath(real, ctx.cwd);
  let st: Stats;
  try {
    st = statSync(real);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') ctx.result.errors.push({ file: display, message: `cannot read: ${reason(e)}` });
    if (opts.quietIfMissing) return [];
    const missing = nodeFileObject({ path: normal, type: 'missing' }, { type: 'reference', ref: `node:${normal}` });
    ctx.result.objects.push(missing);
    return [missing];
  }
  const spec: NodeFileSpec = {
    path: normal,
    type: st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other',
    mode: (st.mode & 0o7777).toString(8).padStart(4, '0'),
    uid: st.uid,
    gid: st.gid,
  };
  const owner = ctx.users.get(st.uid);
  const group = ctx.groups.get(st.gid);
  if (owner !== undefined) spec.owner = owner;
  if (group !== undefined) spec.group = group;
  const out: KubeObject[] = [];
  ctx.result.files.push(display);
  if (spec.type === 'file' && st.size <= MAX_READ_BYTES) {
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(real);
    } catch (e) {
      ctx.result.errors.push({ file: display, message: `cannot read: ${reason(e)}` });
    }
    if (bytes && bytes.includes('-----BEGIN ')) {
      const pem = bytes.toString('latin1');
      const certs = certificatesIn(pem);
      if (certs.length > 0) spec.certificates = certs;
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) spec.privateKey = true;
      // Key material is not kept past this point.
      bytes.fill(0);
    } else if (bytes && parse && PARSED_EXTENSIONS.has(path.extname(normal).toLowerCase())) {
      out.push(...parseConfigFile(ctx, bytes, display, normal));
    }
  }
  out.unshift(nodeFileObject(spec, fileSource(display)));
  ctx.result.objects.push(...out);
  return out;
}

function nodeFileObject(spec: NodeFileSpec, source: ObjectSource): KubeObject {
  const raw = { apiVersion: NODE_FILE_API_VERSION, kind: NODE_FILE_KIND, metadata: { name: spec.path }, spec };
  return toKubeObject(raw as unknown as Record<string, unknown>, source)!;
}

function parseConfigFile(ctx: NodeContext, bytes: Buffer, display: string, nodePath: string): KubeObject[] {
  const text = decodeManifest(bytes, display, ctx.result.errors);
  if (text === undefined) return [];
  const parsed = parseManifests(text, display, ctx.pool);
  if (parsed.objects.length === 0 && parsed.errors.length === 0 && looksLikeEtcdConfig(text)) {
    // etcd's config file has no apiVersion or kind: they are appended after its last line, so every
    // line of the file keeps its number and findings point into the file as it is.
    const tagged = `${text}${text.endsWith('\n') ? '' : '\n'}apiVersion: ${NODE_FILE_API_VERSION}\nkind: ${ETCD_CONFIG_KIND}\nmetadata:\n  name: ${JSON.stringify(nodePath)}\n`;
    const etcd = parseManifests(tagged, display, ctx.pool);
    if (etcd.objects.length === 1 && etcd.errors.length === 0) return etcd.objects;
  }
  ctx.result.errors.push(...parsed.errors);
  ctx.result.notes.push(...parsed.notes);
  return parsed.objects;
}

function looksLikeEtcdConfig(text: string): boolean {
  try {
    const doc: unknown = parseYaml(text, { version: '1.1' });
    return isRecord(doc) && !('kind' in doc) && ETCD_CONFIG_KEYS.some((k) => k in doc);
  } catch {
    return false;
  }
}

function certificatesIn(pem: string): NodeFileCertificate[] {
  const out: NodeFileCertificate[] = [];
  for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
    try {
      // crypto loads on use (node mode only).
      const c = new (process.getBuiltinModule('node:crypto').X509Certificate)(block);
      out.push({
        subject: c.subject.replace(/\n/g, ', '),
        issuer: c.issuer.replace(/\n/g, ', '),
        notBefore: new Date(c.validFrom).toISOString(),
        notAfter: new Date(c.validTo).toISOString(),
        fingerprint256: c.fingerprint256,
        isCA: c.ca,
      });
    } catch {
      // Not a certificate Node can read: the file is still recorded, without certificate details.
    }
  }
  return out;
}

/**
 * Absolute paths in a container's command line and variables: flag values after `=`, whole
 * arguments, comma-separated items. Deliberately generous: these are only files to look at;
 * which flag a path belongs to is decided later by the exact flag parser.
 */
function pathsInArgs(container: Record<string, unknown>): string[] {
  const texts: string[] = [];
  for (const field of ['command', 'args']) {
    const list = container[field];
    if (Array.isArray(list)) for (const v of list) if (typeof v === 'string') texts.push(v.includes('=') && v.startsWith('-') ? v.slice(v.indexOf('=') + 1) : v);
  }
  if (Array.isArray(container.env)) for (const e of container.env) if (isRecord(e) && typeof e.value === 'string') texts.push(e.value);
  return [...new Set(texts.flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t.startsWith('/') && !t.includes('://')))];
}

/** Absolute paths among the string values of a config object (kubelet config, kubeconfig, etcd config). */
function absolutePathsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (/^\/[^\s]*$/.test(value) && value.length > 1) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) absolutePathsIn(v, out);
  else if (isRecord(value)) for (const v of Object.values(value)) absolutePathsIn(v, out);
  return out;
}
