import type { Path } from '../../../model/index.js';
import {
  classifyHops, meshMtls, meshOptionsFrom, nothingProtects, portLabel, workloadLabel, type Hop,
} from '../../analyzers/mesh/index.js';
import { reachability } from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';
import { yamlDocs, API_DEPLOYMENT_NAMED_PORT, API_SERVICE_NAMED_PORT, STRICT_PEER_AUTHENTICATION, SHOP_NAMESPACE_INJECTED, WEB_DEPLOYMENT, WEB_DEPLOYMENT_NO_SIDECAR } from './_examples.js';

const DEFAULT_EXEMPT = ['kube-system', 'kube-public', 'kube-node-lease'];
const MAX_SOURCES = 5;

export default defineRule({
  id: 'no-plaintext-hops',
  area: 'mtls',
  severity: 'medium',
  uses: [meshMtls(), reachability],
  title: 'Reachable connections carried in plaintext',
  description:
    'Joins network reachability (NetworkPolicy, AdminNetworkPolicy) with the mesh analysis and reports every ' +
    'destination port that some workload can reach in plaintext, naming the sources. A connection is plaintext when ' +
    'the client has no mesh proxy, or its proxy sends plaintext (Istio: DestinationRule `tls.mode: DISABLE`, a ' +
    'namespace- or mesh-wide DISABLE PeerAuthentication seen by auto mTLS, a port no Service covers, an excluded ' +
    'outbound port; Linkerd: a destination outside the mesh or a skipped port; ambient: a destination without a ' +
    'proxy), and the server accepts it (no proxy, PERMISSIVE or DISABLE), or when the protocol is not TCP (meshes ' +
    'carry TCP only). Connections refused by a STRICT server are not plaintext. Node-to-node Cilium WireGuard/IPsec ' +
    'encryption counts as protection unless `requireMutualTls` is true. With no mesh or encryption in the input at ' +
    'all, `mesh-present` reports once instead. Options: `exempt` (namespaces whose connections are skipped on either ' +
    'side, default kube-system, kube-public, kube-node-lease), `requireMutualTls` (default false), `rootNamespace`.',
  rationale:
    'Plaintext between pods can be read and altered by anyone on the path: a compromised node, a pod with host ' +
    'networking, or the underlying network. Credentials, session tokens and personal data travel in it, and the ' +
    'server cannot tell a legitimate client from an impersonator.',
  remediation:
    'Enrol both ends in the mesh (sidecar, ambient or Linkerd injection), make the server STRICT, and remove the ' +
    'DestinationRule or annotation that makes the client send plaintext. Reach ports through a Service so that the ' +
    'Istio sidecar applies mTLS. For UDP, protect the payload in the application.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
    { framework: 'mitre', control: 'T1040 Network Sniffing' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    plaintext: '{destination} is reached in plaintext on {port} from {sources}: {reason}.',
    encrypted: '{destination} is reached on {port} from {sources} without mutual TLS, only with node-to-node encryption: {reason}.',
  },
  examples: {
    bad: yamlDocs(SHOP_NAMESPACE_INJECTED, WEB_DEPLOYMENT_NO_SIDECAR, API_DEPLOYMENT_NAMED_PORT, API_SERVICE_NAMED_PORT),
    good: yamlDocs(SHOP_NAMESPACE_INJECTED, STRICT_PEER_AUTHENTICATION, WEB_DEPLOYMENT, API_DEPLOYMENT_NAMED_PORT, API_SERVICE_NAMED_PORT),
  },
  checkSet(_set, ctx) {
    const exempt = new Set(Array.isArray(ctx.options.exempt) ? ctx.options.exempt.map(String) : DEFAULT_EXEMPT);
    const requireMutual = ctx.options.requireMutualTls === true;
    const mesh = ctx.use(meshMtls(meshOptionsFrom(ctx.options)));
    if (mesh.workloads.length === 0) return;
    if (nothingProtects(mesh)) {
      ctx.notAssessed('no service mesh or transparent encryption is in the input, so every connection is plaintext: mesh-present reports it once instead of per connection');
      return;
    }
    const hops = classifyHops(mesh, ctx.use(reachability));
    const groups = new Map<string, Hop[]>();
    let unknown = 0;
    for (const h of hops) {
      if (exempt.has(h.from.workload.namespace) || exempt.has(h.to.workload.namespace)) continue;
      if (h.status === 'unknown') unknown++;
      if (h.status !== 'plaintext' && !(requireMutual && h.status === 'encrypted')) continue;
      const key = `${h.to.workload.id}\u0000${h.port ?? ''}\u0000${h.protocol}\u0000${h.status}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(h);
    }
    for (const list of groups.values()) {
      const first = list[0]!;
      const to = first.to.workload;
      const names = list.map((h) => workloadLabel(h.from.workload));
      const sources = names.length > MAX_SOURCES ? `${names.slice(0, MAX_SOURCES).join(', ')} and ${names.length - MAX_SOURCES} more` : names.join(', ');
      const sameReason = list.every((h) => h.reason === first.reason);
      const path: Path = first.target.path ?? [...to.metadataPath, 'labels'];
      ctx.reportOn(to.sourceObject, first.status === 'encrypted' ? 'encrypted' : 'plaintext', {
        destination: workloadLabel(to),
        port: first.port === undefined ? 'any port' : portLabel(first.port, first.protocol),
        sources,
        reason: sameReason ? first.reason : `from ${workloadLabel(first.from.workload)}, ${first.reason}`,
      }, path);
    }
    if (unknown > 0) {
      ctx.notAssessed(`${unknown} reachable connection(s) involve workloads whose namespace is not in the input, so whether they are meshed cannot be told`);
    }
  },
});
