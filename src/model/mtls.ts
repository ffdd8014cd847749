/**
 * Plain data of `kubeward mtls`: per workload and port the effective mTLS mode and what decided
 * it, how each reachable connection is carried, and DestinationRule TLS conflicts.
 */

export type MtlsDataplane = 'istio-sidecar' | 'istio-ambient' | 'istio-gateway' | 'linkerd' | 'none' | 'unknown';
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'NONE' | 'UNKNOWN';
export type MtlsHopStatus = 'mtls' | 'tls' | 'encrypted' | 'plaintext' | 'fails' | 'unknown';
export type MtlsProtocol = 'TCP' | 'UDP' | 'SCTP';

/** The hop statuses, from the one wanted to the ones reported. */
export const MTLS_HOP_STATUSES: readonly MtlsHopStatus[] = ['mtls', 'tls', 'encrypted', 'plaintext', 'fails', 'unknown'];

/** A piece of configuration and where it is: file and line, or a cluster reference. */
export interface MtlsSourceRef {
  kind: string;
  namespace?: string;
  name: string;
  /** The field inside the object, e.g. `spec.mtls.mode`. */
  path?: string;
  file?: string;
  line?: number;
  ref?: string;
}

/** The policy that decided a mode. */
export interface MtlsDecision extends MtlsSourceRef {
  /** mesh | namespace | workload | port | server | default-policy | annotation */
  level: string;
  /** Policies that matched at the same level and lost (the oldest wins). */
  alsoMatched?: MtlsSourceRef[];
  ambiguous?: string;
}

export interface MtlsPortReport {
  /** null: every port without a port-level setting. */
  port: number | null;
  protocol: MtlsProtocol;
  name?: string;
  mode: MtlsMode;
  reason: string;
  decidedBy?: MtlsDecision;
}

export interface MtlsWorkloadRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface MtlsWorkloadReport extends MtlsWorkloadRef {
  file?: string;
  line?: number;
  ref?: string;
  dataplane: MtlsDataplane;
  dataplaneReason: string;
  dataplaneSource?: MtlsSourceRef;
  /** The namespace enrols pods in a mesh but this workload stays out. */
  optOut?: { mesh: string; reason: string };
  defaultMode: MtlsPortReport;
  ports: MtlsPortReport[];
}

export interface MtlsHopReport {
  from: MtlsWorkloadRef;
  to: MtlsWorkloadRef;
  /** null: the destination declares no port. */
  port: number | null;
  protocol: MtlsProtocol;
  status: MtlsHopStatus;
  reason: string;
  /** The destination's mode at the port. */
  mode: MtlsMode;
  service?: { name: string; port: number };
  destinationRule?: MtlsSourceRef & { mode: string };
  ciliumAuth?: MtlsSourceRef;
}

export interface MtlsConflictReport {
  destinationRule: MtlsSourceRef;
  mode: string;
  host: string;
  subset?: string;
  service: { namespace: string; name: string; port: number };
  server: MtlsWorkloadRef;
  targetPort: number | null;
  serverMode: MtlsMode;
  effect: 'breaks' | 'downgrades';
  reason: string;
}

/** The output of `kubeward mtls` (schemaVersion 1). */
export interface MtlsReport {
  schemaVersion: 1;
  istio: { rootNamespace: string; rootNamespaceSource: string; autoMtls: boolean };
  /** Which meshes and encryption the input configures. */
  meshes: { istio: boolean; linkerd: boolean; ciliumEncryption?: 'wireguard' | 'ipsec'; ciliumMutualAuth: boolean };
  summary: {
    workloads: number;
    /** Workloads whose pods run a mesh proxy (sidecar, ambient, gateway, Linkerd). */
    meshed: number;
    hops: Record<MtlsHopStatus, number>;
    conflicts: number;
  };
  workloads: MtlsWorkloadReport[];
  hops: MtlsHopReport[];
  conflicts: MtlsConflictReport[];
  notes: string[];
  errors: { file?: string; line?: number; column?: number; message: string }[];
}
