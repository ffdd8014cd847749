import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** Why a probe could not go on. `message` is one line, made for a person, without a stack. */
export type EtcdProbeErrorCode = 'usage' | 'credentials' | 'dns' | 'refused' | 'timeout' | 'reset' | 'tls' | 'http' | 'protocol';

/** A probe failure whose message can be shown as is (one line, no secret material). */
export class EtcdProbeError extends Error {
  readonly code: EtcdProbeErrorCode;
  constructor(code: EtcdProbeErrorCode, message: string) {
    super(message);
    this.name = 'EtcdProbeError';
    this.code = code;
  }
}

/** Where and how to connect: host and port of the endpoint, plus TLS material when `tls` is set. */
export interface Connection {
  host: string;
  port: number;
  tls?: {
    ca?: Buffer;
    cert?: Buffer;
    key?: Buffer;
    /** When false the server's certificate is not checked (used only by requests that carry nothing). */
    verifyServer: boolean;
  };
}

/** A failed exchange, kept raw so callers can tell a refused client certificate from a dead host. */
export class TransportFailure extends Error {
  readonly kind: FailureKind;
  /** The TLS handshake had finished from the client's side when it failed. */
  readonly afterHandshake: boolean;
  constructor(kind: FailureKind, message: string, afterHandshake: boolean) {
    super(message);
    this.name = 'TransportFailure';
    this.kind = kind;
    this.afterHandshake = afterHandshake;
  }
}

export type FailureKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'reset'
  | 'not-tls'
  | 'tls-alert'
  | 'server-untrusted'
  | 'server-name'
  | 'server-expired'
  | 'local-credentials'
  | 'too-large'
  | 'other';

export interface HttpOutcome {
  status: number;
  body: Buffer;
}

/** Larger than any etcd value (etcd refuses requests over 1.5 MiB by default) with room for JSON and base64. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Formats host and port the way a person types them (IPv6 in brackets). */
export function hostPort(c: { host: string; port: number }): string {
  return net.isIPv6(c.host) ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`;
}

/**
 * POSTs a JSON body to etcd's JSON gateway and returns status and body. Every call opens its own
 * connection (no agent, no TLS session reuse) so that each identity is judged on its own handshake.
 */
export function postJson(conn: Connection, path: string, payload: unknown, timeoutMs: number): Promise<HttpOutcome> {
  return new Promise((resolve, reject) => {
    let handshakeDone = false;
    let settled = false;
    let req: http.ClientRequest | undefined;
    const body = Buffer.from(JSON.stringify(payload));
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(toFailure(err, handshakeDone, conn, timeoutMs));
    };
    const timer = setTimeout(() => {
      fail(new TimeoutMarker());
      req?.destroy();
    }, timeoutMs);

    const common: http.RequestOptions = {
      host: conn.host,
      port: conn.port,
      path,
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': body.length, connection: 'close' },
    };
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          fail(new TransportFailure('too-large', `etcd at ${hostPort(conn)} sent a response larger than ${MAX_BODY_BYTES} bytes`, handshakeDone));
          for (const c of chunks) c.fill(0);
          chunks.length = 0;
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const all = Buffer.concat(chunks);
        for (const c of chunks) c.fill(0);
        resolve({ status: res.statusCode ?? 0, body: all });
      });
    };
    try {
      if (conn.tls) {
        const t = conn.tls;
        req = https.request(
          {
            ...common,
            ca: t.ca,
            cert: t.cert,
            key: t.key,
            rejectUnauthorized: t.verifyServer,
          },
          onResponse,
        );
      } else {
        req = http.request(common, onResponse);
      }
    } catch (e) {
      // Node throws synchronously when the certificate and key do not fit together.
      fail(e);
      return;
    }
    req.on('socket', (socket) => {
      socket.once('secureConnect', () => {
        handshakeDone = true;
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** Opens and closes a TCP connection, so that "nothing there" is told apart from TLS or HTTP trouble. */
export function tcpReachable(conn: Connection, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const socket = net.connect({ host: conn.host, port: conn.port });
    const done = (err?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err === undefined) resolve();
      else reject(toFailure(err, false, conn, timeoutMs));
    };
    const timer = setTimeout(() => done(new TimeoutMarker()), timeoutMs);
    socket.once('connect', () => done());
    socket.once('error', done);
  });
}

class TimeoutMarker extends Error {
  constructor() {
    super('timeout');
  }
}

const UNTRUSTED_SERVER_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);

function toFailure(err: unknown, afterHandshake: boolean, conn: Connection, timeoutMs: number): TransportFailure {
  if (err instanceof TransportFailure) return err;
  const where = hostPort(conn);
  if (err instanceof TimeoutMarker) return new TransportFailure('timeout', `no answer from ${where} within ${timeoutMs} ms`, afterHandshake);
  const e = err as NodeJS.ErrnoException & { reason?: string; cert?: { subjectaltname?: string } };
  const code = e?.code ?? '';
  const raw = oneLine(String(e?.message ?? err));
  const alert = /alert ([a-z0-9 _]+?)(?::|$)/i.exec(raw)?.[1]?.trim().toLowerCase();
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    return new TransportFailure('dns', `cannot resolve host "${conn.host}" (DNS lookup failed: ${code})`, afterHandshake);
  }
  if (code === 'ECONNREFUSED') return new TransportFailure('refused', `connection refused by ${where} (is etcd listening there?)`, afterHandshake);
  if (code === 'ETIMEDOUT') return new TransportFailure('timeout', `connection to ${where} timed out`, afterHandshake);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new TransportFailure('refused', `${where} is unreachable (${code})`, afterHandshake);
  if (alert) return new TransportFailure('tls-alert', `${where} ended the TLS handshake with alert "${alert}"`, afterHandshake);
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long|unknown protocol/i.test(raw)) {
    return new TransportFailure('not-tls', `${where} does not speak TLS`, afterHandshake);
  }
  if (UNTRUSTED_SERVER_CODES.has(code)) {
    return new TransportFailure('server-untrusted', `the server certificate of ${where} ${conn.tls?.ca ? 'is not signed by the given CA' : 'is not signed by a CA Node trusts; give the etcd CA certificate'} (${code})`, afterHandshake);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = e.cert?.subjectaltname;
    const why = names ? `it is for ${truncate(oneLine(names), 200)}` : oneLine(e.reason ?? raw);
    return new TransportFailure('server-name', `the server certificate of ${where} is not valid for "${conn.host}" (${why})`, afterHandshake);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new TransportFailure('server-expired', `the server certificate of ${where} is outside its validity period (${code})`, afterHandshake);
  }
  if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') return new TransportFailure('local-credentials', 'the client certificate and key do not belong together', afterHandshake);
  if (code.startsWith('ERR_OSSL_') || code === 'ERR_INVALID_ARG_TYPE') {
    return new TransportFailure('local-credentials', `cannot use the given certificate or key (${code}): is it PEM?`, afterHandshake);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(raw)) {
    return new TransportFailure('reset', `${where} closed the connection${afterHandshake ? ' after the TLS handshake' : ''}`, afterHandshake);
  }
  return new TransportFailure('other', `request to ${where} failed: ${code ? `${code}: ` : ''}${truncate(raw, 200)}`, afterHandshake);
}

/** Collapses anything multi-line (OpenSSL messages carry file paths and line breaks) to one line. */
export function oneLine(s: string): string {
  return s.replace(/[^\x20-\x7e]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
