/**
 * Plain data of `kubeward netpol`: the connection list, one explained connection, and the results
 * of an intents file, as the reporters render them; and the intents a file declares.
 */

export type NetpolProtocol = 'TCP' | 'UDP' | 'SCTP';

/** Allowed ports: `{ all: true }`, or inclusive ranges per protocol (protocols allowing nothing left out). */
export type NetpolPortSet =
  | { all: true }
  | { all: false; protocols: Partial<Record<NetpolProtocol, [number, number][]>> };

export interface NetpolWorkloadPeer {
  type: 'workload';
  namespace: string;
  name: string;
  kind: string;
}

/** Addresses outside the cluster, as a CIDR list. */
export interface NetpolExternalPeer {
  type: 'external';
  cidrs: string[];
}

export type NetpolPeer = NetpolWorkloadPeer | NetpolExternalPeer;

export interface NetpolConnection {
  from: NetpolPeer;
  to: NetpolPeer;
  allowed: NetpolPortSet;
}

/** `kubeward netpol connections -o json` (schemaVersion 1): every allowed connection. */
export interface NetpolConnectionsDocument {
  schemaVersion: number;
  connections: NetpolConnection[];
  notes: string[];
}

/** What the text, dot and mermaid renderings draw: the document plus every workload (isolated ones too). */
export interface NetpolConnectionsView {
  document: NetpolConnectionsDocument;
  workloads: NetpolWorkloadPeer[];
}

/** Where an object or a part of it is: file and line, or a cluster reference. */
export interface NetpolSourceLocation {
  file?: string;
  line?: number;
  ref?: string;
}

/** A policy that takes part in a decision. */
export interface NetpolPolicyRef extends NetpolSourceLocation {
  kind: 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  namespace?: string;
  name: string;
}

/** One rule of a policy: its direction and 0-based position in that direction's list. */
export interface NetpolRuleRef extends NetpolPolicyRef {
  direction: 'ingress' | 'egress';
  index: number;
  ruleName?: string;
  action?: 'Allow' | 'Deny' | 'Pass';
}

/** The verdict of one side of a connection. */
export interface NetpolDirectionExplanation {
  decision: 'allow' | 'deny';
  /** The tier that decided: ANP, NetworkPolicy, BANP, or `default` (no policy applies). */
  tier: 'ANP' | 'NetworkPolicy' | 'BANP' | 'default';
  rules: NetpolRuleRef[];
  policies: NetpolPolicyRef[];
  passedBy?: NetpolRuleRef;
  reason: string;
}

/** `kubeward netpol explain`: one connection, allowed or not, and why on each side. */
export interface NetpolExplainReport {
  schemaVersion: 1;
  allowed: boolean;
  from: NetpolPeer;
  to: NetpolPeer;
  port: { port: number; protocol: NetpolProtocol };
  /** Egress at the source. */
  egress: NetpolDirectionExplanation;
  /** Ingress at the destination. */
  ingress: NetpolDirectionExplanation;
  notes: string[];
}

/**
 * One side of an intent: a workload (`namespace/name`, optionally with its kind), every workload of
 * the namespaces and pods selectors match, or an address range outside the cluster.
 */
export type IntentPeer =
  | { type: 'workload'; namespace: string; name: string; kind?: string }
  | { type: 'selector'; namespace?: string; namespaceSelector?: IntentLabelSelector; podSelector?: IntentLabelSelector }
  | { type: 'cidr'; cidr: string };

/** A Kubernetes label selector, as written. */
export interface IntentLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** One declared expectation about a connection. */
export interface NetworkIntent {
  /** What the file calls it; a name is made up from the peers when absent. */
  name: string;
  /** Where it is declared. */
  file: string;
  line: number;
  from: IntentPeer;
  to: IntentPeer;
  /** Undefined: any port (deny = nothing at all; allow = something). */
  port?: { port: number; protocol: NetpolProtocol };
  expect: 'allow' | 'deny';
  /** The peers and port as written, for messages. */
  text: { from: string; to: string; port: string };
}

export type IntentStatus = 'pass' | 'fail' | 'error';

/** The outcome of one intent. */
export interface IntentResult {
  name: string;
  file: string;
  line: number;
  expect: 'allow' | 'deny';
  from: string;
  to: string;
  port: string;
  status: IntentStatus;
  /** Why it failed (the offending pairs, with the deciding policies) or could not be checked. */
  details: string[];
}

/** `kubeward netpol test`. */
export interface IntentTestReport {
  schemaVersion: 1;
  file: string;
  results: IntentResult[];
  /** Problems with the intents file or the manifests. */
  errors: { file?: string; line?: number; column?: number; message: string }[];
  summary: { passed: number; failed: number; errors: number };
}
