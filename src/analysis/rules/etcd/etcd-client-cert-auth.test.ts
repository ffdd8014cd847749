import { describe, expect, it } from 'vitest';
import { editArgs, KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import { emptyConfig, ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { runRules } from '../../engine.js';
import rule from './etcd-client-cert-auth.js';

const base = KUBEADM_ARGS.etcd;
const off = staticPod('etcd', editArgs(base, { set: { 'client-cert-auth': 'false' } }));
const missing = staticPod('etcd', editArgs(base, { remove: ['client-cert-auth'] }));
const flagBeatsEnv = staticPod('etcd', editArgs(base, { set: { 'client-cert-auth': 'false' } }), { env: { ETCD_CLIENT_CERT_AUTH: 'true' } });
const envOff = staticPod('etcd', editArgs(base, { remove: ['client-cert-auth'] }), { env: { ETCD_NAME: 'cp1', ETCD_CLIENT_CERT_AUTH: 'false' } });
const invalid = staticPod('etcd', editArgs(base, { set: { 'client-cert-auth': 'yes' } }));
const lastWins = staticPod('etcd', [...base, '--client-cert-auth=false']);

const valid: ValidCase[] = [
  { name: 'kubeadm defaults', yaml: staticPod('etcd', base).yaml },
  { name: 'bare --client-cert-auth is true', yaml: staticPod('etcd', editArgs(base, { set: { 'client-cert-auth': '' } })).yaml },
  { name: 'Go boolean spellings: --client-cert-auth=1', yaml: staticPod('etcd', editArgs(base, { set: { 'client-cert-auth': '1' } })).yaml },
  { name: 'ETCD_CLIENT_CERT_AUTH=true when the flag is absent', yaml: staticPod('etcd', editArgs(base, { remove: ['client-cert-auth'] }), { env: { ETCD_CLIENT_CERT_AUTH: 'true' } }).yaml },
  { name: 'single-dash Go flag', yaml: staticPod('etcd', [...editArgs(base, { remove: ['client-cert-auth'] }), '-client-cert-auth']).yaml },
  { name: 'a Deployment that is not etcd, with the flag text in its args', yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: etcd-backup
spec:
  selector: { matchLabels: { app: b } }
  template:
    metadata: { labels: { app: b } }
    spec:
      containers:
        - name: backup
          image: bitnami/etcd:3.5
          command: [etcdctl, snapshot, save, /backup/db]
          args: ["--client-cert-auth=false"]
` },
  {
    name: 'the config file decides, and the command line is ignored (etcd --config-file)',
    yaml: `${staticPod('etcd', ['--config-file=/etc/etcd/etcd.yaml', '--client-cert-auth=false']).yaml}---
apiVersion: kubeward.io/v1
kind: EtcdConfiguration
metadata:
  name: /etc/etcd/etcd.yaml
client-transport-security:
  client-cert-auth: true
`,
  },
  { name: 'with a config file that is not in the input, nothing is judged', yaml: staticPod('etcd', ['--config-file=/etc/etcd/etcd.yaml']).yaml },
];

const invalidCases: InvalidCase[] = [
  { name: '--client-cert-auth=false', yaml: off.yaml, findings: [{ messageId: 'off', line: off.flagLine('client-cert-auth'), column: 11, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: '--client-cert-auth' }, path: 'spec.containers[0].command[3]' }] },
  { name: 'flag missing: points at the command list', yaml: missing.yaml, findings: [{ messageId: 'off', line: missing.commandLine, column: 7, path: 'spec.containers[0].command' }] },
  { name: 'the flag beats ETCD_CLIENT_CERT_AUTH', yaml: flagBeatsEnv.yaml, findings: [{ messageId: 'off', line: flagBeatsEnv.flagLine('client-cert-auth') }] },
  { name: 'ETCD_CLIENT_CERT_AUTH=false, pointing at the variable', yaml: envOff.yaml, findings: [{ messageId: 'off', line: envOff.envLine(1), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: 'ETCD_CLIENT_CERT_AUTH' }, path: 'spec.containers[0].env[1].value' }] },
  { name: 'yes is not a Go boolean: etcd refuses to start', yaml: invalid.yaml, findings: [{ messageId: 'invalid', line: invalid.flagLine('client-cert-auth'), data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: '--client-cert-auth', value: 'yes' } }] },
  { name: 'the last of repeated flags wins', yaml: lastWins.yaml, findings: [{ messageId: 'off', line: lastWins.argLine(base.length) }] },
  {
    name: 'config file without client-cert-auth: etcd\'s default (false), pointing into the file',
    yaml: `${staticPod('etcd', ['--config-file=/etc/etcd/etcd.yaml', '--client-cert-auth=true']).yaml}---
apiVersion: kubeward.io/v1
kind: EtcdConfiguration
metadata:
  name: /etc/etcd/etcd.yaml
client-transport-security:
  cert-file: /etc/etcd/server.crt
`,
    findings: [{ messageId: 'off', line: 19, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', where: 'client-transport-security.client-cert-auth' } }],
  },
  {
    name: 'a mirror Pod in a kubectl List dump',
    yaml: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: etcd-cp2
      namespace: kube-system
      annotations:
        kubernetes.io/config.mirror: 3b1c
    spec:
      containers:
        - name: etcd
          image: registry.k8s.io/etcd:3.5.15-0
          command:
            - etcd
            - --cert-file=/etc/kubernetes/pki/etcd/server.crt
            - --client-cert-auth=false
`,
    findings: [{ messageId: 'off', line: 18, column: 15, data: { etcd: 'etcd in Pod/kube-system/etcd-cp2', where: '--client-cert-auth' } }],
  },
];

testRule(rule, { valid, invalid: invalidCases });

describe('etcd-client-cert-auth: what it cannot judge', () => {
  const run = (yaml: string) => runRules(new ObjectSet(parseManifests(yaml, 'x.yaml').objects), [rule], emptyConfig());
  it('notes an etcd whose config file is not in the input', () => {
    const r = run(staticPod('etcd', ['--config-file=/etc/etcd/etcd.yaml']).yaml);
    expect(r.notAssessed).toEqual([{ area: 'etcd', ruleId: 'etcd-client-cert-auth', reason: expect.stringContaining('--config-file /etc/etcd/etcd.yaml, which is not in the input') }]);
  });
  it('says nothing for application manifests without any control plane', () => {
    expect(run('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n').notAssessed).toEqual([]);
  });
  it('notes a cluster dump without etcd', () => {
    expect(run('apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n').notAssessed.map((n) => n.reason)).toEqual(['no etcd static Pod or mirror Pod in the input']);
  });
  it('reports a managed control plane as managed by the provider, not as a failure', () => {
    const r = run('apiVersion: v1\nkind: Node\nmetadata:\n  name: ip-10-0-1-5\n  labels:\n    eks.amazonaws.com/nodegroup: ng-1\n');
    expect(r.findings).toEqual([]);
    expect(r.notAssessed.map((n) => n.reason)).toEqual(['managed by the provider (EKS): etcd is not visible (Node/ip-10-0-1-5 has label eks.amazonaws.com/nodegroup)']);
  });
});
