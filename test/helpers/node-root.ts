/**
 * A scratch copy of test/fixtures/node-root, the filesystem of a kubeadm-like control-plane node,
 * with the modes the tests expect (git keeps no modes) and ownership that reads as root:root
 * whoever runs the tests: the copy's /etc/passwd and /etc/group name the runner's uid and gid root.
 */
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_ROOT_FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/node-root');

/** Modes that differ from the default (0600 for files, 0755 for folders): each one a deliberate finding or a CIS-compliant 644. */
export const NODE_ROOT_MODES: Record<string, number> = {
  'etc/passwd': 0o644,
  'etc/group': 0o644,
  // Certificates may be 644 (CIS 1.1.20).
  'etc/kubernetes/pki/ca.crt': 0o644,
  'etc/kubernetes/pki/apiserver.crt': 0o644,
  'etc/kubernetes/pki/etcd/ca.crt': 0o644,
  // Findings: a readable CA key, a readable admin kubeconfig and controller-manager.conf, the kubelet drop-in as kubeadm ships it.
  'etc/kubernetes/pki/ca.key': 0o644,
  'etc/kubernetes/admin.conf': 0o644,
  'etc/kubernetes/controller-manager.conf': 0o644,
  'etc/systemd/system/kubelet.service.d/10-kubeadm.conf': 0o644,
  'var/lib/etcd': 0o700,
  'var/lib/etcd/member': 0o700,
};

export interface NodeRoot {
  dir: string;
  cleanup(): void;
}

/** Copies the fixture to a temp folder and sets modes and owner names; the caller cleans up. */
export function makeNodeRoot(): NodeRoot {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubeward-node-root-'));
  cpSync(NODE_ROOT_FIXTURE, dir, { recursive: true });
  const setModes = (rel: string) => {
    const abs = path.join(dir, rel);
    const isDir = statSync(abs).isDirectory();
    chmodSync(abs, NODE_ROOT_MODES[rel] ?? (isDir ? 0o755 : 0o600));
    if (isDir) for (const entry of readdirSync(abs)) setModes(rel === '' ? entry : `${rel}/${entry}`);
  };
  setModes('');
  chmodSync(dir, 0o755);
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  if (uid !== 0) appendLine(path.join(dir, 'etc/passwd'), `root:x:${uid}:${gid}:test runner as root:/root:/bin/sh`);
  if (gid !== 0) appendLine(path.join(dir, 'etc/group'), `root:x:${gid}:`);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function appendLine(file: string, line: string): void {
  writeFileSync(file, `${readFileSync(file, 'utf8')}${line}\n`);
}
