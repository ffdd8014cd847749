import { afterAll, describe, expect, it } from 'vitest';
import { TestCa } from '../../../../test/helpers/client-certs.js';
import { decodeBase64Field, factsFromOptions, formatHours, formatMode, readCertificate, readToken } from './index.js';

const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: object): string => `${part({ alg: 'RS256' })}.${part(claims)}.c2ln`;

describe('readToken', () => {
  it('reads a legacy ServiceAccount token\'s claims', () => {
    expect(readToken(jwt({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:a:b' }))).toEqual({
      kind: 'jwt', issuer: 'kubernetes/serviceaccount', subject: 'system:serviceaccount:a:b', legacyServiceAccount: true, bootstrap: false,
    });
  });

  it('reads exp and iat as dates', () => {
    const t = readToken(jwt({ iss: 'https://kubernetes.default.svc', iat: 1_700_000_000, exp: 1_700_003_600 }));
    expect(t.expires?.toISOString()).toBe('2023-11-14T23:13:20.000Z');
    expect(t.issuedAt?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(t.legacyServiceAccount).toBe(false);
  });

  it.each([
    ['an opaque token', 'c0ffee-0123456789', false],
    ['a bootstrap token', 'abcdef.0123456789abcdef', true],
    ['three parts that are not JSON', 'aaa.bbb.ccc', false],
    ['a JWT whose payload is a JSON array', `${part({})}.${Buffer.from('[1]').toString('base64url')}.x`, false],
  ])('%s is opaque', (_name, token, bootstrap) => {
    expect(readToken(token)).toEqual({ kind: 'opaque', legacyServiceAccount: false, bootstrap });
  });
});

describe('readCertificate (certificates from openssl)', () => {
  const ca = new TestCa();
  afterAll(() => ca.cleanup());

  it('reads subject, groups and validity of a CA-signed client certificate', () => {
    const before = Date.now();
    const c = ca.issue('/O=system:masters/O=dev/CN=alice', 2);
    const info = readCertificate(c.certPem);
    if (typeof info === 'string') throw new Error(info);
    expect(info.commonName).toBe('alice');
    expect(info.organizations).toEqual(['system:masters', 'dev']);
    expect(info.validityHours).toBe(48);
    // openssl dates have second precision.
    expect(Math.abs(info.notBefore.getTime() - before)).toBeLessThan(60_000);
  });

  it('reads the base64 of kubeconfig *-data fields', () => {
    const c = ca.issue('/CN=bob', 1);
    const info = readCertificate(decodeBase64Field(c.certData)!);
    expect(typeof info === 'string' ? info : info.validityHours).toBe(24);
  });

  it('refuses what is not a certificate, without echoing it', () => {
    const c = ca.issue('/CN=carol', 1);
    const msg = readCertificate(c.keyPem);
    expect(msg).toBe('not a PEM or DER X.509 certificate');
    expect(decodeBase64Field('not base64!')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('formats durations and modes', () => {
    expect([formatHours(0.5), formatHours(24), formatHours(47.9), formatHours(48), formatHours(24 * 365), formatHours(24 * 365 * 10)])
      .toEqual(['30 minutes', '24 hours', '48 hours', '2 days', '365 days', '10 years']);
    expect([formatMode(0o600), formatMode(0o644), formatMode(0o100755)]).toEqual(['0600', '0644', '0755']);
  });

  it('reads facts from options, tolerating junk', () => {
    const f = factsFromOptions({ kubeconfigFacts: { modes: { a: 0o644, b: 'x' }, referenced: { k: { mode: 0o600, certificate: 'PEM', junk: 1 }, bad: 3 } }, now: '2030-01-01T00:00:00Z' });
    expect(f).toEqual({ modes: { a: 0o644 }, referenced: { k: { mode: 0o600, certificate: 'PEM' } }, now: new Date('2030-01-01T00:00:00Z') });
    expect(factsFromOptions({}).modes).toEqual({});
  });
});
