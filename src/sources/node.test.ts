import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNodeRoot, type NodeRoot } from '../../test/helpers/node-root.js';
import { isFileLocation, locate, nodeFileSpec, type KubeObject } from '../model/index.js';
import { loadNode } from './node.js';
import type { LoadResult } from './files.js';

let root: NodeRoot;
let loaded: LoadResult;
const file = (p: string) => loaded.objects.map(nodeFileSpec).find((s) => s?.path === p);
const objectsOfKind = (kind: string) => loaded.objects.filter((o) => o.kind === kind);
const where = (o: KubeObject, p: (string | number)[] = []) => {
  const loc = locate(o.source, p);
  return isFileLocation(loc) ? `${loc.file}:${loc.line}` : loc.ref;
};

beforeAll(() => {
  root = makeNodeRoot();
  // An absolute link, as kubelet-client-current.pem is on real nodes: it must resolve inside the root.
  symlinkSync('/etc/kubernetes/pki/front-proxy-ca.crt', path.join(root.dir, 'etc/kubernetes/pki/front-proxy-link.crt'));
  loaded = loadNode(root.dir, { cwd: root.dir });
});
afterAll(() => root?.cleanup());

describe('loadNode on a kubeadm-like node', () => {
  it('reads it without errors', () => {
    expect(loaded.errors).toEqual([]);
  });

  it('loads the static Pods, kubeconfigs, kubelet config and the config files the flags name', () => {
    expect(objectsOfKind('Pod').map((o) => `${o.name} ${where(o)}`)).toEqual([
      'etcd etc/kubernetes/manifests/etcd.yaml:1',
      'kube-apiserver etc/kubernetes/manifests/kube-apiserver.yaml:1',
      'kube-controller-manager etc/kubernetes/manifests/kube-controller-manager.yaml:1',
      'kube-scheduler etc/kubernetes/manifests/kube-scheduler.yaml:1',
    ]);
    expect(objectsOfKind('Config').map((o) => where(o))).toEqual([
      'etc/kubernetes/admin.conf:1', 'etc/kubernetes/controller-manager.conf:1', 'etc/kubernetes/kubelet.conf:1',
      'etc/kubernetes/scheduler.conf:1', 'etc/kubernetes/super-admin.conf:1',
    ]);
    expect(objectsOfKind('KubeletConfiguration').map((o) => where(o))).toEqual(['var/lib/kubelet/config.yaml:1']);
    expect(objectsOfKind('EncryptionConfiguration').map((o) => where(o))).toEqual(['etc/kubernetes/enc/encryption-config.yaml:1']);
    expect(objectsOfKind('Policy').map((o) => where(o))).toEqual(['etc/kubernetes/audit/policy.yaml:1']);
  });

  it('loads the etcd config file with its own line numbers, named by its node path', () => {
    const [etcd] = objectsOfKind('EtcdConfiguration');
    expect(etcd!.name).toBe('/etc/etcd/etcd.conf.yml');
    expect(etcd!.namespace).toBeUndefined();
    expect(where(etcd!, ['client-transport-security', 'client-cert-auth'])).toBe('etc/etcd/etcd.conf.yml:12');
    expect(where(etcd!, ['data-dir'])).toBe('etc/etcd/etcd.conf.yml:3');
  });

  it('records modes and owners as the node names them', () => {
    expect(file('/etc/kubernetes/admin.conf')).toMatchObject({ type: 'file', mode: '0644', owner: 'root', group: 'root' });
    expect(file('/etc/kubernetes/super-admin.conf')).toMatchObject({ mode: '0600' });
    expect(file('/var/lib/etcd')).toMatchObject({ type: 'directory', mode: '0700', owner: 'root' });
    expect(file('/etc/kubernetes/pki/etcd')).toMatchObject({ type: 'directory', mode: '0755' });
    expect(file('/etc/systemd/system/kubelet.service.d/10-kubeadm.conf')).toMatchObject({ mode: '0644' });
  });

  it('reads certificates (validity, fingerprint) and notes private keys without keeping them', () => {
    const ca = file('/etc/kubernetes/pki/ca.crt')!;
    expect(ca.certificates).toEqual([{
      subject: 'CN=kubernetes', issuer: 'CN=kubernetes', notBefore: '2024-01-01T00:00:00.000Z', notAfter: '2034-01-01T00:00:00.000Z',
      fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/), isCA: true,
    }]);
    expect(file('/etc/kubernetes/pki/etcd/ca-copy.crt')!.certificates![0]!.fingerprint256).toBe(ca.certificates![0]!.fingerprint256);
    expect(file('/etc/kubernetes/pki/apiserver.crt')!.certificates![0]).toMatchObject({ subject: 'CN=kube-apiserver', issuer: 'CN=kubernetes', notAfter: '2025-01-01T00:00:00.000Z', isCA: false });
    expect(file('/etc/kubernetes/pki/ca.key')).toMatchObject({ privateKey: true });
    expect(file('/etc/kubernetes/pki/ca.key')!.certificates).toBeUndefined();
    expect(JSON.stringify(loaded.objects.map((o) => o.raw))).not.toContain('Zml4dHVyZSBrZXk6IG5vdCBhIHJlYWwga2V5');
  });

  it('follows an absolute symbolic link inside the node root, not on this machine', () => {
    expect(file('/etc/kubernetes/pki/front-proxy-link.crt')!.certificates![0]!.subject).toBe('CN=front-proxy-ca');
  });

  it('maps flag paths through hostPath mounts, and records named files that are missing', () => {
    // --audit-log-path is under a hostPath mount; the log does not exist yet.
    expect(file('/var/log/kubernetes/audit/audit.log')).toEqual({ path: '/var/log/kubernetes/audit/audit.log', type: 'missing' });
    // The etcd config names its certificates, read by etcd through its own mounts.
    expect(file('/etc/kubernetes/pki/etcd/server.crt')!.certificates![0]!.subject).toBe('CN=cp1');
  });

  it('points every NodeFile at its file, line 1', () => {
    const admin = loaded.objects.find((o) => o.kind === 'NodeFile' && o.name === '/etc/kubernetes/admin.conf')!;
    expect(where(admin, ['spec', 'mode'])).toBe('etc/kubernetes/admin.conf:1');
  });
});

describe('loadNode: the kubelet command line', () => {
  it("reads kubeadm's drop-in and flags file into one KubeletFlags object, each argument pointing where it is written", () => {
    const [flags, ...more] = objectsOfKind('KubeletFlags');
    expect(more).toEqual([]);
    expect(flags!.namespace).toBeUndefined();
    expect((flags!.raw.spec as { args: unknown }).args).toEqual([
      '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
      '--kubeconfig=/etc/kubernetes/kubelet.conf',
      '--config=/var/lib/kubelet/config.yaml',
      '--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock',
      '--pod-infra-container-image=registry.k8s.io/pause:3.10',
    ]);
    const loc = locate(flags!.source, ['spec', 'args', 2]);
    // `Environment="KUBELET_CONFIG_ARGS=` takes columns 1-33 of line 3; no "rendered from".
    expect(loc).toEqual({ file: 'etc/systemd/system/kubelet.service.d/10-kubeadm.conf', line: 3, column: 34, endLine: 3, endColumn: 71 });
    expect(where(flags!, ['spec', 'args', 4])).toBe('var/lib/kubelet/kubeadm-flags.env:1');
    // Anything else points at the ExecStart that runs the kubelet.
    expect(where(flags!, ['spec'])).toBe('etc/systemd/system/kubelet.service.d/10-kubeadm.conf:7');
  });

  it('reads /etc/default/kubelet and extra drop-ins in name order; notes a unit that does not start a kubelet', () => {
    const scratch = makeNodeRoot();
    try {
      mkdirSync(path.join(scratch.dir, 'etc/default'));
      writeFileSync(path.join(scratch.dir, 'etc/default/kubelet'), '# extra flags\nKUBELET_EXTRA_ARGS="--read-only-port=10255 --anonymous-auth"\n');
      writeFileSync(path.join(scratch.dir, 'etc/systemd/system/kubelet.service.d/20-local.conf'), '[Service]\nEnvironment="KUBELET_EXTRA_ARGS=--read-only-port=1"\n');
      const r = loadNode(scratch.dir, { cwd: scratch.dir });
      const flags = r.objects.find((o) => o.kind === 'KubeletFlags')!;
      // EnvironmentFile settings override Environment= ones, whatever drop-in sets the latter.
      expect((flags.raw.spec as { args: string[] }).args.slice(5)).toEqual(['--read-only-port=10255', '--anonymous-auth']);
      const loc = locate(flags.source, ['spec', 'args', 6]);
      expect(loc).toMatchObject({ file: 'etc/default/kubelet', line: 2, column: 44 });
      expect(r.objects.some((o) => o.kind === 'NodeFile' && o.name === '/etc/systemd/system/kubelet.service.d/20-local.conf')).toBe(true);

      writeFileSync(path.join(scratch.dir, 'etc/systemd/system/kubelet.service.d/30-broken.conf'), '[Service]\nExecStart=\n');
      const broken = loadNode(scratch.dir, { cwd: scratch.dir });
      expect(broken.objects.filter((o) => o.kind === 'KubeletFlags')).toEqual([]);
      expect(broken.notes).toContainEqual({ file: 'etc/systemd/system/kubelet.service.d/10-kubeadm.conf', message: 'kubelet flags not read: the kubelet unit has no ExecStart' });
    } finally {
      scratch.cleanup();
    }
  });
});

describe('loadNode errors', () => {
  it('says when the root does not exist, in one line', () => {
    const r = loadNode('/no/such/node-root', { cwd: '/tmp' });
    expect(r.objects).toEqual([]);
    expect(r.errors).toEqual([{ file: '/no/such/node-root', message: 'cannot read the node root: no such file or directory' }]);
  });
});
