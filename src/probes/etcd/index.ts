import { readFile } from 'node:fs/promises';
import { CLASSIFY_PREFIX_BYTES, classifySecretValue, type SecretStorageProvider, type SecretValueClass } from './classify.js';
import { makeForeignClientCert, type PemPair } from './rogue-cert.js';
import { EtcdProbeError, hostPort, oneLine, postJson, tcpReachable, TransportFailure, truncate, type Connection, type HttpOutcome } from './transport.js';

export { classifySecretValue, SECRET_STORAGE_PROVIDERS, type PlaintextEncoding, type SecretStorageProvider, type SecretValueClass } from './classify.js';
export { EtcdProbeError, type EtcdProbeErrorCode } from './transport.js';

/** PEM material: a `string` is a file path, a `Buffer` is the PEM content itself. */
export type PemSource = string | Buffer;

/** What {@link probeEtcd} needs. Only `endpoint` is required. */
export interface EtcdProbeOptions {
  /** `https://host[:port]` or `http://host[:port]`; the port defaults to etcd's 2379. */
  endpoint: string;
  /** CA that signed etcd's server certificate; without it Node's default CAs are used. */
  cacert?: PemSource;
  /** Client certificate and key (both or neither). Refused over `http://`. */
  cert?: PemSource;
  key?: PemSource;
  /** Secrets to sample; 0 turns sampling off. Default 20. */
  sample?: number;
  /** Limit for each request, in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Client certificate from a CA etcd should not trust; made with openssl when absent. */
  rogueClientCert?: { cert: PemSource; key: PemSource };
  /** Where the API server keeps secrets (`--etcd-prefix` + `/secrets/`). Default `/registry/secrets/`. */
  secretsPrefix?: string;
}

/** The access checks, each answered with a {@link EtcdAccessVerdict}. */
export const ETCD_ACCESS_CHECKS = ['plaintext-http', 'tls-without-client-cert', 'foreign-ca-client-cert'] as const;
export type EtcdAccessCheck = (typeof ETCD_ACCESS_CHECKS)[number];

/**
 * Whether etcd served a read from a client it should have turned away. `accepted: true` means a
 * range request was answered; `'unknown'` means the check could not be made (see `detail`).
 */
export interface EtcdAccessVerdict {
  check: EtcdAccessCheck;
  accepted: boolean | 'unknown';
  detail: string;
}

/** One sampled secret: its etcd key and how its value is stored. Never the value. */
export interface SampledSecret extends SecretValueClass {
  key: string;
}

/** How the sampled secrets are stored at rest. */
export interface EtcdSecretsSample {
  assessed: true;
  /** How the probe read them: with the given client certificate, over TLS without one, or over plain HTTP. */
  via: 'client-cert' | 'tls' | 'plaintext-http';
  prefix: string;
  /** Keys under the prefix in etcd, as etcd counted them. */
  total: number;
  /** Values classified (keys deleted between listing and reading are not counted). */
  sampled: number;
  byProvider: Partial<Record<SecretStorageProvider, number>>;
  /** Per provider, counts per encryption key or KMS plugin name. */
  byKeyName: Partial<Record<SecretStorageProvider, Record<string, number>>>;
  secrets: SampledSecret[];
}

export interface EtcdSecretsNotAssessed {
  assessed: false;
  reason: string;
}

/** Everything a probe found. Contains no secret value and no byte of one beyond its storage prefix. */
export interface EtcdProbeResult {
  /** The endpoint as probed, with the port made explicit. */
  endpoint: string;
  checks: EtcdAccessVerdict[];
  secretsSample: EtcdSecretsSample | EtcdSecretsNotAssessed;
}

const DEFAULT_PORT = 2379;
const DEFAULT_SAMPLE = 20;
const DEFAULT_TIMEOUT_MS = 5000;
const RANGE_PATH = '/v3/kv/range';
// A key nothing writes: the access checks read it so that a request that gets through reads nothing.
const HARMLESS_KEY = '/kubeward-probe/nonexistent';

/**
 * Probes a live etcd, read-only (range requests only): whether it serves clients over plain HTTP,
 * over TLS without a client certificate and with a certificate from a foreign CA; then, when it can
 * read, how a sample of Secrets is stored (encryption provider and key name per value).
 *
 * Values are fetched one at a time, classified by prefix and dropped at once.
 *
 * @throws {EtcdProbeError} for bad options, unreadable files, an unreachable endpoint, and failures
 * of the sampling when a client certificate was given.
 */
export async function probeEtcd(options: EtcdProbeOptions): Promise<EtcdProbeResult> {
  const target = parseEndpoint(options.endpoint);
  const sample = options.sample ?? DEFAULT_SAMPLE;
  if (!Number.isInteger(sample) || sample < 0) throw new EtcdProbeError('usage', `sample must be a whole number >= 0 (got ${String(sample)})`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new EtcdProbeError('usage', `timeoutMs must be a positive number (got ${String(timeoutMs)})`);
  const prefix = options.secretsPrefix ?? '/registry/secrets/';
  if (prefix === '') throw new EtcdProbeError('usage', 'secretsPrefix must not be empty');

  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new EtcdProbeError('usage', 'give both the client certificate and its key, or neither');
  }
  const withCredentials = options.cert !== undefined;
  if (withCredentials && target.scheme === 'http') {
    throw new EtcdProbeError('credentials', `refusing to use a client certificate and key with ${target.display}: plain http:// has no TLS; use https://`);
  }
  const ca = options.cacert === undefined ? undefined : await loadPem(options.cacert, 'CA certificate');
  const cert = options.cert === undefined ? undefined : await loadPem(options.cert, 'client certificate');
  const key = options.key === undefined ? undefined : await loadPem(options.key, 'client key');
  const rogue = options.rogueClientCert
    ? { cert: await loadPem(options.rogueClientCert.cert, 'foreign client certificate'), key: await loadPem(options.rogueClientCert.key, 'foreign client key') }
    : undefined;

  const base = { host: target.host, port: target.port };
  try {
    await tcpReachable(base, timeoutMs);
  } catch (e) {
    throw asProbeError(e);
  }

  const plaintext = await checkPlaintext(base, timeoutMs);
  const servesPlaintext = plaintext.accepted === true;
  const noCert = await checkTls('tls-without-client-cert', { ...base, tls: { ca, verifyServer: false } }, timeoutMs, servesPlaintext);
  const foreign = await checkForeignCa(base, ca, rogue, timeoutMs, noCert, servesPlaintext);
  const checks = [plaintext, noCert, foreign];

  let secretsSample: EtcdSecretsSample | EtcdSecretsNotAssessed;
  if (sample === 0) {
    secretsSample = { assessed: false, reason: 'sampling was turned off (sample = 0)' };
  } else if (withCredentials) {
    const conn: Connection = { ...base, tls: { ca, cert, key, verifyServer: true } };
    try {
      secretsSample = await sampleSecrets(conn, 'client-cert', prefix, sample, timeoutMs);
    } catch (e) {
      throw asProbeError(e);
    }
  } else {
    // Without credentials the probe reads through whatever door the endpoint given leaves open.
    const via = target.scheme === 'https' ? 'tls' : 'plaintext-http';
    const door = target.scheme === 'https' ? noCert : plaintext;
    if (door.accepted === false) {
      secretsSample = {
        assessed: false,
        reason:
          target.scheme === 'https'
            ? `no client certificate was given and etcd did not serve a client without one (${door.detail})`
            : `etcd did not serve the probe over plain HTTP (${door.detail})`,
      };
    } else {
      const conn: Connection = target.scheme === 'https' ? { ...base, tls: { ca, verifyServer: true } } : base;
      try {
        secretsSample = await sampleSecrets(conn, via, prefix, sample, timeoutMs);
      } catch (e) {
        secretsSample = { assessed: false, reason: asProbeError(e).message };
      }
    }
  }
  return { endpoint: target.display, checks, secretsSample };
}

interface Target {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  display: string;
}

function parseEndpoint(endpoint: string): Target {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EtcdProbeError('usage', `endpoint "${endpoint}" is not a URL; expected https://host:port`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EtcdProbeError('usage', `endpoint "${endpoint}" must start with https:// or http://`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new EtcdProbeError('usage', `endpoint "${endpoint}" must be scheme://host[:port] with nothing after it`);
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  return { scheme, host, port, display: `${scheme}://${hostPort({ host, port })}` };
}

async function loadPem(source: PemSource, what: string): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source;
  try {
    return await readFile(source);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new EtcdProbeError('usage', `cannot read the ${what} file "${source}": ${why}`);
  }
}

function harmlessRange(): Record<string, unknown> {
  return { key: b64(HARMLESS_KEY), limit: 1, keys_only: true };
}

async function checkPlaintext(base: Connection, timeoutMs: number): Promise<EtcdAccessVerdict> {
  const check = 'plaintext-http';
  let out: HttpOutcome;
  try {
    out = await postJson(base, RANGE_PATH, harmlessRange(), timeoutMs);
  } catch (e) {
    const f = e as TransportFailure;
    if (f.kind === 'reset') return { check, accepted: false, detail: `${hostPort(base)} closed the connection on a plain HTTP request (it expects TLS)` };
    return { check, accepted: 'unknown', detail: f.message };
  }
  // Go's TLS listeners answer a plain HTTP request with this 400 instead of resetting.
  if (out.status === 400 && out.body.toString('latin1').includes('HTTP request to an HTTPS server')) {
    return { check, accepted: false, detail: `${hostPort(base)} answered that it expects TLS (HTTP 400)` };
  }
  return judgeHttp(check, out, 'over plain HTTP, without TLS or a client certificate', 'plain HTTP');
}

async function checkTls(check: EtcdAccessCheck, conn: Connection, timeoutMs: number, servesPlaintext: boolean): Promise<EtcdAccessVerdict> {
  const asked = check === 'tls-without-client-cert' ? 'a TLS client without a certificate' : 'a client certificate from a foreign CA';
  let out: HttpOutcome;
  try {
    out = await postJson(conn, RANGE_PATH, harmlessRange(), timeoutMs);
  } catch (e) {
    const f = e as TransportFailure;
    switch (f.kind) {
      case 'tls-alert':
        return { check, accepted: false, detail: `refused ${asked}: ${f.message}` };
      case 'reset':
        // etcd's plaintext listener drops a TLS ClientHello without a word.
        if (!f.afterHandshake && servesPlaintext) {
          return { check, accepted: false, detail: `${hostPort(conn)} does not speak TLS (it serves plain HTTP), so it takes no TLS clients at all` };
        }
        return {
          check,
          accepted: false,
          detail: f.afterHandshake ? `refused ${asked}: closed the connection after the TLS handshake` : `refused ${asked}: closed the connection during the TLS handshake`,
        };
      case 'not-tls':
        return { check, accepted: false, detail: `${f.message}, so it takes no TLS clients at all` };
      default:
        return { check, accepted: 'unknown', detail: f.message };
    }
  }
  return judgeHttp(check, out, check === 'tls-without-client-cert' ? 'over TLS from a client that presented no certificate' : 'from a client whose certificate comes from a foreign CA', 'TLS');
}

async function checkForeignCa(
  base: Connection,
  ca: Buffer | undefined,
  given: PemPair | undefined,
  timeoutMs: number,
  noCert: EtcdAccessVerdict,
  servesPlaintext: boolean,
): Promise<EtcdAccessVerdict> {
  const check = 'foreign-ca-client-cert';
  const pair = given ?? (await makeForeignClientCert(timeoutMs));
  if ('unavailable' in pair) return { check, accepted: 'unknown', detail: `not assessed: ${pair.unavailable}` };
  const verdict = await checkTls(check, { ...base, tls: { ca, cert: pair.cert, key: pair.key, verifyServer: false } }, timeoutMs, servesPlaintext);
  if (verdict.accepted === true && noCert.accepted === true) {
    return { ...verdict, detail: `${verdict.detail} (etcd does not check client certificates at all)` };
  }
  return verdict;
}

function judgeHttp(check: EtcdAccessCheck, out: HttpOutcome, how: string, transport: string): EtcdAccessVerdict {
  const parsed = parseJson(out.body);
  if (out.status === 200 && isRecord(parsed) && isRecord(parsed.header)) {
    return { check, accepted: true, detail: `etcd answered a range request ${how}` };
  }
  // gRPC code 14 (Unavailable) is the gateway failing to reach etcd's own gRPC server, e.g. when the
  // server certificate lacks the clientAuth usage under --client-cert-auth: not a refusal of this client.
  if (isRecord(parsed) && (out.status === 503 || parsed.code === 14)) {
    return { check, accepted: 'unknown', detail: `etcd took the connection over ${transport} but its JSON gateway failed: HTTP ${out.status}: ${gatewayMessage(parsed)}` };
  }
  if (out.status !== 200 && isRecord(parsed) && (typeof parsed.message === 'string' || typeof parsed.error === 'string')) {
    return { check, accepted: false, detail: `etcd spoke ${transport} but refused the request: HTTP ${out.status}: ${gatewayMessage(parsed)}` };
  }
  return { check, accepted: 'unknown', detail: `the endpoint answered HTTP ${out.status} over ${transport}, but not like etcd's v3 JSON gateway` };
}

async function sampleSecrets(conn: Connection, via: EtcdSecretsSample['via'], prefix: string, limit: number, timeoutMs: number): Promise<EtcdSecretsSample> {
  const listing = await range(conn, { key: b64(prefix), range_end: b64(prefixEnd(prefix)), keys_only: true, limit }, timeoutMs);
  const keys = listing.kvs.map((kv) => Buffer.from(kv.key ?? '', 'base64').toString('utf8'));
  const result: EtcdSecretsSample = { assessed: true, via, prefix, total: listing.count, sampled: 0, byProvider: {}, byKeyName: {}, secrets: [] };
  for (const key of keys.slice(0, limit)) {
    const cls = await classifyOne(conn, key, timeoutMs);
    if (cls === undefined) continue;
    result.sampled++;
    result.byProvider[cls.provider] = (result.byProvider[cls.provider] ?? 0) + 1;
    if (cls.keyName !== undefined) {
      const names = (result.byKeyName[cls.provider] ??= {});
      names[cls.keyName] = (names[cls.keyName] ?? 0) + 1;
    }
    result.secrets.push({ key, ...cls });
  }
  return result;
}

// Reads one value, keeps only the classification. Only the leading base64 characters that cover the
// prefix are decoded, and both the raw response and that decoded head are zeroed before returning.
async function classifyOne(conn: Connection, key: string, timeoutMs: number): Promise<SecretValueClass | undefined> {
  const out = await postJson(conn, RANGE_PATH, { key: b64(key) }, timeoutMs);
  try {
    const parsed = expectRange(out);
    const kv = parsed.kvs[0];
    if (kv === undefined) return undefined;
    const head = Buffer.from((kv.value ?? '').slice(0, Math.ceil(CLASSIFY_PREFIX_BYTES / 3) * 4), 'base64');
    kv.value = undefined;
    const cls = classifySecretValue(head);
    head.fill(0);
    return cls;
  } finally {
    out.body.fill(0);
  }
}

interface RangeKv {
  key?: string;
  value?: string;
}

interface RangeResult {
  kvs: RangeKv[];
  count: number;
}

async function range(conn: Connection, body: Record<string, unknown>, timeoutMs: number): Promise<RangeResult> {
  return expectRange(await postJson(conn, RANGE_PATH, body, timeoutMs));
}

function expectRange(out: HttpOutcome): RangeResult {
  const parsed = parseJson(out.body);
  if (out.status !== 200) {
    const msg = isRecord(parsed) ? gatewayMessage(parsed) : '';
    throw new EtcdProbeError('http', `etcd answered HTTP ${out.status}${msg ? `: ${msg}` : ''}`);
  }
  if (!isRecord(parsed) || !isRecord(parsed.header)) throw new EtcdProbeError('protocol', 'the endpoint did not answer like etcd v3 JSON gateway (POST /v3/kv/range)');
  const kvs = Array.isArray(parsed.kvs) ? (parsed.kvs.filter(isRecord) as RangeKv[]) : [];
  // etcd's gateway writes int64 fields as strings and leaves zero values out.
  const count = Number(parsed.count ?? 0);
  return { kvs, count: Number.isFinite(count) ? count : 0 };
}

// A parse error message would quote the body, and the body may hold a value: never pass it on.
function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function gatewayMessage(parsed: Record<string, unknown>): string {
  const m = typeof parsed.message === 'string' && parsed.message !== '' ? parsed.message : typeof parsed.error === 'string' ? parsed.error : '';
  return truncate(oneLine(m), 200);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function b64(s: string | Buffer): string {
  return Buffer.from(s).toString('base64');
}

/** The range end that covers every key starting with `prefix` (etcd's "prefix + 1" rule). */
export function prefixEnd(prefix: string | Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  // All 0xff: etcd reads "\0" as "to the end of the keyspace".
  return Buffer.from([0]);
}

function asProbeError(e: unknown): EtcdProbeError {
  if (e instanceof EtcdProbeError) return e;
  if (e instanceof TransportFailure) {
    switch (e.kind) {
      case 'dns':
      case 'refused':
      case 'timeout':
        return new EtcdProbeError(e.kind, e.message);
      case 'reset':
        return new EtcdProbeError('reset', e.afterHandshake ? `${e.message} (etcd may have rejected the client certificate)` : e.message);
      case 'tls-alert':
        return new EtcdProbeError('tls', `${e.message} (etcd rejected the client certificate, or requires one)`);
      case 'too-large':
      case 'other':
        return new EtcdProbeError('protocol', e.message);
      default:
        return new EtcdProbeError('tls', e.message);
    }
  }
  return new EtcdProbeError('protocol', oneLine(String((e as Error)?.message ?? e)));
}
