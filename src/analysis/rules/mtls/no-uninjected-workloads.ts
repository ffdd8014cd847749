import type { Path } from '../../../model/index.js';
import { meshMtls, meshOptionsFrom, nothingProtects, refLabel, workloadLabel } from '../../analyzers/mesh/index.js';
import { defineRule } from '../../define-rule.js';
import { yamlDocs, SHOP_NAMESPACE_INJECTED, WEB_DEPLOYMENT, WEB_DEPLOYMENT_NO_SIDECAR } from './_examples.js';

const MESH_NAMES: Record<string, string> = { istio: 'the Istio sidecar', 'istio-ambient': 'Istio ambient mode', linkerd: 'the Linkerd proxy' };

export default defineRule({
  id: 'no-uninjected-workloads',
  area: 'mtls',
  severity: 'medium',
  uses: [meshMtls()],
  title: 'Workloads left out of the mesh',
  description:
    'Reports workloads that the mesh would cover but that run without its proxy: in a namespace enrolled by ' +
    '`istio-injection=enabled`, `istio.io/rev`, `istio.io/dataplane-mode=ambient` or `linkerd.io/inject: enabled` ' +
    '(or that ask for injection themselves), a pod-level opt-out (`sidecar.istio.io/inject: "false"` label or ' +
    'annotation, `istio.io/dataplane-mode: none`, `linkerd.io/inject: disabled`), hostNetwork, or, for Linkerd, a pod ' +
    'without a service account token. Also reported: workloads without a proxy that a namespace-wide or workload ' +
    'PeerAuthentication, or a Linkerd Server, selects: the policy protects nothing there (unless no workload at all ' +
    'is meshed, which `mesh-present` reports once). Options: `exempt` (namespaces to skip, default none), `rootNamespace`.',
  rationale:
    'A workload outside the mesh sends and receives plaintext, has no mesh identity, and escapes the authorization ' +
    'policies written for its namespace; its peers must stay PERMISSIVE to talk to it, which weakens them too. Opt-outs ' +
    'are easy to add and forget.',
  remediation:
    'Remove the opt-out label or annotation (or hostNetwork) so the proxy is injected, or enrol the namespace; keep a ' +
    'deliberate exception with a `kubeward.io/ignore: no-uninjected-workloads` annotation and a reason.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
    { framework: 'mitre', control: 'T1040 Network Sniffing' },
  ],
  messages: {
    optOut: '{workload} runs without {mesh} although its namespace or pod template enrols it: {reason}.',
    policyWithoutProxy: '{workload} runs no mesh proxy, yet {policy} selects it: the policy protects nothing there ({reason}).',
  },
  examples: {
    bad: yamlDocs(SHOP_NAMESPACE_INJECTED, WEB_DEPLOYMENT_NO_SIDECAR),
    good: yamlDocs(SHOP_NAMESPACE_INJECTED, WEB_DEPLOYMENT),
  },
  checkSet(_set, ctx) {
    const exempt = new Set(Array.isArray(ctx.options.exempt) ? ctx.options.exempt.map(String) : []);
    const mesh = ctx.use(meshMtls(meshOptionsFrom(ctx.options)));
    const someMeshed = !nothingProtects(mesh) && mesh.presence.enrolled > 0;
    for (const w of mesh.workloads) {
      if (exempt.has(w.workload.namespace)) continue;
      const labels: Path = [...w.workload.metadataPath, 'labels'];
      const opt = w.dataplane.optOut;
      if (w.dataplane.dataplane === 'none' && opt) {
        // Point at the opt-out when it is in the workload itself (a label, an annotation, hostNetwork).
        const path = opt.source.object === w.workload.sourceObject ? opt.source.path : labels;
        ctx.reportOn(w.workload.sourceObject, 'optOut', { workload: workloadLabel(w.workload), mesh: MESH_NAMES[opt.mesh] ?? opt.mesh, reason: opt.reason }, path);
        continue;
      }
      if (w.dataplane.dataplane === 'none' && someMeshed && w.selectedBy.length > 0) {
        ctx.reportOn(w.workload.sourceObject, 'policyWithoutProxy', {
          workload: workloadLabel(w.workload),
          policy: w.selectedBy.map(refLabel).join(' and '),
          reason: w.dataplane.reason,
        }, labels);
      }
    }
  },
});
