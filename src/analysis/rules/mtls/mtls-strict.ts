import type { Path } from '../../../model/index.js';
import { isMeshed, meshMtls, meshOptionsFrom, portLabel, workloadLabel, type PortMode } from '../../analyzers/mesh/index.js';
import { defineRule } from '../../define-rule.js';
import { yamlDocs, STRICT_PEER_AUTHENTICATION, SHOP_NAMESPACE_INJECTED, WEB_DEPLOYMENT_PORT_8080 } from './_examples.js';

const WEAK = new Set(['PERMISSIVE', 'DISABLE']);

export default defineRule({
  id: 'mtls-strict',
  area: 'mtls',
  severity: 'medium',
  uses: [meshMtls()],
  title: 'Meshed workloads that accept plaintext',
  description:
    'Reports each workload in a service mesh (Istio sidecar or ambient, Linkerd) whose effective inbound mTLS mode is ' +
    'PERMISSIVE or DISABLE on some TCP port, with the policy that decides it. Istio: the workload-level ' +
    'PeerAuthentication (selector), else the namespace-wide one, else the mesh-wide one in the root namespace; UNSET ' +
    'inherits; portLevelMtls overrides per container port; with no policy the mode is PERMISSIVE; ambient treats ' +
    'DISABLE as PERMISSIVE; ports excluded from sidecar capture count as DISABLE. Linkerd: a Server for the port ' +
    'that authorizes unauthenticated clients, or a default inbound policy that admits them (`all-unauthenticated`, ' +
    'the default) on a port not listed in `config.linkerd.io/proxy-require-identity-inbound-ports`, is PERMISSIVE; ' +
    'skipped inbound ports are DISABLE. Declared container ports are judged; a workload ' +
    'that declares none is judged on its workload-wide mode. Gateways and waypoints are left out. Options: ' +
    '`exempt` (namespaces to skip, default none), `rootNamespace`, `linkerdDefaultInboundPolicy` (the cluster\'s ' +
    '`proxy.defaultInboundPolicy`, default all-unauthenticated).',
  rationale:
    'A PERMISSIVE port takes plaintext from any client that bypasses the mesh (a pod without a proxy, a node, a ' +
    'compromised workload that drops its sidecar): it loses the mesh\'s peer authentication and encryption for exactly ' +
    'the traffic an attacker would send, and authorization policies based on mesh identities cannot see who it is.',
  remediation:
    'Istio: add a STRICT PeerAuthentication (mesh-wide in the root namespace, or per namespace) and remove PERMISSIVE or ' +
    'DISABLE overrides once every client is meshed. Linkerd: set `config.linkerd.io/default-inbound-policy: ' +
    'all-authenticated` (or cluster-authenticated), or define Servers whose authorizations require mesh identities ' +
    '(MeshTLSAuthentication), and stop skipping inbound ports.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
    { framework: 'mitre', control: 'T1040 Network Sniffing' },
  ],
  messages: {
    weak: '{workload} accepts plaintext on {ports}: effective mTLS mode {mode} ({reason}).',
  },
  examples: {
    bad: yamlDocs(SHOP_NAMESPACE_INJECTED, WEB_DEPLOYMENT_PORT_8080),
    good: yamlDocs(SHOP_NAMESPACE_INJECTED, STRICT_PEER_AUTHENTICATION, WEB_DEPLOYMENT_PORT_8080),
  },
  checkSet(_set, ctx) {
    const exempt = new Set(Array.isArray(ctx.options.exempt) ? ctx.options.exempt.map(String) : []);
    const mesh = ctx.use(meshMtls(meshOptionsFrom(ctx.options)));
    for (const w of mesh.workloads) {
      if (!isMeshed(w) || w.dataplane.dataplane === 'istio-gateway' || exempt.has(w.workload.namespace)) continue;
      const judged: PortMode[] = w.ports.length > 0 ? w.ports.filter((p) => p.protocol === 'TCP') : [w.defaultMode];
      // One finding per mode and deciding reason, naming every port it covers.
      const groups = new Map<string, PortMode[]>();
      for (const p of judged) {
        if (!WEAK.has(p.mode)) continue;
        const key = `${p.mode}\u0000${p.reason}`;
        let list = groups.get(key);
        if (!list) groups.set(key, (list = []));
        list.push(p);
      }
      for (const ports of groups.values()) {
        const first = ports[0]!;
        const path: Path = ports.length === 1 && first.path ? first.path : [...w.workload.metadataPath, 'labels'];
        const note = first.decidedBy?.ambiguous !== undefined ? `; ${first.decidedBy.ambiguous}` : '';
        ctx.reportOn(w.workload.sourceObject, 'weak', {
          workload: workloadLabel(w.workload),
          ports: ports.map((p) => (p.port === undefined ? 'every port' : portLabel(p.port, p.protocol))).join(', '),
          mode: first.mode,
          reason: `${first.reason}${note}`,
        }, path);
      }
    }
  },
});
