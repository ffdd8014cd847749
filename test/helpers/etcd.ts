import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The message a test run shows when etcd is missing. */
export const ETCD_MISSING =
  'etcd is not installed: run `bash scripts/ci-deps.sh` (installs Debian etcd-server), or set KUBEWARD_SKIP_ETCD=1 to skip the tests that need a real etcd';

function onPath(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the etcd tests run. Throws (failing the test file loudly) when etcd or openssl is
 * missing, unless KUBEWARD_SKIP_ETCD=1 asks to skip them.
 */
export function etcdTestsEnabled(): boolean {
  if (process.env.KUBEWARD_SKIP_ETCD === '1') return false;
  if (!onPath('etcd')) throw new Error(ETCD_MISSING);
  if (!onPath('openssl')) throw new Error('openssl is not installed: run `bash scripts/ci-deps.sh`');
  return true;
}

/** A port that was free a moment ago (bind to 0, read, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface PemFiles {
  cert: string;
  key: string;
}

/** Certificates for the tests, as file paths. */
export interface TestPki {
  dir: string;
  ca: PemFiles;
  /** Server certificate for IP 127.0.0.1 (serverAuth and clientAuth: etcd's gateway dials itself with it). */
  server: PemFiles;
  /** Signed by `ca`. */
  client: PemFiles;
  /** A CA unrelated to `ca`, and a client certificate it signed. */
  rogueCa: PemFiles;
  rogueClient: PemFiles;
  /** Signed by `ca` but only for the DNS name wrong.example (for hostname-mismatch tests). */
  wrongNameServer: PemFiles;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): PemFiles {
  openssl(dir, ['req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`]);
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

function makeLeaf(dir: string, name: string, ca: PemFiles, ext: string): PemFiles {
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(dir, ['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', String(Date.now()), '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

/** Makes a CA, server and client certificates, and a rogue CA with its client certificate, with openssl. */
export function makeTestPki(): TestPki {
  if (!onPath('openssl')) throw new Error('openssl is not installed: run `bash scripts/ci-deps.sh`');
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-pki-'));
  const ca = makeCa(dir, 'test-ca');
  const rogueCa = makeCa(dir, 'rogue-ca');
  return {
    dir,
    ca,
    server: makeLeaf(dir, 'etcd-server', ca, 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n'),
    client: makeLeaf(dir, 'kube-apiserver-etcd-client', ca, 'extendedKeyUsage=clientAuth\n'),
    rogueCa,
    rogueClient: makeLeaf(dir, 'rogue-client', rogueCa, 'extendedKeyUsage=clientAuth\n'),
    wrongNameServer: makeLeaf(dir, 'wrong-name-server', ca, 'subjectAltName=DNS:wrong.example\nextendedKeyUsage=serverAuth\n'),
  };
}

/** TLS material for the helper's own requests (paths). */
export interface ClientTls {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface RunningEtcd {
  endpoint: string;
  port: number;
  /** Writes a key with the JSON gateway, with the TLS material given at start, as the seed step. */
  put(key: string, value: Buffer): Promise<void>;
  stop(): Promise<void>;
}

export interface StartEtcdOptions {
  /**
   * Serve clients over TLS with this server certificate; `clientCa` turns on --client-cert-auth.
   * `client` (CA to check the server, and a client certificate when needed) is what the helper uses
   * for the readiness poll and for seeding.
   */
  tls?: { cert: string; key: string; clientCa?: string; client: ClientTls };
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.stdin?.destroy();
  });
}

/**
 * Starts a single-member etcd on 127.0.0.1 with its data in a temp dir, and waits until /health
 * answers. With `tls.clientCa` it runs with --client-cert-auth and that CA as --trusted-ca-file.
 */
export async function startEtcd(options: StartEtcdOptions = {}): Promise<RunningEtcd> {
  installExitHook();
  const dataDir = mkdtempSync(join(tmpdir(), 'kubeward-etcd-'));
  const clientPort = await freePort();
  const peerPort = await freePort();
  const scheme = options.tls ? 'https' : 'http';
  const clientUrl = `${scheme}://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'kubeward-test',
    '--data-dir', join(dataDir, 'data'),
    '--listen-client-urls', clientUrl,
    '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl,
    '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', `kubeward-test=${peerUrl}`,
    '--logger', 'zap',
    '--log-level', 'error',
  ];
  if (options.tls) {
    args.push('--cert-file', options.tls.cert, '--key-file', options.tls.key);
    if (options.tls.clientCa) args.push('--client-cert-auth', '--trusted-ca-file', options.tls.clientCa);
  }
  // etcd runs under a small sh guard that stops it when our end of its stdin closes: on stop(), and
  // also when this process dies in any way (even SIGKILL), so no etcd outlives the test run.
  const guard = [
    'exec 3<&0',
    'etcd "$@" &',
    'pid=$!',
    '( read -r _ <&3; kill "$pid"; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" || exit 0; sleep 0.3; done; kill -9 "$pid" ) >/dev/null 2>&1 &',
    'wait "$pid"',
  ].join('\n');
  const child = spawn('sh', ['-c', guard, 'etcd-guard', ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    }),
  );

  const clientTls = options.tls?.client;
  const stop = async () => {
    child.stdin?.end();
    if (!exited) await exitedPromise;
    rmSync(dataDir, { recursive: true, force: true });
  };

  const etcd: RunningEtcd = {
    endpoint: clientUrl,
    port: clientPort,
    async put(key, value) {
      const res = await request(clientUrl, '/v3/kv/put', { key: Buffer.from(key).toString('base64'), value: value.toString('base64') }, clientTls);
      if (res.status !== 200) throw new Error(`seeding ${key} failed: HTTP ${res.status} ${res.body}`);
    },
    stop,
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) throw new Error(`etcd exited during start-up: ${stderr}`);
    try {
      const res = await request(clientUrl, '/health', undefined, clientTls);
      if (res.status === 200 && res.body.includes('"health":"true"')) return etcd;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy within 15 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function request(base: string, path: string, body: unknown, tls?: ClientTls): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const opts: https.RequestOptions = {
      method: payload ? 'POST' : 'GET',
      agent: false,
      headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
      timeout: 2000,
    };
    if (url.protocol === 'https:') {
      opts.ca = tls?.ca ? readFileSync(tls.ca) : undefined;
      opts.cert = tls?.cert ? readFileSync(tls.cert) : undefined;
      opts.key = tls?.key ? readFileSync(tls.key) : undefined;
      opts.rejectUnauthorized = true;
    }
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, opts, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}
