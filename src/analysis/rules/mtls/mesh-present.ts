import { meshMtls, meshOptionsFrom, nothingProtects, refLabel } from '../../analyzers/mesh/index.js';
import { defineRule } from '../../define-rule.js';
import { yamlDocs, SHOP_NAMESPACE_INJECTED, WEB_DEPLOYMENT } from './_examples.js';

export default defineRule({
  id: 'mesh-present',
  area: 'mtls',
  severity: 'low',
  uses: [meshMtls()],
  title: 'No service mesh or transparent encryption',
  description:
    'Reports, once per scan, input whose workloads are not protected in transit by anything: no workload runs an ' +
    'Istio (sidecar or ambient) or Linkerd proxy, and Cilium neither encrypts node-to-node traffic (WireGuard, IPsec) ' +
    'nor requires mutual authentication. When mesh configuration is present but enrols no workload (e.g. a ' +
    'PeerAuthentication in a namespace without injection), the finding points at that configuration. The other mtls ' +
    'rules stay silent in this case (one finding instead of one per connection). Options: `rootNamespace` (Istio root ' +
    'namespace, default from MeshConfig in the input, else istio-system).',
  rationale:
    'Without a mesh or transparent encryption, every pod-to-pod connection crosses the node network in plaintext ' +
    'and unauthenticated: anyone who can capture packets on a node or the underlay (a compromised pod with host ' +
    'networking, a node, the cloud network) reads credentials and data, and can impersonate services.',
  remediation:
    'Enrol the workloads in a service mesh with mutual TLS (Istio: label the namespaces `istio-injection=enabled` or ' +
    '`istio.io/dataplane-mode=ambient` and add a STRICT PeerAuthentication; Linkerd: annotate them ' +
    '`linkerd.io/inject: enabled`), or at least turn on Cilium WireGuard/IPsec encryption. If the cluster has a mesh ' +
    'that the scanned manifests do not show, scan its Namespace objects and mesh configuration too.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
    { framework: 'mitre', control: 'T1040 Network Sniffing' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    none: 'No service mesh or transparent encryption found in the input: traffic between its {count} workloads is plaintext and unauthenticated.',
    notEnrolled: '{config} configures a mesh, but none of the {count} workloads in the input runs a mesh proxy: their traffic is plaintext and the mesh policies protect nothing.',
  },
  examples: {
    bad: yamlDocs(`apiVersion: v1
kind: Namespace
metadata:
  name: shop
`, WEB_DEPLOYMENT),
    good: yamlDocs(SHOP_NAMESPACE_INJECTED, WEB_DEPLOYMENT),
  },
  checkSet(set, ctx) {
    const mesh = ctx.use(meshMtls(meshOptionsFrom(ctx.options)));
    const p = mesh.presence;
    if (mesh.workloads.length === 0 || !nothingProtects(mesh)) return;
    const count = mesh.workloads.length;
    const config = p.istio[0] ?? p.linkerd[0];
    if (config) {
      ctx.reportOn(config.object, 'notEnrolled', { config: refLabel(config), count }, config.path);
      return;
    }
    // One finding for the whole input: on the first Namespace that holds workloads, else the first workload.
    const namespaces = new Set(mesh.workloads.map((w) => w.workload.namespace));
    const ns = set.ofKind('Namespace').filter((n) => namespaces.has(n.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
    ctx.reportOn(ns ?? mesh.workloads[0]!.workload.sourceObject, 'none', { count });
  },
});
