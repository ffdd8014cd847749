import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, makeTestPki, type TestPki } from '../../../test/helpers/etcd.js';
import { EtcdProbeError, probeEtcd, type EtcdProbeOptions } from './index.js';

// Stand-ins for etcd built on Node servers: they make failures (timeouts, HTTP errors, wrong
// certificates, bodies that are not JSON) that a healthy etcd will not produce on demand.

const CANARY = `CANARY-${randomBytes(8).toString('hex')}`;

type Handler = (body: Record<string, unknown>, res: http.ServerResponse) => void;

function handle(handler: Handler): http.RequestListener {
  return (req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // keep {}
      }
      handler(body, res);
    });
  };
}

const HEADER = { cluster_id: '1', member_id: '2', revision: '3', raft_term: '1' };

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

// Lists one secret, then answers the value read with `valueReply`.
function fakeGateway(valueReply: (res: http.ServerResponse) => void): Handler {
  return (body, res) => {
    if (body.range_end !== undefined) {
      json(res, 200, { header: HEADER, kvs: [{ key: Buffer.from('/registry/secrets/ns/s1').toString('base64') }], count: '1' });
    } else if (body.key === Buffer.from('/kubeward-probe/nonexistent').toString('base64')) {
      json(res, 200, { header: HEADER });
    } else {
      valueReply(res);
    }
  };
}

interface Started {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<Started> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        close: () =>
          new Promise<void>((r) => {
            (server as http.Server).closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

async function rejection(options: EtcdProbeOptions): Promise<EtcdProbeError> {
  const err = await probeEtcd(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EtcdProbeError);
  return err as EtcdProbeError;
}

describe('probeEtcd: option errors (no network)', () => {
  it.each([
    [{ endpoint: 'not a url' }, 'usage', 'endpoint "not a url" is not a URL; expected https://host:port'],
    [{ endpoint: 'ftp://127.0.0.1:2379' }, 'usage', 'endpoint "ftp://127.0.0.1:2379" must start with https:// or http://'],
    [{ endpoint: 'https://127.0.0.1:2379/v3' }, 'usage', 'endpoint "https://127.0.0.1:2379/v3" must be scheme://host[:port] with nothing after it'],
    [{ endpoint: 'https://127.0.0.1:2379', sample: -1 }, 'usage', 'sample must be a whole number >= 0 (got -1)'],
    [{ endpoint: 'https://127.0.0.1:2379', sample: 2.5 }, 'usage', 'sample must be a whole number >= 0 (got 2.5)'],
    [{ endpoint: 'https://127.0.0.1:2379', timeoutMs: 0 }, 'usage', 'timeoutMs must be a positive number (got 0)'],
    [{ endpoint: 'https://127.0.0.1:2379', cert: '/x.crt' }, 'usage', 'give both the client certificate and its key, or neither'],
    [
      { endpoint: 'http://10.0.0.1:2379', cert: '/x.crt', key: '/x.key' },
      'credentials',
      'refusing to use a client certificate and key with http://10.0.0.1:2379: plain http:// has no TLS; use https://',
    ],
    [{ endpoint: 'https://127.0.0.1:2379', cacert: '/nonexistent/ca.crt' }, 'usage', 'cannot read the CA certificate file "/nonexistent/ca.crt": no such file'],
  ] as Array<[EtcdProbeOptions, string, string]>)('%j', async (options, code, message) => {
    const err = await rejection(options);
    expect([err.code, err.message]).toEqual([code, message]);
  });
});

describe('probeEtcd: network and protocol errors', () => {
  let pki: TestPki;
  const closers: Array<() => Promise<void>> = [];
  let tlsServer: (handler: Handler, which?: 'server' | 'wrongNameServer') => Promise<number>;

  beforeAll(() => {
    pki = makeTestPki();
    tlsServer = async (handler, which = 'server') => {
      const s = await listen(https.createServer({ cert: readFileSync(pki[which].cert), key: readFileSync(pki[which].key) }, handle(handler)));
      closers.push(s.close);
      return s.port;
    };
  });

  afterAll(async () => {
    await Promise.all(closers.map((c) => c()));
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  });

  const creds = () => ({ cacert: pki.ca.cert, cert: pki.client.cert, key: pki.client.key, rogueClientCert: pki.rogueClient });

  it('connection refused', async () => {
    const port = await freePort();
    const err = await rejection({ endpoint: `https://127.0.0.1:${port}` });
    expect([err.code, err.message]).toEqual(['refused', `connection refused by 127.0.0.1:${port} (is etcd listening there?)`]);
  });

  it('DNS failure', async () => {
    const err = await rejection({ endpoint: 'https://no-such-host.kubeward.invalid:2379' });
    expect(err.code).toBe('dns');
    expect(err.message).toMatch(/^cannot resolve host "no-such-host\.kubeward\.invalid" \(DNS lookup failed: (ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)\)$/);
  });

  it('a server that accepts but never answers: every check is unknown and sampling times out', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((sock) => sockets.push(sock));
    const s = await listen(silent);
    try {
      const quiet = await probeEtcd({ endpoint: `https://127.0.0.1:${s.port}`, cacert: pki.ca.cert, rogueClientCert: pki.rogueClient, timeoutMs: 300 });
      const msg = `no answer from 127.0.0.1:${s.port} within 300 ms`;
      expect(quiet.checks.map((c) => [c.accepted, c.detail])).toEqual([
        ['unknown', msg],
        ['unknown', msg],
        ['unknown', msg],
      ]);
      expect(quiet.secretsSample).toEqual({ assessed: false, reason: msg });

      const err = await rejection({ endpoint: `https://127.0.0.1:${s.port}`, ...creds(), timeoutMs: 300 });
      expect([err.code, err.message]).toEqual(['timeout', msg]);
    } finally {
      for (const sock of sockets) sock.destroy();
      await s.close();
    }
  });

  it('hostname mismatch on the server certificate', async () => {
    const port = await tlsServer(fakeGateway((res) => json(res, 200, { header: HEADER })), 'wrongNameServer');
    const err = await rejection({ endpoint: `https://127.0.0.1:${port}`, ...creds() });
    expect(err.code).toBe('tls');
    expect(err.message).toBe(
      `the server certificate of 127.0.0.1:${port} is not valid for "127.0.0.1" (it is for DNS:wrong.example)`,
    );
  });

  it('HTTP error from the gateway, as one line with etcd\'s message', async () => {
    const port = await tlsServer((_body, res) =>
      json(res, 403, { error: 'etcdserver: permission denied', code: 7, message: 'etcdserver: permission denied' }),
    );
    const r = await probeEtcd({ endpoint: `https://127.0.0.1:${port}`, cacert: pki.ca.cert, rogueClientCert: pki.rogueClient });
    // The stand-in does not ask for client certificates, so TLS works but etcd says no.
    expect(r.checks[1]).toEqual({
      check: 'tls-without-client-cert',
      accepted: false,
      detail: 'etcd spoke TLS but refused the request: HTTP 403: etcdserver: permission denied',
    });
    const err = await rejection({ endpoint: `https://127.0.0.1:${port}`, ...creds() });
    expect([err.code, err.message]).toEqual(['http', 'etcd answered HTTP 403: etcdserver: permission denied']);
  });

  it('a gateway that cannot reach its own gRPC server is not counted as a refusal', async () => {
    const port = await tlsServer((_body, res) => json(res, 503, { error: 'connection closed', message: 'connection closed', code: 14 }));
    const r = await probeEtcd({ endpoint: `https://127.0.0.1:${port}`, cacert: pki.ca.cert, rogueClientCert: pki.rogueClient, sample: 0 });
    expect(r.checks[1]).toEqual({
      check: 'tls-without-client-cert',
      accepted: 'unknown',
      detail: 'etcd took the connection over TLS but its JSON gateway failed: HTTP 503: connection closed',
    });
  });

  it('a plain HTTP server that is not etcd', async () => {
    const s = await listen(http.createServer((_req, res) => res.writeHead(404).end('not found')));
    closers.push(s.close);
    const r = await probeEtcd({ endpoint: `http://127.0.0.1:${s.port}`, rogueClientCert: pki.rogueClient });
    expect(r.checks[0]).toEqual({
      check: 'plaintext-http',
      accepted: 'unknown',
      detail: "the endpoint answered HTTP 404 over plain HTTP, but not like etcd's v3 JSON gateway",
    });
  });

  describe('value bytes never reach a result or an error', () => {
    it.each([
      ['a 200 body that is not JSON', (res: http.ServerResponse) => res.writeHead(200).end(`k8s\u0000${CANARY}`), 'protocol', 'the endpoint did not answer like etcd v3 JSON gateway (POST /v3/kv/range)'],
      ['a 500 body that is not JSON', (res: http.ServerResponse) => res.writeHead(500).end(`{"kind":"Secret","data":"${CANARY}"`), 'http', 'etcd answered HTTP 500'],
      ['a cut-off JSON body', (res: http.ServerResponse) => res.writeHead(200).end(`{"header":{},"kvs":[{"value":"${Buffer.from(CANARY).toString('base64')}`), 'protocol', 'the endpoint did not answer like etcd v3 JSON gateway (POST /v3/kv/range)'],
    ] as Array<[string, (res: http.ServerResponse) => void, string, string]>)('%s', async (_name, reply, code, message) => {
      const port = await tlsServer(fakeGateway(reply));
      const err = await rejection({ endpoint: `https://127.0.0.1:${port}`, ...creds() });
      expect([err.code, err.message]).toEqual([code, message]);
      expect(`${err.message} ${err.stack ?? ''} ${JSON.stringify(err)}`).not.toContain(CANARY);

      // Without credentials the same failure becomes the sample's reason, equally free of the value.
      const r = await probeEtcd({ endpoint: `https://127.0.0.1:${port}`, cacert: pki.ca.cert, rogueClientCert: pki.rogueClient });
      expect(r.secretsSample).toEqual({ assessed: false, reason: message });
      expect(JSON.stringify(r)).not.toContain(CANARY);
    });

    it('a well-formed plaintext value is classified, not returned', async () => {
      const value = Buffer.concat([Buffer.from('k8s\u0000\n'), Buffer.from(CANARY)]);
      const port = await tlsServer(fakeGateway((res) => json(res, 200, { header: HEADER, kvs: [{ key: 'eA==', value: value.toString('base64') }], count: '1' })));
      const r = await probeEtcd({ endpoint: `https://127.0.0.1:${port}`, ...creds() });
      expect(r.secretsSample).toMatchObject({ assessed: true, sampled: 1, byProvider: { plaintext: 1 } });
      const text = JSON.stringify(r);
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(value.toString('base64').slice(0, 12));
    });
  });
});
