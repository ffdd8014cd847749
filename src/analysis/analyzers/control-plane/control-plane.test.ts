import { describe, expect, it } from 'vitest';
import { KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { controlPlane, detectManagedCluster, hostPathOf } from './index.js';

const load = (yaml: string) => new ObjectSet(parseManifests(yaml, 'x.yaml').objects);

describe('component discovery', () => {
  it('finds each component by its command, not by its name or image', () => {
    const yaml = [
      staticPod('kube-apiserver', KUBEADM_ARGS['kube-apiserver']).yaml,
      staticPod('etcd', KUBEADM_ARGS.etcd, { name: 'something-else' }).yaml,
      `apiVersion: v1
kind: Pod
metadata: { name: kube-apiserver-fake, namespace: kube-system }
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.0
      command: [/bin/sh, -c, "sleep 1d"]
`,
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: vcluster-api, namespace: team-a }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      initContainers:
        - name: wait
          image: busybox
          command: [etcd, --version]
      containers:
        - name: api
          image: registry.k8s.io/kube-apiserver:v1.31.0
          command: [/usr/local/bin/kube-apiserver, --anonymous-auth=false]
`,
      `apiVersion: v1
kind: Pod
metadata: { name: old-scheduler, namespace: kube-system }
spec:
  containers:
    - name: s
      image: k8s.gcr.io/hyperkube:v1.17.0
      command: [/hyperkube, kube-scheduler, --profiling=false]
`,
    ].join('---\n');
    const cp = controlPlane.compute(load(yaml));
    expect(cp.components.map((c) => c.label)).toEqual([
      'kube-apiserver in Pod/kube-system/kube-apiserver-cp1',
      'etcd in Pod/kube-system/something-else',
      'kube-scheduler in Pod/kube-system/old-scheduler',
      'kube-apiserver in Deployment/team-a/vcluster-api',
    ]);
    const hyper = cp.of('kube-scheduler')[0]!;
    expect(hyper.flags.bool('profiling')).toMatchObject({ value: false, occurrence: { path: ['spec', 'containers', 0, 'command', 2] } });
    const vcluster = cp.of('kube-apiserver')[1]!;
    expect(vcluster.flags.bool('anonymous-auth').occurrence!.path).toEqual(['spec', 'template', 'spec', 'containers', 0, 'command', 1]);
  });

  it('reads command then args, with numbers and booleans as text', () => {
    const cp = controlPlane.compute(load(`apiVersion: v1
kind: Pod
metadata: { name: etcd-a, namespace: kube-system }
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.15-0
      command: [etcd]
      args: [--snapshot-count, 10000, --client-cert-auth=true]
`));
    const etcd = cp.of('etcd')[0]!;
    expect(etcd.flags.string('snapshot-count')).toMatchObject({ value: '10000', occurrence: { path: ['spec', 'containers', 0, 'args', 0], valuePath: ['spec', 'containers', 0, 'args', 1] } });
    expect(etcd.flags.bool('client-cert-auth').value).toBe(true);
  });
});

describe('hostPathOf', () => {
  const pod = staticPod('kube-apiserver', KUBEADM_ARGS['kube-apiserver'], {
    extra: `volumeMounts:
  - { name: pki, mountPath: /etc/kubernetes/pki }
  - { name: ca-only, mountPath: /etc/kubernetes/pki/etcd, readOnly: true }
  - { name: scratch, mountPath: /etc/kubernetes/pki/tmp }
  - { name: enc, mountPath: /etc/enc/config.yaml, subPath: enc.yaml }`,
    podExtra: `volumes:
  - { name: pki, hostPath: { path: /etc/kubernetes/pki } }
  - { name: ca-only, hostPath: { path: /srv/etcd-pki } }
  - { name: scratch, emptyDir: {} }
  - { name: enc, hostPath: { path: /etc/kubernetes/enc } }`,
  });
  const inst = controlPlane.compute(load(pod.yaml)).of('kube-apiserver')[0]!;
  it('maps through the deepest mount', () => {
    expect(hostPathOf(inst, '/etc/kubernetes/pki/ca.crt')).toBe('/etc/kubernetes/pki/ca.crt');
    expect(hostPathOf(inst, '/etc/kubernetes/pki/etcd/ca.crt')).toBe('/srv/etcd-pki/ca.crt');
    expect(hostPathOf(inst, '/etc/kubernetes/pki/../pki/sa.pub')).toBe('/etc/kubernetes/pki/sa.pub');
  });
  it('honours subPath', () => {
    expect(hostPathOf(inst, '/etc/enc/config.yaml')).toBe('/etc/kubernetes/enc/enc.yaml');
  });
  it('is undefined outside hostPath mounts (in the image, or under an emptyDir)', () => {
    expect(hostPathOf(inst, '/etc/ssl/certs/ca.pem')).toBeUndefined();
    expect(hostPathOf(inst, '/etc/kubernetes/pki/tmp/x')).toBeUndefined();
    // A mount path is matched on whole path segments.
    expect(hostPathOf(inst, '/etc/kubernetes/pkix/ca.crt')).toBeUndefined();
  });
});

describe('detectManagedCluster', () => {
  const node = (labels: Record<string, string>, providerID?: string) => `apiVersion: v1
kind: Node
metadata:
  name: n1
  labels: ${JSON.stringify(labels)}
${providerID ? `spec:\n  providerID: ${providerID}\n` : ''}`;
  it.each([
    [node({ 'eks.amazonaws.com/nodegroup': 'ng' }), 'EKS'],
    [node({ 'cloud.google.com/gke-nodepool': 'default-pool' }), 'GKE'],
    [node({ 'kubernetes.azure.com/cluster': 'MC_rg_aks_westeurope' }), 'AKS'],
    [node({}, 'gce://my-project/europe-west1-b/gke-prod-default-pool-1a2b3c4d-x1y2'), 'GKE'],
    [node({}, 'azure:///subscriptions/0000/resourceGroups/MC_rg_aks_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-123-vmss/virtualMachines/0'), 'AKS'],
    [`apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster: { server: "https://ABCDEF0123.gr7.eu-west-1.eks.amazonaws.com" }
`, 'EKS'],
    [`apiVersion: v1
kind: ConfigMap
metadata: { name: kube-proxy, namespace: kube-system }
data:
  kubeconfig: |
    clusters:
    - cluster:
        server: https://prod-dns-1a2b3c4d.hcp.westeurope.azmk8s.io:443
`, 'AKS'],
  ])('%#: recognises %s', (yaml, provider) => {
    expect(detectManagedCluster(load(yaml))?.provider).toBe(provider);
  });
  it.each([
    [node({ 'kubernetes.io/hostname': 'n1', 'node.kubernetes.io/instance-type': 'm5.large', 'topology.kubernetes.io/zone': 'eu-west-1a' }, 'aws:///eu-west-1a/i-0123456789abcdef0')],
    [node({}, 'gce://my-project/europe-west1-b/kubeadm-worker-1')],
    [`apiVersion: v1
kind: Config
clusters:
  - name: home
    cluster: { server: "https://10.0.0.10:6443" }
`],
  ])('%#: does not take a self-managed cluster on a cloud for a managed one', (yaml) => {
    expect(detectManagedCluster(load(yaml))).toBeUndefined();
  });
});
