import { describe, expect, it } from 'vitest';
import { CLASSIFY_PREFIX_BYTES, classifySecretValue } from './classify.js';
import { prefixEnd } from './index.js';

const bytes = (s: string, tail: number[] = [0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]) => Buffer.concat([Buffer.from(s, 'latin1'), Buffer.from(tail)]);

describe('classifySecretValue', () => {
  // Prefixes as kube-apiserver writes them (encryptionconfig/config.go): provider prefix, then the
  // key or KMS plugin name and ':'.
  it.each([
    ['k8s:enc:aescbc:v1:key1:', { provider: 'aescbc', keyName: 'key1' }],
    ['k8s:enc:aesgcm:v1:gcm-2024:', { provider: 'aesgcm', keyName: 'gcm-2024' }],
    ['k8s:enc:secretbox:v1:sb_key.1:', { provider: 'secretbox', keyName: 'sb_key.1' }],
    ['k8s:enc:kms:v1:aws-kms:', { provider: 'kms-v1', keyName: 'aws-kms' }],
    ['k8s:enc:kms:v2:vault:', { provider: 'kms-v2', keyName: 'vault' }],
  ])('%s', (prefix, expected) => {
    expect(classifySecretValue(bytes(prefix))).toEqual(expected);
  });

  it.each([
    ['protobuf magic k8s\\0', Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0b, 0x0a, 0x02, 0x76, 0x31]), { provider: 'plaintext', encoding: 'protobuf' }],
    ['JSON object', Buffer.from('{"kind":"Secret","apiVersion":"v1"}'), { provider: 'plaintext', encoding: 'json' }],
    ['self-described CBOR', Buffer.from([0xd9, 0xd9, 0xf7, 0xa2, 0x64]), { provider: 'plaintext', encoding: 'cbor' }],
  ])('plaintext: %s', (_name, value, expected) => {
    expect(classifySecretValue(value)).toEqual(expected);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['random bytes', Buffer.from([0x13, 0x37, 0x00, 0x42])],
    ['leading whitespace before JSON', Buffer.from(' {"kind":"Secret"}')],
    ['k8s without the NUL', Buffer.from('k8s\x01abc', 'latin1')],
    ['too short for the magic', Buffer.from('k8s')],
    ['unknown provider under the reserved prefix', bytes('k8s:enc:rot13:v1:k:')],
    ['unknown KMS version', bytes('k8s:enc:kms:v3:p:')],
    ['upper case', bytes('K8S:ENC:AESCBC:V1:key1:')],
    ['aescbc v2 does not exist', bytes('k8s:enc:aescbc:v2:key1:')],
  ])('unknown: %s', (_name, value) => {
    expect(classifySecretValue(value)).toEqual({ provider: 'unknown' });
  });

  it('keeps the provider but no name when the name is missing, unterminated, too long or not printable', () => {
    expect(classifySecretValue(bytes('k8s:enc:aescbc:v1::'))).toEqual({ provider: 'aescbc' });
    expect(classifySecretValue(Buffer.from('k8s:enc:aescbc:v1:key1'))).toEqual({ provider: 'aescbc' });
    expect(classifySecretValue(bytes(`k8s:enc:aesgcm:v1:${'a'.repeat(254)}:`))).toEqual({ provider: 'aesgcm' });
    expect(classifySecretValue(bytes('k8s:enc:secretbox:v1:', [0x6b, 0x00, 0x31, 0x3a]))).toEqual({ provider: 'secretbox' });
    expect(classifySecretValue(bytes('k8s:enc:kms:v2:my plugin:'))).toEqual({ provider: 'kms-v2' });
  });

  it('reads a name of the longest accepted length from a head of CLASSIFY_PREFIX_BYTES bytes', () => {
    const name = 'n'.repeat(253);
    const value = bytes(`k8s:enc:secretbox:v1:${name}:`);
    expect(CLASSIFY_PREFIX_BYTES).toBe(21 + 253 + 1);
    expect(classifySecretValue(value.subarray(0, CLASSIFY_PREFIX_BYTES))).toEqual({ provider: 'secretbox', keyName: name });
  });

  it('reads a view into a larger buffer from its own offset', () => {
    const big = Buffer.concat([Buffer.from('xxxx'), Buffer.from('k8s:enc:aesgcm:v1:k2:rest')]);
    expect(classifySecretValue(new Uint8Array(big.buffer, big.byteOffset + 4, big.length - 4))).toEqual({ provider: 'aesgcm', keyName: 'k2' });
  });
});

describe('prefixEnd', () => {
  it('increments the last byte, as etcd clients do for a prefix range', () => {
    expect(prefixEnd('/registry/secrets/').toString('latin1')).toBe('/registry/secrets0');
    expect(prefixEnd('a').toString('latin1')).toBe('b');
  });

  it('works on UTF-8 bytes, drops trailing 0xff bytes, and falls back to "\\0" (whole keyspace)', () => {
    expect([...prefixEnd('a\u00ff')]).toEqual([0x61, 0xc3, 0xc0]);
    expect([...prefixEnd(Buffer.from([0x61, 0xff, 0xff]))]).toEqual([0x62]);
    expect([...prefixEnd(Buffer.from([0xff, 0xff]))]).toEqual([0x00]);
  });
});
