/**
 * Cilium: transparent encryption and mutual authentication.
 *
 * Semantics (cilium/cilium Documentation/security/network/encryption-wireguard.rst and
 * network/servicemesh/mutual-authentication/*.rst):
 * - `enable-wireguard: "true"` or `enable-ipsec: "true"` in the `cilium-config` ConfigMap encrypts
 *   pod traffic between nodes (traffic between pods of one node never leaves it). It carries no
 *   workload identity: it is encryption, not mTLS.
 * - `authentication.mode: required` on a CiliumNetworkPolicy ingress or egress rule makes the
 *   agents perform an out-of-band mutual TLS handshake (SPIFFE identities) before the flows the
 *   rule allows may pass. The traffic itself is encrypted only if WireGuard or IPsec is on, which
 *   Cilium's docs require for mTLS-equivalent protection.
 * - Endpoint selectors match pod labels (keys may carry a `k8s:` or `any:` source prefix) and
 *   `io.kubernetes.pod.namespace`; in a namespaced policy both the subject and the peers are
 *   limited to the policy's namespace unless a peer selector names a namespace.
 */
import { isRecord, parseLabelSelector, matchesSelector, type KubeObject, type LabelSelector, type ObjectSet, type Path } from '../../../model/index.js';
import type { Protocol } from '../reachability/index.js';
import { configRef } from './common.js';
import type { ConfigRef } from './types.js';

const NS_KEY = 'io.kubernetes.pod.namespace';

export interface CiliumEncryption {
  mode: 'wireguard' | 'ipsec';
  ref: ConfigRef;
}

export function ciliumEncryption(set: ObjectSet): CiliumEncryption | undefined {
  for (const cm of set.ofKind('ConfigMap')) {
    if (cm.name !== 'cilium-config') continue;
    const data = isRecord(cm.raw.data) ? cm.raw.data : {};
    if (data['enable-wireguard'] === 'true') return { mode: 'wireguard', ref: configRef(cm, ['data', 'enable-wireguard']) };
    if (data['enable-ipsec'] === 'true') return { mode: 'ipsec', ref: configRef(cm, ['data', 'enable-ipsec']) };
  }
  return undefined;
}

/** An endpoint as Cilium policies see it. */
export interface CiliumEndpoint {
  namespace: string;
  labels: Record<string, string>;
}

interface PortRule {
  port: number | string | undefined;
  endPort?: number;
  protocol: string;
}

interface AuthRule {
  ref: ConfigRef;
  direction: 'ingress' | 'egress';
  /** The policy's namespace, or undefined for a CiliumClusterwideNetworkPolicy. */
  namespace: string | undefined;
  subject: LabelSelector;
  /** Peer selectors; `all` for fromEntities/toEntities `all` or `cluster`. */
  peers: LabelSelector[] | 'all';
  ports: PortRule[] | undefined;
}

/** Strips Cilium's label source prefixes so selectors compare with plain pod labels. */
function normalize(selector: LabelSelector): LabelSelector {
  const strip = (k: string) => k.replace(/^(k8s|any):/, '');
  return {
    matchLabels: Object.fromEntries(Object.entries(selector.matchLabels).map(([k, v]) => [strip(k), v])),
    matchExpressions: selector.matchExpressions.map((e) => ({ ...e, key: strip(e.key) })),
  };
}

function mentionsNamespace(selector: LabelSelector): boolean {
  return NS_KEY in selector.matchLabels || selector.matchExpressions.some((e) => e.key === NS_KEY);
}

function selectorOf(value: unknown): LabelSelector | undefined {
  const parsed = parseLabelSelector(value);
  return typeof parsed === 'string' ? undefined : normalize(parsed);
}

function portRules(rule: Record<string, unknown>, key: 'toPorts'): PortRule[] | undefined {
  const list = rule[key];
  if (!Array.isArray(list)) return undefined;
  const out: PortRule[] = [];
  for (const entry of list) {
    if (!isRecord(entry) || !Array.isArray(entry.ports)) continue;
    for (const p of entry.ports) {
      if (!isRecord(p)) continue;
      const raw = p.port;
      const port = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : typeof raw === 'string' ? raw : undefined;
      const pr: PortRule = { port, protocol: typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'ANY' };
      if (typeof p.endPort === 'number') pr.endPort = p.endPort;
      out.push(pr);
    }
  }
  return out;
}

function specsOf(obj: KubeObject): { spec: Record<string, unknown>; path: Path }[] {
  const out: { spec: Record<string, unknown>; path: Path }[] = [];
  if (isRecord(obj.raw.spec)) out.push({ spec: obj.raw.spec, path: ['spec'] });
  if (Array.isArray(obj.raw.specs)) obj.raw.specs.forEach((s, i) => { if (isRecord(s)) out.push({ spec: s, path: ['specs', i] }); });
  return out;
}

/** CiliumNetworkPolicy rules that require mutual authentication. */
export class CiliumAuth {
  readonly rules: AuthRule[] = [];
  constructor(set: ObjectSet) {
    const policies = [
      ...set.ofKind('CiliumNetworkPolicy').map((o) => ({ o, namespace: o.namespace })),
      ...set.ofKind('CiliumClusterwideNetworkPolicy').map((o) => ({ o, namespace: undefined as string | undefined })),
    ];
    for (const { o, namespace } of policies) {
      if (!o.apiVersion.startsWith('cilium.io/')) continue;
      for (const { spec, path } of specsOf(o)) {
        const subject = selectorOf(spec.endpointSelector);
        if (!subject) continue;
        for (const direction of ['ingress', 'egress'] as const) {
          const list = spec[direction];
          if (!Array.isArray(list)) continue;
          list.forEach((rule, i) => {
            if (!isRecord(rule) || !isRecord(rule.authentication) || rule.authentication.mode !== 'required') return;
            const peerKey = direction === 'ingress' ? 'fromEndpoints' : 'toEndpoints';
            const entityKey = direction === 'ingress' ? 'fromEntities' : 'toEntities';
            const entities = Array.isArray(rule[entityKey]) ? (rule[entityKey] as unknown[]).map(String) : [];
            const peers: AuthRule['peers'] = entities.includes('all') || entities.includes('cluster')
              ? 'all'
              : Array.isArray(rule[peerKey]) ? (rule[peerKey] as unknown[]).map(selectorOf).filter((s): s is LabelSelector => s !== undefined) : [];
            this.rules.push({
              ref: configRef(o, [...path, direction, i, 'authentication', 'mode']),
              direction, namespace, subject, peers, ports: portRules(rule, 'toPorts'),
            });
          });
        }
      }
    }
  }

  /** The rule requiring mutual authentication for `from` -> `to` on a port, if any. */
  requiredFor(from: CiliumEndpoint, to: CiliumEndpoint, port: number | undefined, protocol: Protocol, portName?: string): ConfigRef | undefined {
    for (const r of this.rules) {
      const [subject, peer] = r.direction === 'ingress' ? [to, from] : [from, to];
      if (r.namespace !== undefined && subject.namespace !== r.namespace) continue;
      if (!matchesSelector(r.subject, endpointLabels(subject))) continue;
      if (!this.peerMatches(r, peer)) continue;
      if (!portMatches(r.ports, port, protocol, portName)) continue;
      return r.ref;
    }
    return undefined;
  }

  private peerMatches(r: AuthRule, peer: CiliumEndpoint): boolean {
    if (r.peers === 'all') return true;
    return r.peers.some((sel) => {
      if (r.namespace !== undefined && !mentionsNamespace(sel) && peer.namespace !== r.namespace) return false;
      return matchesSelector(sel, endpointLabels(peer));
    });
  }
}

function endpointLabels(e: CiliumEndpoint): Record<string, string> {
  return { ...e.labels, [NS_KEY]: e.namespace };
}

function portMatches(rules: PortRule[] | undefined, port: number | undefined, protocol: Protocol, portName?: string): boolean {
  if (rules === undefined || rules.length === 0) return true;
  if (port === undefined) return false;
  return rules.some((r) => {
    if (r.protocol !== 'ANY' && r.protocol !== protocol) return false;
    if (r.port === undefined || r.port === 0) return true;
    if (typeof r.port === 'string') return r.port === portName;
    return r.endPort !== undefined ? port >= r.port && port <= r.endPort : port === r.port;
  });
}
