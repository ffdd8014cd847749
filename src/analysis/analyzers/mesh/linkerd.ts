/**
 * Linkerd: proxy injection and the inbound policy of each port.
 *
 * Semantics (linkerd/linkerd2 pkg/inject/report.go; linkerd.io "Automatic Proxy Injection",
 * "Authorization Policy" reference, "Proxy Configuration"):
 * - `linkerd.io/inject` (an annotation) on the namespace or the pod template: `enabled` or
 *   `ingress` injects, `disabled` opts out; the namespace value enrols pods unless the pod says
 *   `disabled`; a pod value alone enrols it; any other value blocks injection. hostNetwork pods,
 *   pods without a service account token (automountServiceAccountToken false) and the
 *   kube-system and cert-manager namespaces are never injected.
 * - Meshed-to-meshed TCP is mTLS. `config.linkerd.io/skip-inbound-ports` and
 *   `skip-outbound-ports` make traffic bypass the proxy (plaintext); opaque ports stay mTLS.
 * - Inbound policy: a Server selecting the pod and port denies what no ServerAuthorization or
 *   AuthorizationPolicy allows (unless its accessPolicy says otherwise); authorizations that need
 *   a MeshTLSAuthentication, a ServiceAccount or `client.meshTLS` admit only meshed (mTLS)
 *   clients. Without a Server, the default policy applies (`config.linkerd.io/default-inbound-policy`
 *   on the pod, else the namespace, else the cluster's `proxy.defaultInboundPolicy`), made
 *   authenticated on the ports of the pod annotation `config.linkerd.io/proxy-require-identity-inbound-ports`
 *   (linkerd2 policy-controller).
 */
import {
  isRecord, labelsOf, matchesSelector, parseLabelSelector,
  type KubeObject, type LabelSelector, type ObjectSet,
} from '../../../model/index.js';
import type { Protocol } from '../reachability/index.js';
import { configRef, inPortList, ofKindInGroup, parsePortList, pickOldest, type DeclaredPort, type PodMeta } from './common.js';
import type { Enrolment, NamespaceInfo } from './istio.js';
import type { ConfigRef, ModeDecision } from './types.js';

const EXCLUDED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'cert-manager']);
const INJECT_VALUES: ReadonlySet<string> = new Set(['enabled', 'disabled', 'ingress']);
const POLICY = 'policy.linkerd.io';

/** Default inbound policies that admit only meshed (mTLS) clients. */
const STRICT_DEFAULTS: ReadonlySet<string> = new Set(['all-authenticated', 'cluster-authenticated', 'deny']);
const KNOWN_DEFAULTS: ReadonlySet<string> = new Set([...STRICT_DEFAULTS, 'all-unauthenticated', 'cluster-unauthenticated', 'audit']);

/** Whether Linkerd's injector adds its proxy to the workload's pods (report.go `Injectable`). */
export function linkerdInjection(w: KubeObject, meta: PodMeta, ns: NamespaceInfo, hostNetwork: boolean, set: ObjectSet): Enrolment {
  const podValue = meta.annotations['linkerd.io/inject'];
  const nsValue = ns.annotations['linkerd.io/inject'];
  const podSource = configRef(w, [...meta.metadataPath, 'annotations', 'linkerd.io/inject']);
  const nsSource = ns.object ? configRef(ns.object, ['metadata', 'annotations', 'linkerd.io/inject']) : undefined;
  const nsEnrols = nsValue === 'enabled' || nsValue === 'ingress';
  const podAsks = podValue === 'enabled' || podValue === 'ingress';
  // Kept out although the namespace, or the pod itself, asks for the proxy: an opt-out to report.
  const out = (reason: string, source: ConfigRef): Enrolment =>
    nsEnrols || podAsks ? { value: 'no', reason, source, optOut: { reason, source } } : { value: 'no', reason, source };

  if (EXCLUDED_NAMESPACES.has(ns.name)) return { value: 'no', reason: `Linkerd's injector never runs in namespace ${ns.name}` };
  if (nsValue !== undefined && !INJECT_VALUES.has(nsValue) && nsSource) {
    return { value: 'no', reason: `namespace annotation linkerd.io/inject="${nsValue}" is invalid: injection is skipped`, source: nsSource };
  }
  if (podValue !== undefined && !INJECT_VALUES.has(podValue)) return out(`pod annotation linkerd.io/inject="${podValue}" is invalid: injection is skipped`, podSource);
  let enrolled: Enrolment;
  if (nsEnrols) {
    if (podValue === 'disabled') return out('pod annotation linkerd.io/inject=disabled', podSource);
    enrolled = { value: 'yes', reason: `namespace ${ns.name} has annotation linkerd.io/inject=${nsValue}`, source: nsSource };
  } else if (podAsks) {
    enrolled = { value: 'yes', reason: `pod annotation linkerd.io/inject=${podValue}`, source: podSource };
  } else if (!ns.object && podValue !== 'disabled') {
    return { value: 'unknown', reason: `namespace ${ns.name} is not in the input: its linkerd.io/inject annotation is unknown` };
  } else {
    return { value: 'no', reason: podValue === 'disabled' ? 'pod annotation linkerd.io/inject=disabled' : 'neither the namespace nor the pod has linkerd.io/inject=enabled', ...(podValue === 'disabled' ? { source: podSource } : {}) };
  }
  // Enrolled by annotation: the injector still refuses some pods.
  if (hostNetwork) return out('hostNetwork pods are not injected', configRef(w, [...meta.specPath, 'hostNetwork']));
  if (meta.spec.automountServiceAccountToken === false) {
    return out('automountServiceAccountToken is false: the proxy needs the service account token, so the pod is not injected',
      configRef(w, [...meta.specPath, 'automountServiceAccountToken']));
  }
  if (meta.spec.automountServiceAccountToken === undefined) {
    const saName = typeof meta.spec.serviceAccountName === 'string' ? meta.spec.serviceAccountName : 'default';
    const sa = set.get('ServiceAccount', ns.name, saName);
    if (sa && sa.raw.automountServiceAccountToken === false) {
      return out(`ServiceAccount ${ns.name}/${saName} has automountServiceAccountToken: false and the pod does not override it: ` +
        'the proxy needs the token, so the pod is not injected', configRef(sa, ['automountServiceAccountToken']));
    }
  }
  return enrolled;
}

/** A proxy configuration annotation: the pod's, else the namespace's. */
export function linkerdConfig(meta: PodMeta, ns: NamespaceInfo, key: string): string | undefined {
  return meta.annotations[key] ?? ns.annotations[key];
}

interface Server {
  object: KubeObject;
  selector: LabelSelector;
  port: number | string | undefined;
  accessPolicy: string;
  labels: Record<string, string>;
}

/** Linkerd policy objects of the input, parsed once. */
export class LinkerdPolicy {
  private readonly servers: Server[] = [];
  private readonly serverAuthorizations: KubeObject[];
  private readonly authorizationPolicies: KubeObject[];
  private readonly httpRoutes: KubeObject[];
  constructor(set: ObjectSet, readonly clusterDefault: string, notes: string[]) {
    for (const obj of ofKindInGroup(set, 'Server', POLICY)) {
      const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
      const selector = parseLabelSelector(spec.podSelector);
      if (typeof selector === 'string') {
        notes.push(`Server ${obj.namespace}/${obj.name}: podSelector ${selector}; ignored.`);
        continue;
      }
      if (spec.podSelector === undefined) continue; // ExternalWorkload servers select no pods.
      const port = typeof spec.port === 'number' || typeof spec.port === 'string' ? spec.port : undefined;
      const accessPolicy = typeof spec.accessPolicy === 'string' ? spec.accessPolicy : 'deny';
      this.servers.push({ object: obj, selector, port, accessPolicy, labels: labelsOf(obj) });
    }
    this.serverAuthorizations = ofKindInGroup(set, 'ServerAuthorization', POLICY);
    this.authorizationPolicies = ofKindInGroup(set, 'AuthorizationPolicy', POLICY);
    this.httpRoutes = [...ofKindInGroup(set, 'HTTPRoute', POLICY), ...ofKindInGroup(set, 'HTTPRoute', 'gateway.networking.k8s.io')];
  }

  get hasPolicy(): boolean {
    return this.servers.length > 0;
  }

  /** Servers whose podSelector matches pods with these labels, whatever the port. */
  serversSelecting(namespace: string, labels: Record<string, string>): KubeObject[] {
    return this.servers.filter((s) => s.object.namespace === namespace && matchesSelector(s.selector, labels)).map((s) => s.object);
  }

  /** The inbound mode of a meshed pod's port. */
  portMode(w: KubeObject, meta: PodMeta, ns: NamespaceInfo, port: DeclaredPort | { port: number; protocol: Protocol; name?: string } | undefined): {
    mode: 'STRICT' | 'PERMISSIVE'; reason: string; decidedBy?: ModeDecision;
  } {
    const matching = port === undefined ? [] : this.servers.filter((s) => s.object.namespace === ns.name && matchesSelector(s.selector, meta.labels)
      && (typeof s.port === 'number' ? s.port === port.port : s.port !== undefined && s.port === port.name));
    const picked = pickOldest(matching);
    if (picked) return this.serverMode(picked.winner, picked.others, ns.name);
    const podValue = meta.annotations['config.linkerd.io/default-inbound-policy'];
    const nsValue = ns.annotations['config.linkerd.io/default-inbound-policy'];
    const [value, source, where] = podValue !== undefined
      ? [podValue, configRef(w, [...meta.metadataPath, 'annotations', 'config.linkerd.io/default-inbound-policy']), 'pod annotation']
      : nsValue !== undefined && ns.object
        ? [nsValue, configRef(ns.object, ['metadata', 'annotations', 'config.linkerd.io/default-inbound-policy']), `namespace ${ns.name} annotation`]
        : [this.clusterDefault, undefined, 'the cluster default (proxy.defaultInboundPolicy)'];
    const known = KNOWN_DEFAULTS.has(value);
    const mode = STRICT_DEFAULTS.has(value) ? 'STRICT' : 'PERMISSIVE';
    // The policy controller turns an allowing default into an authenticated one on these pod ports.
    const requireKey = 'config.linkerd.io/proxy-require-identity-inbound-ports';
    if (mode === 'PERMISSIVE' && port !== undefined && inPortList(parsePortList(meta.annotations[requireKey]), port.port)) {
      return {
        mode: 'STRICT',
        reason: `no Server selects this port; pod annotation ${requireKey} lists it, so only meshed clients are admitted`,
        decidedBy: { ref: configRef(w, [...meta.metadataPath, 'annotations', requireKey]), level: 'annotation' },
      };
    }
    const reason = `${port === undefined ? 'ports no Server selects follow the' : 'no Server selects this port;'} default inbound policy ${value} from ${where}` +
      (!known ? ' is not a known policy (read as all-unauthenticated)' : mode === 'STRICT' ? ' admits only meshed clients' : ' admits plaintext clients');
    return source ? { mode, reason, decidedBy: { ref: source, level: 'default-policy' } } : { mode, reason };
  }

  private serverMode(server: Server, others: Server[], ns: string): { mode: 'STRICT' | 'PERMISSIVE'; reason: string; decidedBy: ModeDecision } {
    const name = `Server ${ns}/${server.object.name}`;
    const decidedBy: ModeDecision = { ref: configRef(server.object, ['spec']), level: 'server' };
    if (others.length > 0) decidedBy.alsoMatched = others.map((o) => configRef(o.object, ['spec']));
    const open: string[] = [];
    const closed: string[] = [];
    for (const sa of this.serverAuthorizations) {
      if (sa.namespace !== ns) continue;
      const spec = isRecord(sa.raw.spec) ? sa.raw.spec : {};
      const ref = isRecord(spec.server) ? spec.server : {};
      let targets = false;
      if (typeof ref.name === 'string') targets = ref.name === server.object.name;
      else if (ref.selector !== undefined) {
        const sel = parseLabelSelector(ref.selector);
        targets = typeof sel !== 'string' && matchesSelector(sel, server.labels);
      }
      if (!targets) continue;
      const client = isRecord(spec.client) ? spec.client : {};
      (client.unauthenticated === true ? open : closed).push(`ServerAuthorization ${ns}/${sa.name}`);
    }
    for (const ap of this.authorizationPolicies) {
      if (ap.namespace !== ns) continue;
      const spec = isRecord(ap.raw.spec) ? ap.raw.spec : {};
      const target = isRecord(spec.targetRef) ? spec.targetRef : {};
      const targets = (target.kind === 'Server' && target.name === server.object.name)
        || (target.kind === 'Namespace' && target.name === ns)
        || (target.kind === 'HTTPRoute' && this.routeOnServer(String(target.name), ns, server.object.name));
      if (!targets) continue;
      const refs = Array.isArray(spec.requiredAuthenticationRefs) ? spec.requiredAuthenticationRefs.filter(isRecord) : [];
      // All listed authentications must hold: one that needs a mesh identity makes the policy mTLS-only.
      const needsIdentity = refs.some((r) => r.kind === 'MeshTLSAuthentication' || r.kind === 'ServiceAccount');
      (needsIdentity ? closed : open).push(`AuthorizationPolicy ${ns}/${ap.name}`);
    }
    if (open.length > 0) {
      return { mode: 'PERMISSIVE', reason: `${name} is authorized for unauthenticated clients by ${open.join(', ')}`, decidedBy };
    }
    if (server.accessPolicy !== 'deny' && !STRICT_DEFAULTS.has(server.accessPolicy)) {
      return { mode: 'PERMISSIVE', reason: `${name} has accessPolicy ${server.accessPolicy}, which admits unauthorized plaintext clients`, decidedBy };
    }
    const why = closed.length > 0 ? `only meshed (mTLS) clients are authorized (${closed.join(', ')})` : 'no authorization: every connection is denied';
    return { mode: 'STRICT', reason: `${name}: ${why}`, decidedBy };
  }

  private routeOnServer(route: string, ns: string, server: string): boolean {
    return this.httpRoutes.some((r) => {
      if (r.namespace !== ns || r.name !== route) return false;
      const spec = isRecord(r.raw.spec) ? r.raw.spec : {};
      return Array.isArray(spec.parentRefs) && spec.parentRefs.some((p) => isRecord(p) && p.kind === 'Server' && p.name === server);
    });
  }
}

/** Ports a Linkerd proxy does not intercept inbound (`skip-inbound-ports`), or outbound. */
export function linkerdSkipped(meta: PodMeta, ns: NamespaceInfo, direction: 'inbound' | 'outbound', port: number): boolean {
  return inPortList(parsePortList(linkerdConfig(meta, ns, `config.linkerd.io/skip-${direction}-ports`)), port);
}
