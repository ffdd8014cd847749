import { describe, expect, it } from 'vitest';
import { KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import { emptyConfig, ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { runRules } from '../../engine.js';
import ownership from './etcd-data-dir-ownership.js';
import permissions from './etcd-data-dir-permissions.js';

const pod = staticPod('etcd', KUBEADM_ARGS.etcd, {
  extra: `volumeMounts:
  - { name: etcd-data, mountPath: /var/lib/etcd }`,
  podExtra: `volumes:
  - { name: etcd-data, hostPath: { path: /var/lib/etcd, type: DirectoryOrCreate } }`,
}).yaml;
const dir = (mode: string, owner: string, group: string, p = '/var/lib/etcd') => `${pod}---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: ${p}
spec:
  path: ${p}
  type: directory
  mode: "${mode}"
  owner: ${owner}
  group: ${group}
`;
// The NodeFile's spec.mode is on line 39 of these documents, spec.owner on 40.
const MODE_LINE = pod.split('\n').length + 8;

testRule(permissions, {
  valid: [
    { name: '0700', yaml: dir('0700', 'etcd', 'etcd') },
    { name: '0500 is stricter', yaml: dir('0500', 'etcd', 'etcd') },
  ],
  invalid: [
    { name: '0755', yaml: dir('0755', 'etcd', 'etcd'), findings: [{ messageId: 'mode', line: MODE_LINE, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', path: '/var/lib/etcd', mode: '0755' } }] },
    { name: '0710: group search is access too', yaml: dir('0710', 'etcd', 'etcd'), findings: [{ messageId: 'mode', line: MODE_LINE }] },
  ],
});

testRule(ownership, {
  valid: [{ name: 'etcd:etcd', yaml: dir('0700', 'etcd', 'etcd') }],
  invalid: [
    { name: 'root:root (kubeadm leaves it so)', yaml: dir('0700', 'root', 'root'), findings: [{ messageId: 'owner', line: MODE_LINE + 1, data: { etcd: 'etcd in Pod/kube-system/etcd-cp1', path: '/var/lib/etcd', owner: 'root', group: 'root' } }] },
  ],
});

describe('etcd-data-dir-permissions without node files', () => {
  const run = (yaml: string) => runRules(new ObjectSet(parseManifests(yaml, 'x.yaml').objects), [permissions], emptyConfig());
  it('is not assessed from manifests alone', () => {
    expect(run(pod).notAssessed.map((n) => n.reason)).toEqual(["etcd in Pod/kube-system/etcd-cp1: the data directory's mode needs the node's files (kubeward scan --node)"]);
  });
  it('is not assessed when the node has no such folder', () => {
    expect(run(dir('0700', 'etcd', 'etcd', '/var/lib/other')).notAssessed.map((n) => n.reason)).toEqual(['etcd in Pod/kube-system/etcd-cp1: the data directory /var/lib/etcd was not found on the node']);
  });
});
