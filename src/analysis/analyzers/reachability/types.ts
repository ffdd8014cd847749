import type { KubeObject } from '../../../model/index.js';
import type { Direction, PolicyRef } from './policies.js';
import type { PortSetJson } from './ports.js';

/** A workload as a connection endpoint. */
export interface WorkloadPeer {
  type: 'workload';
  namespace: string;
  name: string;
  kind: string;
}

/** Addresses outside the cluster, as a minimal CIDR list (IPv4 blocks first, then IPv6). */
export interface ExternalPeer {
  type: 'external';
  cidrs: string[];
}

export type Peer = WorkloadPeer | ExternalPeer;

/** Traffic `from` may open to `to`: egress allowed at the source and ingress at the destination. */
export interface Connection {
  from: Peer;
  to: Peer;
  allowed: PortSetJson;
}

export interface Workload {
  /** `Kind/namespace/name`. */
  id: string;
  kind: string;
  namespace: string;
  name: string;
  /** Pod labels (of the pod template, or of the first Pod when only Pods are present). */
  labels: Record<string, string>;
  hostNetwork: boolean;
  /** The controller object when present, else the first Pod. */
  sourceObject: KubeObject;
  /** The same workload as a connection endpoint (shared by every connection naming it). */
  peer: WorkloadPeer;
}

export interface DirectionIsolation {
  /** Every pod of the workload is selected by some NetworkPolicy for this direction. */
  isolated: boolean;
  /** The NetworkPolicies that select (some of) its pods for this direction. */
  policies: PolicyRef[];
  /** AdminNetworkPolicies whose subject holds (some of) its pods and that have rules for this direction. */
  adminPolicies: PolicyRef[];
  /** The BaselineAdminNetworkPolicy holds (some of) its pods and has rules for this direction. */
  baseline: boolean;
}

export interface WorkloadIsolation {
  workload: WorkloadPeer;
  /** hostNetwork pods are outside NetworkPolicy and ANP subjects: never isolated. */
  hostNetwork: boolean;
  ingress: DirectionIsolation;
  egress: DirectionIsolation;
}

export interface NamespaceIsolation {
  namespace: string;
  /** Including `kubernetes.io/metadata.name`. */
  labels: Record<string, string>;
  /** Workloads in the namespace. */
  workloads: number;
  /**
   * NetworkPolicies whose empty podSelector isolates every pod of the namespace for the direction
   * (the "default deny" pattern, whatever else they allow).
   */
  defaultDeny: Record<Direction, PolicyRef[]>;
}

export interface PolicySelection {
  policy: PolicyRef;
  /** Effective policyTypes (NetworkPolicy), or the directions with rules (ANP/BANP). */
  directions: Direction[];
  /** Workloads with pods the policy applies to (hostNetwork pods never count). */
  selects: WorkloadPeer[];
}

/**
 * Who is selected by what: the input of rules about missing or useless policies. Read-only: lists
 * that many entries hold alike (empty lists, the policy directions) are one shared, frozen array.
 */
export interface IsolationResult {
  workloads: WorkloadIsolation[];
  namespaces: NamespaceIsolation[];
  policies: PolicySelection[];
}

export interface ReachabilityResult {
  workloads: Workload[];
  /**
   * Allowed connections: workload to workload (pairs that allow nothing are left out; a workload
   * to itself means between its replicas, and is left out for a bare Pod), workload to external
   * ranges and external ranges to workload (one entry per distinct port set). Ordered by source
   * (workloads in namespace/name/kind order, external sources last), then destination.
   */
  connections: Connection[];
  /** Modelling choices that affect this result and input problems found on the way. */
  notes: string[];
  isolation: IsolationResult;
  /** What the workloads may open to each virtual pod of the options; absent when they name none. */
  virtualPods?: VirtualPodAccess[];
}

/** What each workload may open to a virtual pod (see the `virtualPods` option). */
export interface VirtualPodAccess {
  /** The virtual pod's name. */
  name: string;
  /**
   * Per workload, in the order of the result's `workloads`: the ports egress at the workload and
   * ingress at the virtual pod both allow, for some pod shape of the workload (empty when none).
   */
  allowed: PortSetJson[];
  /**
   * Per workload: the ports the egress of its first pod shape allows towards the virtual pod,
   * whatever the pod's ingress says (on a refused connection, the side `explainConnection` reports).
   */
  egress: PortSetJson[];
}
