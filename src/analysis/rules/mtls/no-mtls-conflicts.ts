import type { Path } from '../../../model/index.js';
import {
  classifyHops, meshMtls, meshOptionsFrom, nothingProtects, portLabel, refLabel, workloadLabel, type Hop,
} from '../../analyzers/mesh/index.js';
import { reachability } from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';
import { yamlDocs, API_DEPLOYMENT, API_SERVICE, STRICT_PEER_AUTHENTICATION, SHOP_NAMESPACE_INJECTED } from './_examples.js';

const MAX_SOURCES = 5;

function sourcesOf(hops: Hop[]): string {
  const names = [...new Set(hops.map((h) => workloadLabel(h.from.workload)))];
  return names.length > MAX_SOURCES ? `${names.slice(0, MAX_SOURCES).join(', ')} and ${names.length - MAX_SOURCES} more` : names.join(', ');
}

export default defineRule({
  id: 'no-mtls-conflicts',
  area: 'mtls',
  severity: 'high',
  uses: [meshMtls(), reachability],
  title: 'Mesh TLS settings that break or downgrade mTLS',
  description:
    'Reports Istio client TLS settings that contradict the server side. DestinationRule `tls.mode` (top-level, ' +
    'port-level or per subset, where the rule is the one its namespace\'s clients use for the Service): DISABLE to a ' +
    'STRICT port breaks connections, DISABLE to a PERMISSIVE port downgrades them to plaintext; SIMPLE or MUTUAL to a ' +
    'STRICT port breaks them; ISTIO_MUTUAL to a port that expects plaintext, or to a pod without an Istio proxy, ' +
    'breaks them. Also reported: a workload- or port-level DISABLE (or an inbound port excluded from capture) that ' +
    'meshed clients reach with auto mTLS, which cannot see it (istiod infers the client mode from namespace- and ' +
    'mesh-wide policies only), and ambient HBONE traffic (TCP 15008) that NetworkPolicy blocks. Options: ' +
    '`rootNamespace`, `clusterDomain` (default cluster.local), `autoMtls` (default true).',
  rationale:
    'A client/server disagreement either breaks the service, which tempts operators to relax STRICT mode mesh-wide, ' +
    'or silently sends plaintext where the mesh would otherwise encrypt and authenticate. Both leave the mTLS ' +
    'posture different from what the PeerAuthentication policies claim.',
  remediation:
    'Drop `tls.mode: DISABLE`, SIMPLE or MUTUAL from DestinationRules for in-mesh Services (auto mTLS or ISTIO_MUTUAL ' +
    'is what STRICT servers need); use ISTIO_MUTUAL only towards pods with an Istio proxy. When a port must stay ' +
    'plaintext, pair its DISABLE PeerAuthentication with a DestinationRule setting `tls.mode: DISABLE` for that port. ' +
    'For ambient, allow TCP 15008 in the NetworkPolicies of meshed destinations.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    breaks: '{rule} sets tls.mode {mode} for Service {service}: connections to {server} break: {reason}.',
    downgrades: '{rule} sets tls.mode {mode} for Service {service}: connections to {server} are downgraded to plaintext: {reason}.',
    autoMtls: '{server} expects plaintext on {port} ({policy}), but auto mTLS still sends mTLS from {sources}, so their connections fail: add a DestinationRule with tls.mode DISABLE for this port, or remove the DISABLE.',
    hbone: 'NetworkPolicy does not allow ambient HBONE (TCP 15008) to {server}: mesh connections from {sources} to {port} fail.',
  },
  examples: {
    bad: yamlDocs(SHOP_NAMESPACE_INJECTED, STRICT_PEER_AUTHENTICATION, `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: api
  namespace: shop
spec:
  host: api
  trafficPolicy:
    tls:
      mode: DISABLE
`, API_DEPLOYMENT, API_SERVICE),
    good: yamlDocs(SHOP_NAMESPACE_INJECTED, STRICT_PEER_AUTHENTICATION, `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: api
  namespace: shop
spec:
  host: api
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`, API_DEPLOYMENT, API_SERVICE),
  },
  checkSet(_set, ctx) {
    const mesh = ctx.use(meshMtls(meshOptionsFrom(ctx.options)));
    for (const c of mesh.conflicts) {
      ctx.reportOn(c.rule.object, c.effect, {
        rule: refLabel(c.rule),
        mode: c.mode,
        service: `${c.service.namespace}/${c.service.name}:${c.service.port}${c.subset !== undefined ? ` (subset ${c.subset})` : ''}`,
        server: workloadLabel(c.server.workload),
        reason: c.reason,
      }, c.rule.path);
    }
    if (mesh.workloads.length === 0 || nothingProtects(mesh)) return;
    // Failures that no DestinationRule causes: they show up only on reachable connections.
    const autoMtls = new Map<string, Hop[]>();
    const hbone = new Map<string, Hop[]>();
    for (const h of classifyHops(mesh, ctx.use(reachability))) {
      if (h.status !== 'fails' || !h.cause) continue;
      const key = `${h.to.workload.id}\u0000${h.port ?? ''}`;
      const bucket = h.cause.kind === 'mtls-to-plaintext-port' && h.cause.autoMtls ? autoMtls : h.cause.kind === 'hbone-blocked' ? hbone : undefined;
      if (!bucket) continue;
      let list = bucket.get(key);
      if (!list) bucket.set(key, (list = []));
      list.push(h);
    }
    for (const list of autoMtls.values()) {
      const first = list[0]!;
      const decided = first.target.decidedBy;
      const to = first.to.workload;
      const port = first.port === undefined ? 'every port' : portLabel(first.port, first.protocol);
      const policy = !decided ? 'its configuration'
        : decided.level === 'annotation' ? `annotation ${String(decided.ref.path[decided.ref.path.length - 1])}` : refLabel(decided.ref);
      const data = { policy, server: workloadLabel(to), port, sources: sourcesOf(list) };
      if (decided) ctx.reportOn(decided.ref.object, 'autoMtls', data, decided.ref.path);
      else ctx.reportOn(to.sourceObject, 'autoMtls', data, [...to.metadataPath, 'labels']);
    }
    for (const list of hbone.values()) {
      const first = list[0]!;
      const to = first.to.workload;
      const path: Path = first.target.path ?? [...to.metadataPath, 'labels'];
      ctx.reportOn(to.sourceObject, 'hbone', {
        server: workloadLabel(to),
        port: first.port === undefined ? 'any port' : portLabel(first.port, first.protocol),
        sources: sourcesOf(list),
      }, path);
    }
  },
});
