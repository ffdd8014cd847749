import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultKubeconfigPaths, loadKubeconfigs } from './kubeconfig.js';

describe('defaultKubeconfigPaths', () => {
  it('splits KUBECONFIG, skipping empty entries and repeats', () => {
    expect(defaultKubeconfigPaths({ KUBECONFIG: '/a::/b:/a' }, '/home/u', ':')).toEqual(['/a', '/b']);
    expect(defaultKubeconfigPaths({ KUBECONFIG: 'C:\\a;D:\\b' }, undefined, ';')).toEqual(['C:\\a', 'D:\\b']);
  });

  it('falls back to ~/.kube/config', () => {
    expect(defaultKubeconfigPaths({}, '/home/u', ':')).toEqual([path.join('/home/u', '.kube', 'config')]);
    expect(defaultKubeconfigPaths({ KUBECONFIG: '' }, '/home/u', ':')).toEqual([path.join('/home/u', '.kube', 'config')]);
    expect(defaultKubeconfigPaths({}, undefined, ':')).toEqual([]);
  });
});

describe('loadKubeconfigs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubeward-kubeconfig-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string, mode: number): string => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    chmodSync(p, mode);
    return p;
  };

  write('client.crt', '-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n', 0o644);
  write('client.key', 'KEY', 0o640);
  write('config', `apiVersion: v1
kind: Config
users:
  - name: u
    user:
      client-certificate: client.crt
      client-key: client.key
      tokenFile: missing-token
`, 0o604);
  write('not-a-kubeconfig.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', 0o600);

  it('reads objects, permissions, and the files users reference relative to the kubeconfig', () => {
    const r = loadKubeconfigs(['config'], { cwd: dir, platform: 'linux' });
    expect(r.errors).toEqual([]);
    expect(r.files).toEqual(['config']);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]!.name).toBe('config');
    expect(r.objects[0]!.namespace).toBeUndefined();
    expect(r.modes).toEqual({ config: 0o604 });
    expect(r.referenced).toEqual({
      'config\u0000client.crt': { mode: 0o644, certificate: '-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n' },
      'config\u0000client.key': { mode: 0o640 },
      'config\u0000missing-token': { error: 'no such file' },
    });
  });

  it('never reads a referenced key', () => {
    const r = loadKubeconfigs(['config'], { cwd: dir, platform: 'linux' });
    expect(JSON.stringify(r.referenced)).not.toContain('KEY');
  });

  it('reports missing files and files that are not kubeconfigs', () => {
    const r = loadKubeconfigs(['nope', 'not-a-kubeconfig.yaml'], { cwd: dir });
    expect(r.errors).toEqual([
      { file: 'nope', message: 'cannot read kubeconfig: no such file' },
      { file: 'not-a-kubeconfig.yaml', message: 'not a kubeconfig: no document with apiVersion: v1 and kind: Config' },
    ]);
    expect(loadKubeconfigs(['nope'], { cwd: dir, skipMissing: true }).notes).toEqual([{ file: 'nope', message: 'no such file; skipped, as kubectl does' }]);
  });

  it('keeps no permissions on Windows', () => {
    expect(loadKubeconfigs(['config'], { cwd: dir, platform: 'win32' }).modes).toEqual({});
  });
});
