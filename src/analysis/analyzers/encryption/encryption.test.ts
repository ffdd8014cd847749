import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../../sources/index.js';
import { analyzeEncryptionConfig, decodedKeyLength, parseGroupResource, SECRETS } from './index.js';

const K32 = 'YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY='; // 32 bytes
const K16 = 'MDEyMzQ1Njc4OWFiY2RlZg=='; // 16 bytes
const config = (resources: string) => {
  const objs = parseManifests(`apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n${resources}`, 'enc.yaml').objects;
  return analyzeEncryptionConfig(objs[0]!);
};

describe('parseGroupResource (kube-apiserver schema.ParseGroupResource)', () => {
  it.each([
    ['secrets', '', 'secrets'], ['*.', '', '*'], ['*.*', '*', '*'], ['*.apps', 'apps', '*'],
    ['deployments.apps', 'apps', 'deployments'], ['widgets.example.com', 'example.com', 'widgets'], ['secrets.', '', 'secrets'],
  ])('%s', (text, group, resource) => expect(parseGroupResource(text)).toEqual({ group, resource }));
});

describe('decodedKeyLength (Go base64.StdEncoding)', () => {
  it('decodes padded base64 and skips newlines', () => {
    expect(decodedKeyLength(K32)).toBe(32);
    expect(decodedKeyLength(K16)).toBe(16);
    expect(decodedKeyLength(`${K32.slice(0, 20)}\n${K32.slice(20)}`)).toBe(32);
  });
  it('rejects missing padding, URL-safe alphabet and spaces', () => {
    expect(decodedKeyLength(K32.replace('=', ''))).toBeUndefined();
    expect(decodedKeyLength('ab-_cd==')).toBeUndefined();
    expect(decodedKeyLength('YWJj ZGVm')).toBeUndefined();
  });
});

describe('which provider writes Secrets', () => {
  it('the first provider of the matching entry, however many entries and lines come before', () => {
    const c = config(`  - resources: [configmaps]
    providers:
      - aescbc: { keys: [{ name: k, secret: ${K32} }] }
  - resources: [events]
    providers:
      - identity: {}
  - resources:
      - secrets
    providers:
      - identity: {}
      - aescbc: { keys: [{ name: k, secret: ${K32} }] }
`);
    const s = c.storageOf(SECRETS);
    expect(s).toMatchObject({ matchedBy: 'exact', writer: { type: 'identity', path: ['resources', 2, 'providers', 0, 'identity'] } });
    expect(s.providers.map((p) => p.type)).toEqual(['identity', 'aescbc']);
    expect(c.problems).toEqual([]);
  });

  it('an exact entry beats a later group wildcard; the wildcard covers the rest of the group', () => {
    const c = config(`  - resources: [secrets]
    providers: [{ secretbox: { keys: [{ name: k, secret: ${K32} }] } }]
  - resources: ["*."]
    providers: [{ identity: {} }]
`);
    expect(c.storageOf(SECRETS).writer!.type).toBe('secretbox');
    expect(c.storageOf({ group: '', resource: 'configmaps' })).toMatchObject({ matchedBy: 'group', writer: { type: 'identity' } });
    expect(c.storageOf({ group: 'apps', resource: 'deployments' }).matchedBy).toBe('none');
    expect(c.problems).toEqual([]);
  });

  it('*.* covers everything, custom resources included', () => {
    const c = config(`  - resources: ["*.*"]
    providers: [{ kms: { apiVersion: v2, name: vault, endpoint: "unix:///kms.sock" } }]
`);
    expect(c.storageOf(SECRETS)).toMatchObject({ matchedBy: 'all', writer: { type: 'kms', kms: { name: 'vault', apiVersion: 'v2' } } });
    expect(c.storageOf({ group: 'example.com', resource: 'widgets' }).matchedBy).toBe('all');
  });

  it('an exact resource named in two entries gets both provider lists, the first entry\'s first', () => {
    const c = config(`  - resources: [secrets]
    providers: [{ aesgcm: { keys: [{ name: g, secret: ${K16} }] } }]
  - resources: [secrets, configmaps]
    providers: [{ identity: {} }]
`);
    expect(c.storageOf(SECRETS).providers.map((p) => p.type)).toEqual(['aesgcm', 'identity']);
  });

  it('an entry hidden by an earlier wildcard is refused (masked by earlier rule)', () => {
    const c = config(`  - resources: ["*.*"]
    providers: [{ identity: {} }]
  - resources: [secrets]
    providers: [{ secretbox: { keys: [{ name: k, secret: ${K32} }] } }]
  - resources: ["*."]
    providers: [{ identity: {} }]
`);
    expect(c.problems.map((p) => [p.message, p.path])).toEqual([
      ['resource "secrets" is masked by the earlier "*.*" entry: kube-apiserver refuses to start', ['resources', 1, 'resources', 0]],
      ['resource "*." is masked by the earlier "*.*" entry: kube-apiserver refuses to start', ['resources', 2, 'resources', 0]],
    ]);
  });

  it('kms without apiVersion is v1', () => {
    const c = config(`  - resources: [secrets]
    providers: [{ kms: { name: legacy, endpoint: "unix:///kms.sock", cachesize: 100 } }]
`);
    expect(c.storageOf(SECRETS).writer!.kms).toEqual({ name: 'legacy', apiVersion: 'v1' });
  });
});

describe('validation', () => {
  it('reports key lengths and encodings by key name, never the key', () => {
    const c = config(`  - resources: [secrets]
    providers:
      - secretbox: { keys: [{ name: short, secret: ${K16} }] }
      - aescbc: { keys: [{ name: ok, secret: ${K32} }, { name: bad64, secret: "not base64!" }, { name: nosecret }] }
      - aescbc: {}
      - identity: {}
        aesgcm: { keys: [{ name: x, secret: ${K16} }] }
`);
    expect(c.problems.map((p) => p.message)).toEqual([
      'secretbox key "short" is 16 bytes; secretbox takes 32 bytes',
      'aescbc key "bad64" is not valid base64',
      'aescbc key "nosecret" has no secret',
      'aescbc has no keys',
      'providers[3] names identity and aesgcm: one provider per list item',
    ]);
    expect(JSON.stringify(c.problems)).not.toContain(K16);
    expect(JSON.stringify(c.problems)).not.toContain('not base64!');
  });

  it('refuses overlapping and malformed resource names', () => {
    const c = config(`  - resources: [secrets, "*.", Secrets, "*", "deployments.*", "events.events.k8s.io", secrets]
    providers: [{ identity: {} }]
`);
    expect(c.problems.map((p) => p.message)).toEqual([
      'resource "Secrets" has capital letters',
      'resource "*" is not allowed: use "*." for the core group or "*.*" for everything',
      '"deployments.*": the same resource across groups cannot be encrypted',
      '"events.events.k8s.io": events.k8s.io objects are stored as "events"; name that instead',
      'the same resource is named twice in one resources list',
      'a resource and a wildcard that covers it are in the same resources list',
      // Within one list the API server adds resources one by one, so whatever "*." covers after it is masked.
      'resource "Secrets" is masked by the earlier "*." entry: kube-apiserver refuses to start',
      'resource "*" is masked by the earlier "*." entry: kube-apiserver refuses to start',
      'resource "secrets" is masked by the earlier "*." entry: kube-apiserver refuses to start',
    ]);
  });
});
