/**
 * `kubeward netpol` and the network rules, end to end on the shop example: the built CLI as a
 * process, its output and exit codes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReachability, toConnectionsJson } from '../../src/analysis/analyzers/reachability/index.js';
import { ObjectSet } from '../../src/model/index.js';
import { loadPaths } from '../../src/sources/index.js';
import { findingKeys, kubeward, parseJsonReport, REPO, requireBuiltCli } from './run-cli.js';

let scratch: string;
beforeAll(() => {
  requireBuiltCli();
  scratch = mkdtempSync(path.join(tmpdir(), 'kubeward-e2e-netpol-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = (args: string[]) => kubeward(args, { cwd: REPO });
const HARDENED = 'examples/shop/hardened';
const INSECURE = 'examples/shop/insecure';
const ADDONS = 'test/fixtures/network';
const INTENTS = 'examples/shop/intents.yaml';
const NP = 'examples/shop/hardened/network-policies.yaml';

interface JsonConnection {
  from: { type: string; namespace?: string; name?: string; kind?: string; cidrs?: string[] };
  to: { type: string; namespace?: string; name?: string; kind?: string; cidrs?: string[] };
  allowed: { all: boolean; protocols?: Record<string, [number, number][]> };
}

const name = (p: JsonConnection['from']) => (p.type === 'workload' ? `${p.namespace}/${p.name}` : p.cidrs!.join(' '));

describe('kubeward netpol', () => {
  it('lists its commands with --help, and refuses unknown ones', () => {
    const help = run(['netpol', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kubeward netpol <command>/);
    expect(help.stdout).toContain('  test INTENTS [paths...]');
    const none = run(['netpol']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^Usage: kubeward netpol <command>/);
    const bad = run(['netpol', 'graph']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('kubeward: unknown netpol command "graph": connections, explain or test\n');
    expect(run(['--help']).stdout).toContain('  netpol connections|explain|test [paths...]');
  });

  it('an unreadable path exits 2 after the output', () => {
    const r = run(['netpol', 'connections', HARDENED, 'no-such-dir']);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('shop/frontend  shop/backend  TCP 8080');
    expect(r.stderr).toBe('kubeward: no-such-dir: cannot read: no such file or directory\n');
  });
});

describe('kubeward netpol connections', () => {
  it('-o json: the documented schema, byte for byte what toConnectionsJson writes', () => {
    const r = run(['netpol', 'connections', HARDENED, ADDONS, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const set = new ObjectSet(loadPaths([HARDENED, ADDONS], { cwd: REPO }).objects);
    expect(r.stdout).toBe(`${toConnectionsJson(computeReachability(set))}\n`);
    const doc = JSON.parse(r.stdout) as { schemaVersion: number; connections: JsonConnection[]; notes: string[] };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.notes).toEqual([]);
    // Read off the manifests: frontend may only call backend's `http` (8080) and DNS, backend only
    // db's `postgres` (5432) and DNS, db only DNS; the ingress controller reaches frontend's `http`.
    const shop = Object.fromEntries(doc.connections
      .filter((c) => c.from.namespace === 'shop' || c.to.namespace === 'shop')
      .map((c) => [`${name(c.from)} -> ${name(c.to)}`, c.allowed]));
    const dns = { all: false, protocols: { TCP: [[53, 53]], UDP: [[53, 53]] } };
    expect(shop).toEqual({
      'ingress-nginx/ingress-nginx-controller -> shop/frontend': { all: false, protocols: { TCP: [[8080, 8080]] } },
      'shop/backend -> kube-system/coredns': dns,
      'shop/backend -> shop/db': { all: false, protocols: { TCP: [[5432, 5432]] } },
      'shop/db -> kube-system/coredns': dns,
      'shop/frontend -> kube-system/coredns': dns,
      'shop/frontend -> shop/backend': { all: false, protocols: { TCP: [[8080, 8080]] } },
    });
    expect(doc.connections[0]).toEqual({
      from: { type: 'workload', namespace: 'ingress-nginx', name: 'ingress-nginx-controller', kind: 'Deployment' },
      to: { type: 'workload', namespace: 'ingress-nginx', name: 'ingress-nginx-controller', kind: 'Deployment' },
      allowed: { all: true },
    });
  });

  it('text: one row per connection, ports as ranges per protocol', () => {
    const r = run(['netpol', 'connections', HARDENED]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe([
      'FROM           TO            ALLOWED',
      'shop/backend   shop/db       TCP 5432',
      'shop/frontend  shop/backend  TCP 8080',
      '',
      '2 connections among 3 workloads and external addresses.',
      '',
    ].join('\n'));
  });

  it('text: everything open, and the hostNetwork note, on insecure', () => {
    const r = run(['netpol', 'connections', INSECURE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^shop\/frontend +shop\/db +all ports$/m);
    expect(r.stdout).toMatch(/^0\.0\.0\.0\/0 ::\/0 +shop\/db +all ports$/m);
    expect(r.stdout).toContain('hostNetwork workloads (StatefulSet/shop/db) are not governed by NetworkPolicy');
  });

  it('-o dot: a digraph with a cluster per namespace and labelled edges', () => {
    const r = run(['netpol', 'connections', HARDENED, '-o', 'dot']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe([
      'digraph connections {',
      '  rankdir=LR;',
      '  node [shape=box, fontname="Helvetica"];',
      '  edge [fontname="Helvetica", fontsize=10];',
      '  subgraph cluster_0 {',
      '    label="shop";',
      '    w0 [label="backend\\nDeployment"];',
      '    w1 [label="db\\nStatefulSet"];',
      '    w2 [label="frontend\\nDeployment"];',
      '  }',
      '  w0 -> w1 [label="TCP 5432"];',
      '  w2 -> w0 [label="TCP 8080"];',
      '}',
      '',
    ].join('\n'));
  });

  const hasDot = spawnSync('dot', ['-V']).status === 0;
  it.skipIf(!hasDot)('-o dot: Graphviz accepts it (when installed)', () => {
    const r = run(['netpol', 'connections', HARDENED, ADDONS, INSECURE, '-o', 'dot']);
    const dot = spawnSync('dot', ['-Tplain'], { input: r.stdout, encoding: 'utf8' });
    expect(dot.stderr).toBe('');
    expect(dot.status).toBe(0);
    expect(dot.stdout).toMatch(/^edge w\d+ w\d+ .*"TCP 8080"/m);
  });

  it('-o mermaid: a flowchart with a subgraph per namespace and external ranges as stadiums', () => {
    const r = run(['netpol', 'connections', INSECURE, '-o', 'mermaid']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  subgraph ns1["shop"]');
    expect(lines).toContain('    w2["db<br/>StatefulSet"]');
    expect(lines).toContain('  x4(["0.0.0.0/0<br/>::/0"])');
    expect(lines).toContain('  w3 -->|"all ports"| w2');
  });

  it('a bad -o is a usage error', () => {
    const r = run(['netpol', 'connections', HARDENED, '-o', 'svg']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kubeward: --output must be one of text, json, dot, mermaid (got "svg")\n');
  });
});

describe('kubeward netpol explain', () => {
  it('frontend -> db:5432 is denied on both sides, with every deciding policy and its line (exit 1)', () => {
    const r = run(['netpol', 'explain', '--from', 'shop/frontend', '--to', 'shop/db', '--port', '5432/TCP', HARDENED]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('shop/frontend (Deployment) -> shop/db (StatefulSet) on 5432/TCP: DENIED');
    expect(r.stdout).toContain('Egress at shop/frontend (Deployment): deny (decided by NetworkPolicy)');
    expect(r.stdout).toContain(`    NetworkPolicy shop/frontend  ${NP}:33`);
    expect(r.stdout).toContain('Ingress at shop/db (StatefulSet): deny (decided by NetworkPolicy)');
    expect(r.stdout).toContain(`    NetworkPolicy shop/db  ${NP}:87`);
  });

  it('-o json: the rules that allow, with file and line (exit 0)', () => {
    const r = run(['netpol', 'explain', '--from', 'shop/frontend', '--to', 'shop/backend', '--port', '8080', HARDENED, '-o', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { egress: { rules: unknown[] }; ingress: { rules: unknown[]; policies: unknown[] } };
    expect(out).toMatchObject({ schemaVersion: 1, allowed: true, port: { port: 8080, protocol: 'TCP' } });
    expect(out.egress.rules).toEqual([{ kind: 'NetworkPolicy', namespace: 'shop', name: 'frontend', direction: 'egress', index: 0, file: NP, line: 52 }]);
    expect(out.ingress.rules).toEqual([{ kind: 'NetworkPolicy', namespace: 'shop', name: 'backend', direction: 'ingress', index: 0, file: NP, line: 71 }]);
    expect(out.ingress.policies).toEqual([
      { kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny', file: NP, line: 2 },
      { kind: 'NetworkPolicy', namespace: 'shop', name: 'backend', file: NP, line: 60 },
    ]);
  });

  it('an AdminNetworkPolicy decides before NetworkPolicies, and its rule is located', () => {
    const file = path.join(scratch, 'anp.yaml');
    writeFileSync(file, `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: freeze-db
spec:
  priority: 10
  subject:
    pods:
      namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: shop
      podSelector:
        matchLabels:
          app: db
  ingress:
    - name: nobody
      action: Deny
      from:
        - namespaces: {}
`);
    const r = run(['netpol', 'explain', '--from', 'shop/backend', '--to', 'shop/db', '--port', '5432', HARDENED, file, '-o', 'json']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { egress: { decision: string }; ingress: Record<string, unknown> };
    expect(out.egress.decision).toBe('allow');
    expect(out.ingress).toEqual({
      decision: 'deny', tier: 'ANP',
      rules: [{ kind: 'AdminNetworkPolicy', name: 'freeze-db', direction: 'ingress', index: 0, ruleName: 'nobody', action: 'Deny', file, line: 16 }],
      policies: [{ kind: 'AdminNetworkPolicy', name: 'freeze-db', file, line: 1 }],
      reason: 'AdminNetworkPolicy freeze-db ingress rule 0 "nobody" (Deny) matches first.',
    });
  });

  it('an external address as the source', () => {
    const r = run(['netpol', 'explain', '--from', '203.0.113.9', '--to', 'shop/frontend', '--port', '8080/TCP', HARDENED]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('203.0.113.9/32 -> shop/frontend (Deployment) on 8080/TCP: DENIED');
    expect(r.stdout).toContain('the source is outside the cluster: no egress policy applies.');
  });

  it.each([
    [['--from', 'shop/nope', '--to', 'shop/db', '--port', '5432'], 'kubeward: from: no workload shop/nope in the input.\n'],
    [['--from', 'shop/frontend', '--to', 'shop/db'], 'kubeward: netpol explain needs --from, --to and --port (e.g. --from shop/frontend --to shop/db --port 5432/TCP)\n'],
    [['--from', 'shop/frontend', '--to', 'shop/db', '--port', '5432/ICMP'], 'kubeward: --port: protocol must be TCP, UDP or SCTP (got "ICMP")\n'],
    [['--from', 'frontend', '--to', 'shop/db', '--port', '1'], 'kubeward: --from must be namespace/name, Kind/namespace/name, or an IP address or CIDR (got "frontend")\n'],
    [['--from', '10.0.0.0/8', '--to', '1.1.1.1', '--port', '1'], 'kubeward: netpol explain: --from and --to cannot both be addresses; one must be a workload\n'],
  ])('%j exits 2 with one line', (args, stderr) => {
    const r = run(['netpol', 'explain', ...args, HARDENED]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(stderr);
  });
});

describe('kubeward netpol test', () => {
  it('the shop intents hold on hardened (exit 0), each with its line', () => {
    const r = run(['netpol', 'test', INTENTS, HARDENED]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 8).map((l) => l.replace(/\s+/g, ' '))).toEqual([
      `PASS ${INTENTS}:9 frontend reaches backend on 8080`,
      `PASS ${INTENTS}:15 backend reaches db on 5432`,
      `PASS ${INTENTS}:21 frontend must not reach db`,
      `PASS ${INTENTS}:27 frontend must not reach db on any port`,
      `PASS ${INTENTS}:32 nothing but backend reaches db`,
      `PASS ${INTENTS}:43 db reaches nothing outside the cluster`,
      `PASS ${INTENTS}:48 the internet cannot reach db`,
      `PASS ${INTENTS}:53 backend cannot call out to the internet`,
    ]);
    expect(lines.at(-1)).toBe('8 intents: 8 passed, 0 failed.');
  });

  it('they fail on insecure (exit 1), with the offending connections and why', () => {
    const r = run(['netpol', 'test', INTENTS, INSECURE, '-o', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { results: { name: string; line: number; status: string; details: string[] }[]; summary: unknown };
    expect(report.results.map((x) => `${x.line} ${x.status}`)).toEqual([
      '9 pass', '15 pass', '21 fail', '27 fail', '32 fail', '43 fail', '48 fail', '53 fail',
    ]);
    expect(report.summary).toEqual({ passed: 2, failed: 6, errors: 0 });
    const noDb = report.results.find((x) => x.line === 21)!;
    expect(noDb.details).toEqual([
      'shop/frontend -> shop/db 5432/TCP: allowed',
      '  egress: no NetworkPolicy selects the pod for egress and no baseline rule matches: allowed by default',
      '  ingress: hostNetwork pods are not governed by network policy; treated as unrestricted',
    ]);
    expect(report.results.find((x) => x.line === 43)!.details[0]).toBe('shop/db -> 0.0.0.0/0: allowed to 0.0.0.0/0 on all ports');
  });

  it('a failure names the rule that allows it, with its line', () => {
    const file = path.join(scratch, 'intents.yaml');
    writeFileSync(file, `apiVersion: kubeward.io/v1alpha1
kind: NetworkIntents
intents:
  - from: shop/frontend
    to: shop/backend
    port: 8080
    expect: deny
  - from: { namespace: shop }
    to: { namespace: kube-system }
    port: 53/UDP
    expect: allow
`);
    const r = run(['netpol', 'test', file, HARDENED, ADDONS]);
    expect(r.status).toBe(1);
    const shown = file; // outside the working folder: shown absolute
    expect(r.stdout).toContain(`FAIL  ${shown}:4  shop/frontend -> shop/backend on 8080/TCP: deny\n`);
    expect(r.stdout).toContain(`  egress: allowed by NetworkPolicy shop/frontend egress rule 0 [NetworkPolicy shop/frontend egress rule 0 (${NP}:52)]`);
    expect(r.stdout).toContain(`PASS  ${shown}:8  namespace shop -> namespace kube-system on 53/UDP: allow\n`);
  });

  it('address ranges: allowed for part of a range is not allowed for the range', () => {
    const manifests = path.join(scratch, 'ranges.yaml');
    writeFileSync(manifests, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: t
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: out
  namespace: t
spec:
  podSelector: {}
  policyTypes: ["Egress"]
  egress:
    - to:
        - ipBlock:
            cidr: 203.0.113.0/24
      ports:
        - port: 443
`);
    const intents = path.join(scratch, 'ranges-intents.yaml');
    writeFileSync(intents, `apiVersion: kubeward.io/v1alpha1
kind: NetworkIntents
intents:
  - { from: t/web, to: 0.0.0.0/0, port: 443, expect: allow }
  - { from: t/web, to: 203.0.113.0/24, port: 443, expect: allow }
  - { from: t/web, to: 203.0.113.128/25, expect: allow }
  - { from: t/web, to: 198.51.100.0/24, expect: deny }
  - { from: t/web, to: 0.0.0.0/0, expect: allow }
  - { from: t/web, to: 0.0.0.0/0, expect: deny }
`);
    const r = run(['netpol', 'test', intents, manifests, '-o', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { results: { status: string; details: string[] }[] };
    expect(report.results.map((x) => x.status)).toEqual(['fail', 'pass', 'pass', 'pass', 'fail', 'fail']);
    expect(report.results[0]!.details[0]).toBe('t/web -> 0.0.0.0/0 443/TCP: allowed only for some of the pods or addresses');
    expect(report.results[0]!.details[1]).toMatch(/^ {2}Only some combinations allow it: allowed for .*203\.0\.113\.0\/24; denied for /);
    expect(report.results[4]!.details).toEqual(['t/web -> 0.0.0.0/0: nothing is allowed to 0.0.0.0/1, 128.0.0.0/2, 192.0.0.0/5, 200.0.0.0/7 and 20 more ranges']);
    expect(report.results[5]!.details[0]).toBe('t/web -> 0.0.0.0/0: allowed to 203.0.113.0/24 on TCP 443');
  });

  it('mistakes in the intents file exit 2, each with its line; the valid intents still run', () => {
    const file = path.join(scratch, 'bad.yaml');
    writeFileSync(file, `apiVersion: kubeward.io/v1alpha1
kind: NetworkIntents
intents:
  - from: shop/frontend
    to: shop/db
    expected: deny
  - from: shop/frontend
    to: shop/nope
    expect: deny
  - from: shop/frontend
    to: shop/db
    port: 99999
    expect: deny
  - from: shop/frontend
    to: shop/db
    expect: deny
`);
    const r = run(['netpol', 'test', file, HARDENED]);
    expect(r.status).toBe(2);
    const shown = file; // outside the working folder: shown absolute
    expect(r.stdout).toContain(`ERROR ${shown}:7   shop/frontend -> shop/nope on any port: deny\n        no workload shop/nope in the input\n`);
    expect(r.stdout).toContain(`PASS  ${shown}:14  shop/frontend -> shop/db on any port: deny\n`);
    expect(r.stdout).toContain(`error: ${shown}:6:5: intent 1: unknown key "expected"; the keys are name, from, to, port, expect\n`);
    expect(r.stdout).toContain(`error: ${shown}:12:5: intent 3: port must be from 1 to 65535, not 99999\n`);
    expect(r.stdout).toContain('2 intents: 1 passed, 0 failed, 3 errors.');
  });

  it('an intents file that is not one exits 2', () => {
    const r = run(['netpol', 'test', 'examples/shop/hardened/backend.yaml', HARDENED]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('error: examples/shop/hardened/backend.yaml:2:1: expected apiVersion: kubeward.io/v1alpha1 and kind: NetworkIntents, not apps/v1 Deployment');
    const missing = run(['netpol', 'test', 'nope.yaml', HARDENED]);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('error: nope.yaml: cannot read the intents file: no such file');
    const none = run(['netpol', 'test']);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('kubeward: usage: kubeward netpol test INTENTS [paths...] (see docs/intents.md)\n');
  });
});

describe('the network rules on the shop example', () => {
  it('hardened: no network finding; the CNI is not assessed rather than guessed', () => {
    const r = run(['scan', HARDENED, '--only', 'network', '-o', 'json']);
    const report = parseJsonReport(r);
    expect(report.findings).toEqual([]);
    expect(r.status).toBe(0);
    expect(report.notAssessed).toEqual([expect.objectContaining({ area: 'network', ruleId: 'cni-enforces-network-policy' })]);
  });

  it('insecure: no default deny, unprotected workloads, a database open to the world', () => {
    const r = run(['scan', INSECURE, '--only', 'network', '-o', 'json']);
    expect(r.status).toBe(1);
    // debug-pod.yaml (the default namespace) belongs to other examples; the shop files are what is checked here.
    const keys = findingKeys(parseJsonReport(r)).filter((k) => !k.includes('debug-pod.yaml'));
    expect(keys).toEqual([
      'workload-network-isolated examples/shop/insecure/backend.yaml:15',
      'no-cross-namespace-database-access examples/shop/insecure/database.yaml:23',
      'no-cross-namespace-database-access examples/shop/insecure/database.yaml:23',
      'workload-network-isolated examples/shop/insecure/frontend.yaml:16',
      'namespace-default-deny examples/shop/insecure/namespace.yaml:1',
    ]);
  });

  it('the CNI rule reports Flannel when it is all there is', () => {
    const file = path.join(scratch, 'flannel.yaml');
    writeFileSync(file, `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-flannel-ds
  namespace: kube-flannel
spec:
  selector:
    matchLabels:
      app: flannel
  template:
    metadata:
      labels:
        app: flannel
    spec:
      containers:
        - name: kube-flannel
          image: docker.io/flannel/flannel:v0.25.6
`);
    const r = run(['scan', HARDENED, file, '--only', 'cni-enforces-network-policy', '-o', 'json']);
    expect(r.status).toBe(1);
    const report = parseJsonReport(r);
    expect(findingKeys(report)).toEqual([`cni-enforces-network-policy ${file}:17`]);
    expect(report.findings[0]!.message).toBe('5 network policies are defined, but the network plugin seen (Flannel) does not enforce them: DaemonSet kube-flannel/kube-flannel-ds: Flannel provides pod networking only and does not implement NetworkPolicy.');
  });
});
