import type { KubeObject, Path } from '../../../model/index.js';
import type { Protocol } from '../reachability/index.js';

/**
 * How a workload's pods take part in a mesh.
 * - `istio-sidecar`: an Envoy sidecar is (or will be) injected.
 * - `istio-ambient`: enrolled in ambient mode; ztunnel on the node carries its L4 traffic.
 * - `istio-gateway`: an Istio gateway (its listeners come from Gateway resources, not PeerAuthentication).
 * - `linkerd`: the Linkerd proxy is (or will be) injected.
 * - `none`: no mesh proxy.
 * - `unknown`: the input does not say (e.g. the workload's Namespace is not in the input while
 *   meshes are configured by namespace labels).
 */
export type Dataplane = 'istio-sidecar' | 'istio-ambient' | 'istio-gateway' | 'linkerd' | 'none' | 'unknown';

/**
 * The effective inbound mTLS mode of a workload port, in Istio's words for every mesh:
 * - `STRICT`: only mutual-TLS connections from mesh identities are accepted.
 * - `PERMISSIVE`: mesh clients get mTLS, and plaintext is accepted too.
 * - `DISABLE`: the proxy expects plaintext (or does not intercept the port at all).
 * - `NONE`: no proxy handles the port (no mesh, or a protocol the proxy does not carry).
 * - `UNKNOWN`: not decidable from the input.
 */
export type EffectiveMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'NONE' | 'UNKNOWN';

/** A piece of configuration and the field inside it that a decision rests on. */
export interface ConfigRef {
  kind: string;
  namespace?: string;
  name: string;
  object: KubeObject;
  path: Path;
}

/** Why a workload is (not) in a mesh. */
export interface DataplaneDecision {
  dataplane: Dataplane;
  reason: string;
  /** The label, annotation or container that decided, when one did. */
  source?: ConfigRef;
  /**
   * The workload's namespace enrols it in a mesh (or meshes it by policy) but the workload itself
   * stays out: a pod-level opt-out, hostNetwork, or a namespace the injector never handles.
   */
  optOut?: { mesh: 'istio' | 'istio-ambient' | 'linkerd'; reason: string; source: ConfigRef };
}

/** Which policy decided a mode, at which level. */
export interface ModeDecision {
  ref: ConfigRef;
  /**
   * Istio: `mesh` (root namespace, no selector), `namespace`, `workload` (selector), `port`
   * (portLevelMtls). Linkerd: `server`, `default-policy`. Both: `annotation` (capture exclusions).
   */
  level: 'mesh' | 'namespace' | 'workload' | 'port' | 'server' | 'default-policy' | 'annotation';
  /** Other policies that matched at the same level and lost to this one (oldest wins). */
  alsoMatched?: ConfigRef[];
  /** Set when the winner among several could not be told for sure (no creationTimestamp). */
  ambiguous?: string;
}

/** The effective mode of one workload port, or of every port (`port` undefined). */
export interface PortMode {
  port: number | undefined;
  protocol: Protocol;
  /** The container port name, when the port is declared with one. */
  name?: string;
  /** Where the port is declared in the workload, when it is. */
  path?: Path;
  mode: EffectiveMode;
  reason: string;
  decidedBy?: ModeDecision;
}

/** A workload as the mesh analysis sees it. */
export interface MeshWorkload {
  /** `Kind/namespace/name`, as in the reachability result. */
  id: string;
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  hostNetwork: boolean;
  sourceObject: KubeObject;
  /** Path of the pod template metadata (labels and annotations) inside `sourceObject`. */
  metadataPath: Path;
}

/** The mTLS picture of one workload: its data plane, its default mode and each declared port. */
export interface WorkloadMtls {
  workload: MeshWorkload;
  dataplane: DataplaneDecision;
  /** The mode of ports without a port-level setting. */
  defaultMode: PortMode;
  /** Every declared container port (and Service target port) with its effective mode. */
  ports: PortMode[];
  /**
   * Mesh policies that select the workload whatever its data plane: the namespace-wide and
   * workload-level PeerAuthentications of its namespace, and Linkerd Servers selecting its pods.
   */
  selectedBy: ConfigRef[];
}

/** Evidence that some mesh or transparent encryption is configured in the input. */
export interface MeshPresence {
  /** Istio objects, labels and annotations found (the first few). */
  istio: ConfigRef[];
  linkerd: ConfigRef[];
  /** Cilium transparent encryption (`enable-wireguard` / `enable-ipsec` in cilium-config). */
  ciliumEncryption?: { mode: 'wireguard' | 'ipsec'; ref: ConfigRef };
  /** CiliumNetworkPolicies with `authentication.mode: required`. */
  ciliumMutualAuth: ConfigRef[];
  /** Workloads whose data plane is a mesh proxy (sidecar, ambient, gateway, Linkerd). */
  enrolled: number;
  /** Workloads whose data plane cannot be told from the input. */
  unknown: number;
}

/** A DestinationRule TLS setting that breaks or downgrades what the server side expects. */
export interface TlsConflict {
  /** The DestinationRule and the `tls.mode` field at fault. */
  rule: ConfigRef;
  mode: string;
  host: string;
  /** The Service port the setting applies to (port-level settings), when limited to one. */
  servicePort?: number;
  subset?: string;
  service: { namespace: string; name: string; port: number };
  server: WorkloadMtls;
  /** The server's target port and its effective mode. */
  target: PortMode;
  /** `breaks`: connections fail; `downgrades`: plaintext is sent where mTLS would have been. */
  effect: 'breaks' | 'downgrades';
  reason: string;
}

/** Options of the mesh analysis (rule options, CLI flags, or what the input's mesh config says). */
export interface MeshOptions {
  /** Istio root namespace (MeshConfig `rootNamespace`); default: from the input, else `istio-system`. */
  rootNamespace?: string;
  /** Istio auto mTLS (MeshConfig `enableAutoMtls`); default: from the input, else true. */
  autoMtls?: boolean;
  /** Linkerd cluster-wide `proxy.defaultInboundPolicy`; default `all-unauthenticated`. */
  linkerdDefaultInboundPolicy?: string;
  /** Cluster DNS domain for Service host names; default `cluster.local`. */
  clusterDomain?: string;
}

/** The result of the mesh analysis: one entry per workload, plus the configuration conflicts. */
export interface MeshResult {
  rootNamespace: string;
  /** Where the root namespace came from. */
  rootNamespaceSource: string;
  autoMtls: boolean;
  clusterDomain: string;
  presence: MeshPresence;
  workloads: WorkloadMtls[];
  conflicts: TlsConflict[];
  /** Modelling choices and input problems found on the way. */
  notes: string[];
}

/**
 * How a reachable connection is carried:
 * - `mtls`: mutual TLS with mesh identities (Istio, Linkerd, Cilium mutual auth over WireGuard/IPsec).
 * - `tls`: TLS that the client proxy originates with certificates outside the mesh (DestinationRule SIMPLE/MUTUAL).
 * - `encrypted`: plaintext to the workloads, encrypted between nodes by Cilium WireGuard/IPsec (no workload identity).
 * - `plaintext`: readable by anyone on the path.
 * - `fails`: the two sides disagree (e.g. a plaintext client and a STRICT server): connections are refused.
 * - `unknown`: a side's data plane cannot be told from the input.
 */
export type HopStatus = 'mtls' | 'tls' | 'encrypted' | 'plaintext' | 'fails' | 'unknown';

/** One reachable connection, to one destination port, and how it is carried. */
export interface Hop {
  from: WorkloadMtls;
  to: WorkloadMtls;
  /** Destination (container) port; undefined when the destination declares none. */
  port: number | undefined;
  protocol: Protocol;
  /** The Service the client is assumed to reach the port through, when one covers it. */
  service?: { name: string; port: number };
  status: HopStatus;
  reason: string;
  /** The destination's mode at this port. */
  target: PortMode;
  /** The DestinationRule TLS setting the client applies, when one applies. */
  destinationRule?: { ref: ConfigRef; mode: string };
  /** The CiliumNetworkPolicy rule that requires mutual authentication for this hop, when one does. */
  ciliumAuth?: ConfigRef;
  /** Why a `fails` hop fails. */
  cause?: HopFailure;
}

/**
 * - `strict-refuses-plaintext`: a STRICT server and a client that sends plaintext.
 * - `tls-to-strict`: DestinationRule SIMPLE/MUTUAL TLS to a STRICT server.
 * - `mtls-to-plaintext-port`: mTLS to a port that expects plaintext (DISABLE or not intercepted);
 *   `autoMtls` tells whether auto mTLS (not a DestinationRule) chose mTLS.
 * - `no-proxy`: Istio mTLS to a pod without an Istio proxy.
 * - `hbone-blocked`: ambient HBONE (TCP 15008) denied by NetworkPolicy.
 */
export type HopFailure =
  | { kind: 'strict-refuses-plaintext' }
  | { kind: 'tls-to-strict' }
  | { kind: 'mtls-to-plaintext-port'; autoMtls: boolean }
  | { kind: 'no-proxy' }
  | { kind: 'hbone-blocked' };
