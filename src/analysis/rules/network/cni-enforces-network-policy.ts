import {
  containersOf, controllerOwnerOf, podTemplateOf, stringMap,
  type ContainerRef, type KubeObject, type ObjectSet, type Path,
} from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

/** What one object tells about the network plugin. */
interface Sighting {
  cni: string;
  /** `undefined`: the plugin is known but whether it enforces cannot be told from the input. */
  enforces: boolean | undefined;
  /** How it was recognised, and why it does or does not enforce. */
  evidence: string;
  obj: KubeObject;
  path: Path;
}

/** A DaemonSet, or a Pod of one: its name, pod labels and containers. */
interface Carrier {
  obj: KubeObject;
  name: string;
  labels: Record<string, string>;
  containers: ContainerRef[];
}

function carriersOf(set: ObjectSet): Carrier[] {
  const out: Carrier[] = [];
  for (const obj of set.ofKind('DaemonSet')) {
    const tpl = podTemplateOf(obj);
    out.push({ obj, name: obj.name, labels: tpl ? stringMap(tpl.metadata.labels) : {}, containers: containersOf(obj) });
  }
  // Pods from a live cluster dump, in case their DaemonSet is not in the input.
  for (const obj of set.ofKind('Pod')) {
    const owner = controllerOwnerOf(obj);
    if (owner && owner.kind !== 'DaemonSet') continue;
    const tpl = podTemplateOf(obj);
    out.push({ obj, name: owner?.name ?? obj.name, labels: tpl ? stringMap(tpl.metadata.labels) : {}, containers: containersOf(obj) });
  }
  return out;
}

/** `registry/path/name:tag@digest` -> path/name (without registry host) and tag. */
function imageParts(image: string): { repo: string; tag: string | undefined } {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const tag = colon > slash ? noDigest.slice(colon + 1) : undefined;
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return { repo, tag };
}

function imageOf(c: ContainerRef): string {
  return typeof c.container.image === 'string' ? c.container.image : '';
}

/** The container whose image repository ends with one of the names, if any. */
function containerWithImage(carrier: Carrier, names: readonly string[]): ContainerRef | undefined {
  return carrier.containers.find((c) => {
    const { repo } = imageParts(imageOf(c));
    return names.some((n) => repo === n || repo.endsWith(`/${n}`));
  });
}

/** The index of a command-line flag in `args` or `command` with the given value, e.g. `--run-firewall=false`. */
function flagAt(c: ContainerRef, flag: string, value: string): Path | undefined {
  for (const field of ['args', 'command'] as const) {
    const list = c.container[field];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const a = String(list[i]);
      if (a === `${flag}=${value}` || (a === flag && String(list[i + 1]) === value)) return [...c.path, field, i];
    }
  }
  return undefined;
}

function imagePath(c: ContainerRef): Path {
  return [...c.path, 'image'];
}

/** kindnetd images are tagged `vYYYYMMDD-hash`; network policies came with kind v0.24.0 (August 2024). */
function kindnetEnforces(tag: string | undefined): { enforces: boolean | undefined; why: string } {
  const dated = tag ? /^v(\d{8})-/.exec(tag) : null;
  if (dated) {
    const date = Number(dated[1]);
    if (date >= 20240730) return { enforces: true, why: `kindnetd ${tag} includes kube-network-policies (kind v0.24.0 and later)` };
    if (date < 20240701) return { enforces: false, why: `kindnetd ${tag} predates network policy support (kind v0.24.0)` };
    return { enforces: undefined, why: `kindnetd ${tag} is from the weeks network policy support was being added` };
  }
  const semver = tag ? /^v?(\d+)\.(\d+)/.exec(tag) : null;
  if (semver) {
    const ok = Number(semver[1]) > 1 || (Number(semver[1]) === 1 && Number(semver[2]) >= 3);
    return { enforces: ok, why: `kindnet ${tag} ${ok ? 'enforces network policies (since v1.3.0)' : 'predates network policy support (v1.3.0)'}` };
  }
  return { enforces: undefined, why: `kindnetd image tag ${tag ?? '(none)'} does not tell its version` };
}

function cniConfig(set: ObjectSet, name: string, namespace: string | undefined): Record<string, string> | undefined {
  const cm = set.get('ConfigMap', namespace, name) ?? set.ofKind('ConfigMap').find((c) => c.name === name);
  return cm ? stringMap(cm.raw.data) : undefined;
}

function recognise(set: ObjectSet, k: Carrier): Sighting | undefined {
  const kind = `${k.obj.kind} ${k.obj.namespace ?? 'default'}/${k.obj.name}`;
  const sight = (cni: string, enforces: boolean | undefined, evidence: string, path: Path): Sighting =>
    ({ cni, enforces, evidence: `${kind}: ${evidence}`, obj: k.obj, path });
  const byName = (...names: string[]) => names.includes(k.name) || names.includes(k.labels['k8s-app'] ?? '') || names.includes(k.labels.app ?? '');

  const calicoNode = containerWithImage(k, ['calico/node']);
  const flannel = containerWithImage(k, ['flannel/flannel', 'coreos/flannel', 'flannelcni/flannel', 'mirrored-flannelcni-flannel', 'rancher/flannel']);
  if (byName('canal') || (calicoNode && flannel)) {
    return sight('Canal (Calico policy on Flannel networking)', true, 'Calico enforces the policies', calicoNode ? imagePath(calicoNode) : []);
  }
  if (byName('calico-node') || calicoNode) return sight('Calico', true, 'Calico enforces network policies', calicoNode ? imagePath(calicoNode) : []);

  const cilium = containerWithImage(k, ['cilium/cilium', 'cilium/cilium-dev']);
  if (byName('cilium', 'anetd') || cilium) {
    const name = k.name === 'anetd' ? 'GKE Dataplane V2 (Cilium)' : 'Cilium';
    const cfg = cniConfig(set, 'cilium-config', k.obj.namespace);
    if (cfg?.['enable-policy'] === 'never') {
      const cm = set.get('ConfigMap', k.obj.namespace, 'cilium-config') ?? set.ofKind('ConfigMap').find((c) => c.name === 'cilium-config')!;
      return { cni: name, enforces: false, evidence: `ConfigMap ${cm.namespace}/cilium-config sets enable-policy: never`, obj: cm, path: ['data', 'enable-policy'] };
    }
    return sight(name, true, 'Cilium enforces network policies', cilium ? imagePath(cilium) : []);
  }

  const weave = containerWithImage(k, ['weaveworks/weave-kube', 'weaveworks/weave-npc', 'weave-kube', 'weave-npc']);
  if (byName('weave-net') || k.labels.name === 'weave-net' || weave) {
    const npc = k.containers.find((c) => c.name === 'weave-npc' || imageParts(imageOf(c)).repo.endsWith('weave-npc'));
    return npc
      ? sight('Weave Net', true, 'its weave-npc container enforces network policies', imagePath(npc))
      : sight('Weave Net', false, 'there is no weave-npc container, the part of Weave Net that enforces network policies', weave ? imagePath(weave) : ['spec']);
  }

  const router = containerWithImage(k, ['cloudnativelabs/kube-router', 'kube-router']);
  if (byName('kube-router') || router) {
    const off = router ? flagAt(router, '--run-firewall', 'false') : undefined;
    return off
      ? sight('kube-router', false, 'it runs with --run-firewall=false, which turns network policy enforcement off', off)
      : sight('kube-router', true, 'kube-router enforces network policies (--run-firewall defaults to true)', router ? imagePath(router) : []);
  }

  const antrea = containerWithImage(k, ['antrea/antrea-ubuntu', 'antrea/antrea-agent-ubuntu', 'antrea/antrea-agent']);
  if (byName('antrea-agent') || antrea) return sight('Antrea', true, 'Antrea enforces network policies', antrea ? imagePath(antrea) : []);

  const npm = containerWithImage(k, ['azure-npm', 'containernetworking/azure-npm']);
  if (byName('azure-npm') || npm) return sight('Azure Network Policy Manager', true, 'Azure NPM enforces network policies', npm ? imagePath(npm) : []);

  if (byName('ovnkube-node')) return sight('OVN-Kubernetes', true, 'OVN-Kubernetes enforces network policies', []);
  if (byName('kube-ovn-cni')) return sight('Kube-OVN', true, 'Kube-OVN enforces network policies', []);

  const awsCni = containerWithImage(k, ['amazon-k8s-cni']);
  if (byName('aws-node') || awsCni) {
    const agent = k.containers.find((c) => c.name === 'aws-eks-nodeagent' || imageParts(imageOf(c)).repo.endsWith('aws-network-policy-agent'));
    const on = agent ? flagAt(agent, '--enable-network-policy', 'true') : undefined;
    return on
      ? sight('Amazon VPC CNI', true, 'its network policy agent runs with --enable-network-policy=true', on)
      : sight('Amazon VPC CNI', false, agent
        ? 'its network policy agent (aws-eks-nodeagent) runs without --enable-network-policy=true'
        : 'it runs without the network policy agent (enable it with the add-on setting enableNetworkPolicy)',
      agent ? [...agent.path, 'args'] : awsCni ? imagePath(awsCni) : []);
  }

  const kindnet = containerWithImage(k, ['kindest/kindnetd', 'aojea/kindnetd', 'kindnetd']);
  if (byName('kindnet') || kindnet) {
    const off = kindnet ? flagAt(kindnet, '--network-policy', 'false') : undefined;
    if (off) return sight('kindnet', false, 'kindnetd runs with --network-policy=false', off);
    const v = kindnetEnforces(kindnet ? imageParts(imageOf(kindnet)).tag : undefined);
    return sight('kindnet', v.enforces, v.why, kindnet ? imagePath(kindnet) : []);
  }

  if (byName('flannel', 'kube-flannel-ds', 'kube-flannel') || flannel) {
    return sight('Flannel', false, 'Flannel provides pod networking only and does not implement NetworkPolicy', flannel ? imagePath(flannel) : []);
  }
  return undefined;
}

/** ConfigMaps that CNI installers create, for inputs that hold the configuration but not the DaemonSet. */
const CONFIG_MAPS: Record<string, { cni: string; enforces: boolean }> = {
  'calico-config': { cni: 'Calico', enforces: true },
  'canal-config': { cni: 'Canal (Calico policy on Flannel networking)', enforces: true },
  'cilium-config': { cni: 'Cilium', enforces: true },
  'antrea-config': { cni: 'Antrea', enforces: true },
  'kube-router-cfg': { cni: 'kube-router', enforces: true },
  'kube-flannel-cfg': { cni: 'Flannel', enforces: false },
};

function sightings(set: ObjectSet): Sighting[] {
  const out: Sighting[] = [];
  for (const k of carriersOf(set)) {
    const s = recognise(set, k);
    if (s) out.push(s);
  }
  const seen = new Set(out.map((s) => s.cni));
  for (const cm of set.ofKind('ConfigMap')) {
    const known = CONFIG_MAPS[cm.name];
    if (!known || seen.has(known.cni)) continue;
    let enforces = known.enforces;
    let why = known.enforces ? `${known.cni} enforces network policies` : `${known.cni} does not implement NetworkPolicy`;
    let path: Path = ['metadata', 'name'];
    if (cm.name === 'cilium-config' && stringMap(cm.raw.data)['enable-policy'] === 'never') {
      enforces = false;
      why = 'enable-policy: never turns policy enforcement off';
      path = ['data', 'enable-policy'];
    }
    out.push({ cni: known.cni, enforces, evidence: `ConfigMap ${cm.namespace}/${cm.name}: ${why}`, obj: cm, path });
    seen.add(known.cni);
  }
  for (const inst of set.ofKind('Installation')) {
    if (!inst.apiVersion.startsWith('operator.tigera.io/') || seen.has('Calico')) continue;
    out.push({ cni: 'Calico', enforces: true, evidence: `Installation ${inst.name} (Tigera operator): Calico enforces network policies`, obj: inst, path: [] });
    seen.add('Calico');
  }
  return out;
}

function policyCount(set: ObjectSet): number {
  return set.ofKind('NetworkPolicy').length + set.ofKind('AdminNetworkPolicy').length + set.ofKind('BaselineAdminNetworkPolicy').length;
}

export default defineRule({
  id: 'cni-enforces-network-policy',
  area: 'network',
  severity: 'high',
  title: 'Network policies that the cluster\'s network plugin does not enforce',
  description:
    'When the input holds NetworkPolicies (or admin network policies), recognises the network plugin from its ' +
    'DaemonSets (or their Pods) and ConfigMaps in any namespace, and reports when what is seen does not ' +
    'enforce them: Flannel alone, kindnet before kind v0.24.0 (kindnetd images dated before July 2024, kindnet ' +
    'before v1.3.0) or with `--network-policy=false`, Weave Net without its weave-npc container, kube-router with ' +
    '`--run-firewall=false`, Cilium with `enable-policy: never`, the Amazon VPC CNI without its network policy ' +
    'agent enabled. Calico, Canal (Flannel networking with Calico policy), Cilium, Weave Net, kube-router, ' +
    'Antrea, Azure NPM, OVN-Kubernetes and Kube-OVN enforce them. When no plugin is visible in the input the ' +
    'check is reported as not assessed rather than as a finding. Findings point at what was seen (the image, ' +
    'flag or setting).',
  rationale:
    'NetworkPolicy is only an API object: the network plugin is what drops packets. With a plugin that does ' +
    'not implement it, every policy is silently ignored, and the manifests promise an isolation the cluster ' +
    'does not have.',
  remediation:
    'Run a network plugin that enforces NetworkPolicy (Calico, Cilium, Antrea...), add a policy engine next to ' +
    'the one in place (Canal for Flannel, the network policy agent of the Amazon VPC CNI), or turn enforcement ' +
    'back on in the plugin\'s configuration.',
  references: [
    { framework: 'cis-k8s', control: '5.3.1' },
    { framework: 'nsa-cisa', control: 'Network separation and hardening: network policies' },
  ],
  messages: {
    notEnforced: '{count} network policies are defined, but the network plugin seen ({cni}) does not enforce them: {evidence}.',
  },
  examples: {
    bad: `apiVersion: apps/v1
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
      hostNetwork: true
      containers:
        - name: kube-flannel
          image: docker.io/flannel/flannel:v0.25.6
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Ingress", "Egress"]
`,
    good: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: calico-node
  template:
    metadata:
      labels:
        k8s-app: calico-node
    spec:
      hostNetwork: true
      containers:
        - name: calico-node
          image: docker.io/calico/node:v3.28.1
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Ingress", "Egress"]
`,
  },
  checkSet(set, ctx) {
    const count = policyCount(set);
    if (count === 0) return;
    const seen = sightings(set);
    if (seen.length === 0) {
      ctx.notAssessed(
        `${count} network policies are defined, but no network plugin DaemonSet or ConfigMap is in the input ` +
        '(Calico, Cilium, Weave Net, kube-router, Antrea, Flannel, kindnet...): whether they are enforced cannot be told.',
      );
      return;
    }
    if (seen.some((s) => s.enforces === true)) return;
    const unknown = seen.filter((s) => s.enforces === undefined);
    if (unknown.length > 0) {
      ctx.notAssessed(`network plugin seen, but whether it enforces network policies cannot be told: ${unknown.map((s) => s.evidence).join('; ')}.`);
      return;
    }
    // One finding per plugin, on its first sighting (its DaemonSet before its Pods and ConfigMap).
    const reported = new Set<string>();
    for (const s of seen) {
      if (reported.has(s.cni)) continue;
      reported.add(s.cni);
      ctx.reportOn(s.obj, 'notEnforced', { count, cni: s.cni, evidence: s.evidence }, s.path);
    }
  },
});
