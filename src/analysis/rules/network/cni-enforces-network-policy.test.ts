import { describe, expect, it } from 'vitest';
import { emptyConfig, ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { testRule } from '../../../../test/rule-tester.js';
import { runRules } from '../../engine.js';
import rule from './cni-enforces-network-policy.js';

const POLICY = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
`;

/**
 * A DaemonSet with the given containers (YAML list items at indent 8). The first container's
 * image is on line 18, column 11.
 */
const daemonSet = (name: string, ns: string, containers: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      k8s-app: ${name}
  template:
    metadata:
      labels:
        k8s-app: ${name}
    spec:
      hostNetwork: true
      containers:
${containers}`;

const container = (name: string, image: string, args?: string[]) =>
  `        - name: ${name}\n          image: ${image}\n${args ? `          args:\n${args.map((a) => `            - "${a}"\n`).join('')}` : ''}`;

const FLANNEL = daemonSet('kube-flannel-ds', 'kube-flannel', container('kube-flannel', 'docker.io/flannel/flannel:v0.25.6'));
const CALICO = daemonSet('calico-node', 'kube-system', container('calico-node', 'quay.io/calico/node:v3.28.1'));

testRule(rule, {
  valid: [
    { name: 'Calico', yaml: CALICO + POLICY },
    { name: 'no policies: nothing to enforce', yaml: FLANNEL },
    { name: 'Flannel with Calico next to it', yaml: `${FLANNEL}---\n${CALICO}${POLICY}` },
    {
      name: 'Canal: one DaemonSet with calico-node and flannel',
      yaml: daemonSet('canal', 'kube-system', container('calico-node', 'docker.io/calico/node:v3.28.1') + container('kube-flannel', 'quay.io/coreos/flannel:v0.15.1')) + POLICY,
    },
    { name: 'Cilium', yaml: daemonSet('cilium', 'kube-system', container('cilium-agent', 'quay.io/cilium/cilium:v1.16.1@sha256:0b4a3ab41a4760d86b7fc945b8783747ba1b56f7ee0c5d6ab3e1b17b62f9b5c9')) + POLICY },
    {
      name: 'Weave Net with weave-npc',
      yaml: daemonSet('weave-net', 'kube-system', container('weave', 'weaveworks/weave-kube:2.8.1') + container('weave-npc', 'weaveworks/weave-npc:2.8.1')) + POLICY,
    },
    { name: 'kube-router (the firewall is on by default)', yaml: daemonSet('kube-router', 'kube-system', container('kube-router', 'docker.io/cloudnativelabs/kube-router:v2.2.0', ['--run-router=true'])) + POLICY },
    { name: 'Antrea', yaml: daemonSet('antrea-agent', 'kube-system', container('antrea-agent', 'antrea/antrea-agent-ubuntu:v2.1.0')) + POLICY },
    { name: 'kindnet from kind v0.24.0', yaml: daemonSet('kindnet', 'kube-system', container('kindnet-cni', 'docker.io/kindest/kindnetd:v20240813-c6f155d6')) + POLICY },
    { name: 'kindnet v1.3.0', yaml: daemonSet('kindnet', 'kube-system', container('kindnet-cni', 'ghcr.io/aojea/kindnetd:v1.3.0')) + POLICY },
    {
      name: 'Amazon VPC CNI with its network policy agent on',
      yaml: daemonSet('aws-node', 'kube-system', container('aws-node', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3') +
        container('aws-eks-nodeagent', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policy-agent:v1.1.2', ['--enable-ipv6=false', '--enable-network-policy=true'])) + POLICY,
    },
    {
      name: 'the Tigera operator Installation means Calico',
      yaml: `apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork: {}
${POLICY}`,
    },
  ],
  invalid: [
    {
      name: 'Flannel alone, reported at its image',
      yaml: FLANNEL + POLICY,
      findings: [{
        messageId: 'notEnforced', line: 18, column: 11, path: 'spec.template.spec.containers[0].image',
        data: { count: 1, cni: 'Flannel', evidence: 'DaemonSet kube-flannel/kube-flannel-ds: Flannel provides pod networking only and does not implement NetworkPolicy' },
      }],
    },
    {
      name: 'kindnet from kind v0.23.0',
      yaml: daemonSet('kindnet', 'kube-system', container('kindnet-cni', 'docker.io/kindest/kindnetd:v20240513-cd2ac642')) + POLICY,
      findings: [{ messageId: 'notEnforced', line: 18, data: { count: 1, cni: 'kindnet', evidence: 'DaemonSet kube-system/kindnet: kindnetd v20240513-cd2ac642 predates network policy support (kind v0.24.0)' } }],
    },
    {
      name: 'kindnet with network policies turned off, reported at the flag',
      yaml: daemonSet('kindnet', 'kube-system', container('kindnet-cni', 'docker.io/kindest/kindnetd:v20241212-9f82dd49', ['--network-policy=false'])) + POLICY,
      findings: [{ messageId: 'notEnforced', line: 20, path: 'spec.template.spec.containers[0].args[0]' }],
    },
    {
      name: 'Weave Net without weave-npc',
      yaml: daemonSet('weave-net', 'kube-system', container('weave', 'weaveworks/weave-kube:2.8.1')) + POLICY,
      findings: [{ messageId: 'notEnforced', line: 18, data: { count: 1, cni: 'Weave Net', evidence: 'DaemonSet kube-system/weave-net: there is no weave-npc container, the part of Weave Net that enforces network policies' } }],
    },
    {
      name: 'kube-router with --run-firewall=false',
      yaml: daemonSet('kube-router', 'kube-system', container('kube-router', 'cloudnativelabs/kube-router:v2.2.0', ['--run-router=true', '--run-firewall=false'])) + POLICY,
      findings: [{ messageId: 'notEnforced', line: 21, path: 'spec.template.spec.containers[0].args[1]' }],
    },
    {
      name: 'Cilium with enable-policy: never, reported at the setting',
      yaml: `${daemonSet('cilium', 'kube-system', container('cilium-agent', 'quay.io/cilium/cilium:v1.16.1'))}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  enable-policy: never
${POLICY}`,
      findings: [{ messageId: 'notEnforced', line: 26, path: 'data.enable-policy', data: { count: 1, cni: 'Cilium', evidence: 'ConfigMap kube-system/cilium-config sets enable-policy: never' } }],
    },
    {
      name: 'the Amazon VPC CNI without the network policy agent',
      yaml: daemonSet('aws-node', 'kube-system', container('aws-node', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3')) + POLICY,
      findings: [{ messageId: 'notEnforced', line: 18, data: { count: 1, cni: 'Amazon VPC CNI', evidence: 'DaemonSet kube-system/aws-node: it runs without the network policy agent (enable it with the add-on setting enableNetworkPolicy)' } }],
    },
    {
      name: 'only the Flannel ConfigMap',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  net-conf.json: '{"Network": "10.244.0.0/16"}'
${POLICY}`,
      findings: [{ messageId: 'notEnforced', line: 4, data: { count: 1, cni: 'Flannel', evidence: 'ConfigMap kube-flannel/kube-flannel-cfg: Flannel does not implement NetworkPolicy' } }],
    },
    {
      name: 'a Flannel Pod from a cluster dump, with an AdminNetworkPolicy counted',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: kube-flannel-ds-x7k2p
  namespace: kube-flannel
  ownerReferences:
    - apiVersion: apps/v1
      kind: DaemonSet
      name: kube-flannel-ds
      controller: true
      uid: 3f1c
spec:
  containers:
    - name: kube-flannel
      image: docker.io/flannel/flannel:v0.25.6
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: a
spec:
  priority: 1
  subject:
    namespaces: {}
${POLICY}`,
      findings: [{ messageId: 'notEnforced', line: 15, data: { count: 2, cni: 'Flannel', evidence: 'Pod kube-flannel/kube-flannel-ds-x7k2p: Flannel provides pod networking only and does not implement NetworkPolicy' } }],
    },
  ],
});

describe('cni-enforces-network-policy, not assessed', () => {
  const run = (yaml: string) => runRules(new ObjectSet(parseManifests(yaml, 't.yaml').objects), [rule], emptyConfig());

  it('says so when no network plugin is in the input, instead of a finding', () => {
    const r = run(POLICY.slice(4));
    expect(r.findings).toEqual([]);
    expect(r.notAssessed).toEqual([{
      area: 'network', ruleId: 'cni-enforces-network-policy',
      reason: '1 network policies are defined, but no network plugin DaemonSet or ConfigMap is in the input (Calico, Cilium, Weave Net, kube-router, Antrea, Flannel, kindnet...): whether they are enforced cannot be told.',
    }]);
  });

  it('says so when the plugin version cannot be told', () => {
    const r = run(daemonSet('kindnet', 'kube-system', container('kindnet-cni', 'docker.io/kindest/kindnetd:latest')) + POLICY);
    expect(r.findings).toEqual([]);
    expect(r.notAssessed.map((n) => n.reason)).toEqual([
      'network plugin seen, but whether it enforces network policies cannot be told: DaemonSet kube-system/kindnet: kindnetd image tag latest does not tell its version.',
    ]);
  });

  it('says nothing without policies, even with no plugin in sight', () => {
    const r = run('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    expect(r.findings).toEqual([]);
    expect(r.notAssessed).toEqual([]);
  });
});
