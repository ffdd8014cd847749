import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdTestsEnabled, makeTestPki, startEtcd, type RunningEtcd, type TestPki } from '../../../test/helpers/etcd.js';
import { EtcdProbeError, probeEtcd, type EtcdProbeResult, type EtcdSecretsSample } from './index.js';

// Throws (failing this file with the install hint) when etcd is missing, unless KUBEWARD_SKIP_ETCD=1.
const enabled = etcdTestsEnabled();

// Canaries stand for secret data: none of them may ever show up in a result or an error.
const CANARY_PROTO = `CANARY-PROTO-${randomBytes(8).toString('hex')}`;
const CANARY_PROTO2 = `CANARY-PROTO2-${randomBytes(8).toString('hex')}`;
const CANARY_JSON = `CANARY-JSON-${randomBytes(8).toString('hex')}`;
const CANARY_UNKNOWN = `CANARY-UNKNOWN-${randomBytes(8).toString('hex')}`;

function encrypted(prefix: string): Buffer {
  return Buffer.concat([Buffer.from(prefix, 'latin1'), randomBytes(64)]);
}

// Shaped like what kube-apiserver writes: protobuf behind the `k8s\0` magic, JSON, or an encryption
// prefix followed by ciphertext. Keys s01..s13 sort in this order, which the sample-of-5 case uses.
const SECRETS: Array<{ key: string; value: Buffer }> = [
  { key: '/registry/secrets/default/s01-db', value: Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0c]), Buffer.from(`v1\x12\x06Secret password=${CANARY_PROTO}`)]) },
  { key: '/registry/secrets/default/s02-api', value: Buffer.concat([Buffer.from('k8s\x00\n\x0c', 'latin1'), Buffer.from(CANARY_PROTO2)]) },
  { key: '/registry/secrets/default/s03-json', value: Buffer.from(JSON.stringify({ kind: 'Secret', apiVersion: 'v1', data: { token: Buffer.from(CANARY_JSON).toString('base64') }, stringData: { raw: CANARY_JSON } })) },
  { key: '/registry/secrets/default/s04-cbc', value: encrypted('k8s:enc:aescbc:v1:key1:') },
  { key: '/registry/secrets/default/s05-cbc', value: encrypted('k8s:enc:aescbc:v1:key1:') },
  { key: '/registry/secrets/kube-system/s06-cbc', value: encrypted('k8s:enc:aescbc:v1:key1:') },
  { key: '/registry/secrets/kube-system/s07-cbc-old', value: encrypted('k8s:enc:aescbc:v1:key2:') },
  { key: '/registry/secrets/kube-system/s08-gcm', value: encrypted('k8s:enc:aesgcm:v1:key1:') },
  { key: '/registry/secrets/kube-system/s09-box', value: encrypted('k8s:enc:secretbox:v1:sbkey:') },
  { key: '/registry/secrets/prod/s10-kms2', value: encrypted('k8s:enc:kms:v2:vault-kms:') },
  { key: '/registry/secrets/prod/s11-kms2', value: encrypted('k8s:enc:kms:v2:vault-kms:') },
  { key: '/registry/secrets/prod/s12-kms1', value: encrypted('k8s:enc:kms:v1:legacy-kms:') },
  { key: '/registry/secrets/prod/s13-odd', value: Buffer.from(`\x00\x01garbage ${CANARY_UNKNOWN}`, 'latin1') },
];

// Keys just outside the secrets range ('-' sorts before '/', '0' is the exclusive range end).
const OTHER_KEYS: Array<{ key: string; value: Buffer }> = [
  { key: '/registry/configmaps/default/cm1', value: Buffer.from('{"kind":"ConfigMap"}') },
  { key: '/registry/secrets', value: Buffer.from('{"kind":"Secret"}') },
  { key: '/registry/secrets-store/x', value: Buffer.from('{"kind":"Secret"}') },
  { key: '/registry/secrets0/x', value: Buffer.from('{"kind":"Secret"}') },
];

// Counted by hand from the table above.
const FULL_COUNTS = {
  total: 13,
  sampled: 13,
  byProvider: { plaintext: 3, aescbc: 4, aesgcm: 1, secretbox: 1, 'kms-v2': 2, 'kms-v1': 1, unknown: 1 },
  byKeyName: {
    aescbc: { key1: 3, key2: 1 },
    aesgcm: { key1: 1 },
    secretbox: { sbkey: 1 },
    'kms-v2': { 'vault-kms': 2 },
    'kms-v1': { 'legacy-kms': 1 },
  },
};

function expectFullSample(s: EtcdProbeResult['secretsSample'], via: EtcdSecretsSample['via']): void {
  expect(s.assessed).toBe(true);
  if (!s.assessed) return;
  expect(s.via).toBe(via);
  expect(s.prefix).toBe('/registry/secrets/');
  expect({ total: s.total, sampled: s.sampled, byProvider: s.byProvider, byKeyName: s.byKeyName }).toEqual(FULL_COUNTS);
  expect(s.secrets.map((x) => x.key)).toEqual(SECRETS.map((x) => x.key));
  expect(s.secrets[0]).toEqual({ key: '/registry/secrets/default/s01-db', provider: 'plaintext', encoding: 'protobuf' });
  expect(s.secrets[2]).toEqual({ key: '/registry/secrets/default/s03-json', provider: 'plaintext', encoding: 'json' });
  expect(s.secrets[6]).toEqual({ key: '/registry/secrets/kube-system/s07-cbc-old', provider: 'aescbc', keyName: 'key2' });
  expect(s.secrets[12]).toEqual({ key: '/registry/secrets/prod/s13-odd', provider: 'unknown' });
}

/**
 * Fails when a canary, or any run of 12 value bytes appears in `text`: as characters (raw or
 * JSON-escaped), hex, base64, or the number list JSON makes of a Buffer.
 */
function expectNoValueBytes(text: string): void {
  for (const canary of [CANARY_PROTO, CANARY_PROTO2, CANARY_JSON, CANARY_UNKNOWN]) {
    expect(text).not.toContain(canary);
    expect(text).not.toContain(Buffer.from(canary).toString('base64').slice(0, 16));
  }
  for (const { value } of SECRETS) {
    expect(text).not.toContain(value.toString('base64').slice(0, 24));
    // Every 12-byte run of every value, prefix included: the report names a provider and a key,
    // never the stored bytes themselves.
    for (let i = 0; i + 12 <= value.length; i++) {
      const window = value.subarray(i, i + 12);
      const chars = window.toString('latin1');
      expect(text).not.toContain(chars);
      expect(text).not.toContain(JSON.stringify(chars).slice(1, -1));
      expect(text).not.toContain(window.toString('hex'));
      expect(text).not.toContain([...window].join(','));
    }
  }
}

async function seed(etcd: RunningEtcd): Promise<void> {
  for (const { key, value } of [...SECRETS, ...OTHER_KEYS]) await etcd.put(key, value);
}

describe('the value-leak check used below', () => {
  it('catches a canary, a raw run of value bytes, their hex and their base64', () => {
    expect(() => expectNoValueBytes(JSON.stringify({ x: `..${CANARY_JSON}..` }))).toThrow();
    expect(() => expectNoValueBytes(JSON.stringify({ x: SECRETS[3].value.subarray(30, 45).toString('latin1') }))).toThrow();
    expect(() => expectNoValueBytes(SECRETS[9].value.subarray(40, 60).toString('hex'))).toThrow();
    expect(() => expectNoValueBytes(SECRETS[5].value.toString('base64'))).toThrow();
    expect(() => expectNoValueBytes(JSON.stringify({ x: SECRETS[0].value }))).toThrow();
    expect(() => expectNoValueBytes(JSON.stringify({ x: SECRETS[12].value.toString('latin1') }))).toThrow();
    expect(() => expectNoValueBytes(JSON.stringify({ provider: 'aescbc', keyName: 'key1', key: SECRETS[3].key }))).not.toThrow();
  });
});

describe.skipIf(!enabled)('probeEtcd against a real etcd', () => {
  let pki: TestPki;
  let plain: RunningEtcd;
  let tlsOpen: RunningEtcd;
  let mtls: RunningEtcd;
  let rogue: { cert: string; key: string };
  let client: { cacert: string; cert: string; key: string };

  beforeAll(async () => {
    pki = makeTestPki();
    rogue = pki.rogueClient;
    client = { cacert: pki.ca.cert, cert: pki.client.cert, key: pki.client.key };
    [plain, tlsOpen, mtls] = await Promise.all([
      startEtcd(),
      startEtcd({ tls: { cert: pki.server.cert, key: pki.server.key, client: { ca: pki.ca.cert } } }),
      startEtcd({
        tls: { cert: pki.server.cert, key: pki.server.key, clientCa: pki.ca.cert, client: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key } },
      }),
    ]);
    await Promise.all([seed(plain), seed(tlsOpen), seed(mtls)]);
  });

  afterAll(async () => {
    await Promise.all([plain?.stop(), tlsOpen?.stop(), mtls?.stop()]);
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  });

  describe('plaintext etcd (http://)', () => {
    it('accepts plain HTTP, speaks no TLS, and its secrets can be read without credentials', async () => {
      const r = await probeEtcd({ endpoint: plain.endpoint, rogueClientCert: rogue });
      expect(r.endpoint).toBe(`http://127.0.0.1:${plain.port}`);
      expect(r.checks.map((c) => [c.check, c.accepted])).toEqual([
        ['plaintext-http', true],
        ['tls-without-client-cert', false],
        ['foreign-ca-client-cert', false],
      ]);
      expect(r.checks[0].detail).toBe('etcd answered a range request over plain HTTP, without TLS or a client certificate');
      expect(r.checks[1].detail).toBe(`127.0.0.1:${plain.port} does not speak TLS (it serves plain HTTP), so it takes no TLS clients at all`);
      expect(r.checks[2].detail).toBe(r.checks[1].detail);
      expectFullSample(r.secretsSample, 'plaintext-http');
      expectNoValueBytes(JSON.stringify(r));
    });

    it('refuses to send a client certificate over http://', async () => {
      const err = await probeEtcd({ endpoint: plain.endpoint, ...client }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EtcdProbeError);
      expect((err as EtcdProbeError).code).toBe('credentials');
      expect((err as EtcdProbeError).message).toBe(
        `refusing to use a client certificate and key with http://127.0.0.1:${plain.port}: plain http:// has no TLS; use https://`,
      );
    });
  });

  describe('TLS etcd without --client-cert-auth', () => {
    it('refuses plain HTTP but serves TLS clients with no certificate or a foreign one', async () => {
      const r = await probeEtcd({ endpoint: tlsOpen.endpoint, cacert: pki.ca.cert, rogueClientCert: rogue });
      expect(r.checks.map((c) => [c.check, c.accepted])).toEqual([
        ['plaintext-http', false],
        ['tls-without-client-cert', true],
        ['foreign-ca-client-cert', true],
      ]);
      expect(r.checks[0].detail).toBe(`127.0.0.1:${tlsOpen.port} closed the connection on a plain HTTP request (it expects TLS)`);
      expect(r.checks[1].detail).toBe('etcd answered a range request over TLS from a client that presented no certificate');
      expect(r.checks[2].detail).toBe(
        'etcd answered a range request from a client whose certificate comes from a foreign CA (etcd does not check client certificates at all)',
      );
      // No client certificate given: the probe reads through the open TLS door, checking the server.
      expectFullSample(r.secretsSample, 'tls');
      expectNoValueBytes(JSON.stringify(r));
    });

    it('samples with the client certificate when one is given', async () => {
      const r = await probeEtcd({ endpoint: tlsOpen.endpoint, ...client, rogueClientCert: rogue });
      expectFullSample(r.secretsSample, 'client-cert');
    });
  });

  describe('TLS etcd with --client-cert-auth', () => {
    it('refuses every client without a certificate from its CA, and reports nothing readable without credentials', async () => {
      const r = await probeEtcd({ endpoint: mtls.endpoint, cacert: pki.ca.cert, rogueClientCert: rogue });
      expect(r.checks.map((c) => [c.check, c.accepted])).toEqual([
        ['plaintext-http', false],
        ['tls-without-client-cert', false],
        ['foreign-ca-client-cert', false],
      ]);
      expect(r.checks[1].detail).toBe(`refused a TLS client without a certificate: 127.0.0.1:${mtls.port} ended the TLS handshake with alert "bad certificate"`);
      expect(r.checks[2].detail).toBe(`refused a client certificate from a foreign CA: 127.0.0.1:${mtls.port} ended the TLS handshake with alert "bad certificate"`);
      expect(r.secretsSample).toEqual({
        assessed: false,
        reason: `no client certificate was given and etcd did not serve a client without one (${r.checks[1].detail})`,
      });
    });

    it('with the client certificate, classifies every sampled secret and keeps no value', async () => {
      const r = await probeEtcd({ endpoint: mtls.endpoint, ...client, rogueClientCert: { cert: readFileSync(rogue.cert), key: readFileSync(rogue.key) } });
      expect(r.checks.map((c) => c.accepted)).toEqual([false, false, false]);
      expectFullSample(r.secretsSample, 'client-cert');
      expectNoValueBytes(JSON.stringify(r));
    });

    it('makes its own foreign CA with openssl when none is given', async () => {
      const r = await probeEtcd({ endpoint: mtls.endpoint, ...client, sample: 0 });
      expect(r.checks[2]).toEqual({
        check: 'foreign-ca-client-cert',
        accepted: false,
        detail: `refused a client certificate from a foreign CA: 127.0.0.1:${mtls.port} ended the TLS handshake with alert "bad certificate"`,
      });
      expect(r.secretsSample).toEqual({ assessed: false, reason: 'sampling was turned off (sample = 0)' });
    });

    it('samples only the first N keys but reports the total', async () => {
      const r = await probeEtcd({ endpoint: mtls.endpoint, ...client, rogueClientCert: rogue, sample: 5 });
      const s = r.secretsSample;
      expect(s.assessed).toBe(true);
      if (!s.assessed) return;
      // s01-s03 are plaintext, s04-s05 aescbc with key1.
      expect({ total: s.total, sampled: s.sampled, byProvider: s.byProvider, byKeyName: s.byKeyName }).toEqual({
        total: 13,
        sampled: 5,
        byProvider: { plaintext: 3, aescbc: 2 },
        byKeyName: { aescbc: { key1: 2 } },
      });
    });

    it('reads only under the secrets prefix given', async () => {
      const r = await probeEtcd({ endpoint: mtls.endpoint, ...client, rogueClientCert: rogue, secretsPrefix: '/registry/configmaps/' });
      const s = r.secretsSample;
      expect(s.assessed && { total: s.total, byProvider: s.byProvider, keys: s.secrets.map((x) => x.key) }).toEqual({
        total: 1,
        byProvider: { plaintext: 1 },
        keys: ['/registry/configmaps/default/cm1'],
      });
    });

    it('says in one line when the server certificate is not signed by the CA given', async () => {
      const err = (await probeEtcd({ endpoint: mtls.endpoint, cacert: pki.rogueCa.cert, cert: client.cert, key: client.key, rogueClientCert: rogue }).catch(
        (e: unknown) => e,
      )) as EtcdProbeError;
      expect(err).toBeInstanceOf(EtcdProbeError);
      expect(err.code).toBe('tls');
      expect(err.message).toBe(`the server certificate of 127.0.0.1:${mtls.port} is not signed by the given CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`);
    });

    it('says in one line when etcd rejects the client certificate', async () => {
      const err = (await probeEtcd({ endpoint: mtls.endpoint, cacert: pki.ca.cert, cert: rogue.cert, key: rogue.key, rogueClientCert: rogue }).catch(
        (e: unknown) => e,
      )) as EtcdProbeError;
      expect(err).toBeInstanceOf(EtcdProbeError);
      expect(err.code).toBe('tls');
      expect(err.message).toBe(
        `127.0.0.1:${mtls.port} ended the TLS handshake with alert "bad certificate" (etcd rejected the client certificate, or requires one)`,
      );
      expect(err.message).not.toContain('\n');
    });
  });
});
