import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNodeRoot, type NodeRoot } from '../helpers/node-root.js';
import { kubeward, parseJsonReport, requireBuiltCli, type JsonReport } from './run-cli.js';

const kubelet = (report: JsonReport) =>
  report.findings.filter((f) => f.ruleId.startsWith('kubelet-') && f.ruleId !== 'kubelet-file-permissions')
    .map((f) => `${f.ruleId} ${'file' in f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : f.location.ref}`);

let node: NodeRoot;
beforeAll(() => {
  requireBuiltCli();
  node = makeNodeRoot();
  mkdirSync(path.join(node.dir, 'etc/default'));
  // Debian's place for extra kubelet flags, read through kubeadm's drop-in (EnvironmentFile=-/etc/default/kubelet).
  writeFileSync(path.join(node.dir, 'etc/default/kubelet'), [
    '# Extra flags for the kubelet',
    'KUBELET_EXTRA_ARGS="--anonymous-auth=true --authorization-mode=AlwaysAllow \\',
    '  --read-only-port=0 --streaming-connection-idle-timeout=0 --bootstrap-token=abcdef.0123456789abcdef"',
    '',
  ].join('\n'));
});
afterAll(() => node?.cleanup());

describe('kubeward scan --node --root: kubelet flags override its config file', () => {
  it('reports the flags where they are written, and no longer the settings they override', () => {
    const r = kubeward(['scan', '--node', '--root', '.', '-o', 'json'], { cwd: node.dir });
    expect(r.status, r.stderr).toBe(1);
    const report = parseJsonReport(r);
    expect(report.errors).toEqual([]);
    // config.yaml:17 sets readOnlyPort: 10255, overridden by --read-only-port=0: no finding there.
    expect(kubelet(report)).toEqual([
      'kubelet-anonymous-auth-disabled etc/default/kubelet:2:21',
      'kubelet-authorization-mode-webhook etc/default/kubelet:2:43',
      'kubelet-streaming-connection-idle-timeout etc/default/kubelet:3:22',
    ]);
    const anon = report.findings.find((f) => f.ruleId === 'kubelet-anonymous-auth-disabled')!;
    expect(anon.message).toBe('KubeletConfiguration serves anonymous requests: authentication.anonymous.enabled is true (--anonymous-auth).');
    expect(anon.object).toMatchObject({ kind: 'KubeletFlags', name: 'kubelet' });
    // Flags may hold secrets: the bootstrap token never reaches the report.
    expect(r.stdout).not.toContain('0123456789abcdef');
  });

  it('text output points at the flag, without "rendered from"', () => {
    const r = kubeward(['scan', '--node', '--root', '.', '--only', 'kubelet-read-only-port-disabled,kubelet-authorization-mode-webhook'], { cwd: node.dir });
    expect(r.stdout).toContain('etc/default/kubelet:2:43 critical kubelet-authorization-mode-webhook');
    expect(r.stdout).not.toContain('rendered from');
    expect(r.stdout).not.toContain('kubelet-read-only-port-disabled');
    expect(r.stdout).not.toContain('0123456789abcdef');
  });
});
