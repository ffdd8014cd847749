import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNodeRoot, type NodeRoot } from '../helpers/node-root.js';
import { kubeward, parseJsonReport, REPO, requireBuiltCli, type JsonReport } from './run-cli.js';

/** This issue's rules: the control-plane, etcd and encryption ones (other rules run too, and are left out here). */
const MINE = /^(etcd-|encryption-|apiserver-|kubelet-|controller-manager-|scheduler-)/;
const mine = (report: JsonReport) =>
  report.findings.filter((f) => MINE.test(f.ruleId)).map((f) => `${f.ruleId} ${'file' in f.location ? `${f.location.file}:${f.location.line}` : f.location.ref}`);

let node: NodeRoot;
beforeAll(() => {
  requireBuiltCli();
  node = makeNodeRoot();
});
afterAll(() => node?.cleanup());

describe('kubeward scan of a cluster dump (mirror Pods, kubelet-config ConfigMap)', () => {
  const dump = 'test/fixtures/cluster-dump/kubeadm';
  const PODS = `${dump}/kube-system-pods.yaml`;

  it('reports each flag at its line in the kubectl List, the --peer-auto-tls flag only as peer auto-TLS', () => {
    const r = kubeward(['scan', dump, '-o', 'json'], { cwd: REPO });
    expect(r.status, r.stderr).toBe(1);
    const report = parseJsonReport(r);
    expect(mine(report)).toEqual([
      `etcd-no-plaintext-client-url ${PODS}:33`,
      `etcd-no-peer-auto-tls ${PODS}:36`,
      // Missing flags point at the command list of the container.
      `apiserver-anonymous-auth-disabled ${PODS}:63`,
      `apiserver-audit-logging ${PODS}:63`,
      `apiserver-audit-logging ${PODS}:63`,
      `apiserver-kubelet-certificate-authority ${PODS}:63`,
      `apiserver-profiling-disabled ${PODS}:63`,
      `apiserver-service-account-extend-token-expiration ${PODS}:63`,
      `apiserver-strong-cipher-suites ${PODS}:63`,
      `encryption-provider-config-set ${PODS}:63`,
      `apiserver-always-pull-images ${PODS}:69`,
      `controller-manager-profiling-disabled ${PODS}:98`,
      `scheduler-bind-address ${PODS}:117`,
      `scheduler-profiling-disabled ${PODS}:117`,
      `kubelet-anonymous-auth-disabled ${dump}/kubelet-config.yaml:4`,
    ]);
    const plain = report.findings.find((f) => f.ruleId === 'etcd-no-plaintext-client-url')!;
    expect(plain).toMatchObject({
      severity: 'critical',
      message: 'etcd in Pod/kube-system/etcd-cp1 serves clients over plain HTTP on http://10.0.0.10:2379 (--listen-client-urls).',
      path: 'spec.containers[0].command[7]',
    });
    // What needs the node's files is said, not guessed.
    expect(report.notAssessed.filter((n) => MINE.test((n as { ruleId?: string }).ruleId ?? ''))).toContainEqual({
      area: 'etcd', ruleId: 'etcd-data-dir-permissions', reason: "etcd in Pod/kube-system/etcd-cp1: the data directory's mode needs the node's files (kubeward scan --node)",
    });
  });

  it('on EKS the control plane is managed by the provider: not assessed, no findings', () => {
    const r = kubeward(['scan', 'test/fixtures/cluster-dump/eks', '-o', 'json'], { cwd: REPO });
    const report = parseJsonReport(r);
    expect(mine(report)).toEqual([]);
    const reasons = (report.notAssessed as { ruleId?: string; reason: string }[]).filter((n) => MINE.test(n.ruleId ?? ''));
    expect(reasons.length).toBeGreaterThan(20);
    expect(reasons.every((n) => n.reason.startsWith('managed by the provider (EKS): '))).toBe(true);
    expect(reasons.find((n) => n.ruleId === 'apiserver-no-always-allow-authorization')!.reason).toBe(
      'managed by the provider (EKS): kube-apiserver is not visible (Node/ip-10-0-1-23.eu-west-1.compute.internal has label eks.amazonaws.com/capacityType)',
    );
  });
});

describe('kubeward scan --node --root (a kubeadm-like node)', () => {
  it('reads the node and reports files, certificates, config files and flags', () => {
    const r = kubeward(['scan', '--node', '--root', '.', '-o', 'json'], { cwd: node.dir });
    expect(r.status, r.stderr).toBe(1);
    const report = parseJsonReport(r);
    expect(report.errors).toEqual([]);
    expect(mine(report)).toEqual([
      // etcd reads its config file only (its --client-cert-auth=false flag is ignored); it trusts a copy of the cluster CA.
      'etcd-dedicated-ca etc/etcd/etcd.conf.yml:13',
      'apiserver-admin-kubeconfig-permissions etc/kubernetes/admin.conf:1',
      'controller-manager-file-permissions etc/kubernetes/controller-manager.conf:1',
      'encryption-other-resources etc/kubernetes/enc/encryption-config.yaml:3',
      'encryption-secrets-at-rest etc/kubernetes/enc/encryption-config.yaml:8',
      'apiserver-pki-certificate-expiry etc/kubernetes/pki/apiserver.crt:1',
      'apiserver-pki-permissions etc/kubernetes/pki/ca.key:1',
      'kubelet-file-permissions etc/systemd/system/kubelet.service.d/10-kubeadm.conf:1',
      'etcd-data-dir-ownership var/lib/etcd:1',
      'kubelet-read-only-port-disabled var/lib/kubelet/config.yaml:17',
    ]);
    const byRule = (id: string) => report.findings.find((f) => f.ruleId === id)!;
    expect(byRule('etcd-dedicated-ca').message).toBe(
      'etcd in Pod/kube-system/etcd trusts /etc/kubernetes/pki/etcd/ca-copy.crt, which holds the same CA certificate (CN=kubernetes) as /etc/kubernetes/pki/ca.crt, the --client-ca-file of kube-apiserver in Pod/kube-system/kube-apiserver.',
    );
    expect(byRule('apiserver-pki-certificate-expiry').message).toBe('/etc/kubernetes/pki/apiserver.crt: certificate CN=kube-apiserver expired on 2025-01-01.');
    expect(byRule('apiserver-pki-permissions')).toMatchObject({ severity: 'high', object: { kind: 'NodeFile', name: '/etc/kubernetes/pki/ca.key' } });
    expect(byRule('encryption-secrets-at-rest').message).toBe('Secrets are written in plaintext: the first provider for them is identity (aescbc after it only decrypt data already stored).');
    // No key material from the encryption config or the PKI reaches the report.
    expect(r.stdout).not.toContain('Zml4dHVyZSBrZXk6IG5vdCBhIHJlYWwgb25lIDEyMzQ=');
    expect(r.stdout).not.toContain('Zml4dHVyZSBrZXk6IG5vdCBhIHJlYWwga2V5');
  });

  it('text output names the node files, clickable', () => {
    const r = kubeward(['scan', '--node', '--root', '.', '--only', 'etcd'], { cwd: node.dir });
    expect(r.stdout).toContain('etc/etcd/etcd.conf.yml:13:3 high etcd-dedicated-ca');
    expect(r.stdout).toContain('var/lib/etcd:1:1 low etcd-data-dir-ownership');
  });

  it('usage: --root needs --node; a missing root is an error (exit 2)', () => {
    const a = kubeward(['scan', '--root', '.'], { cwd: node.dir });
    expect(a.status).toBe(2);
    expect(a.stderr).toBe('kubeward: --root needs --node\n');
    const b = kubeward(['scan', '--node', '--root', 'no-such-root', '-o', 'json'], { cwd: node.dir });
    expect(b.status).toBe(2);
    expect(parseJsonReport(b).errors).toEqual([{ file: 'no-such-root', message: 'cannot read the node root: no such file or directory' }]);
  });
});
