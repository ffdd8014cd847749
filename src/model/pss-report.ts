/** One violation in a `kubeward pss` result, with where it is. */
export interface PssReportViolation {
  /** Upstream check id, e.g. `runAsNonRoot`. */
  check: string;
  message: string;
  /** Path inside the object of the first field that causes it. */
  path: string;
  file?: string;
  line?: number;
  column?: number;
  /** Baseline checks this restricted check replaces that the pod fails as well. */
  subsumes?: string[];
}

/** One workload judged against a Pod Security Standard level and version. */
export interface PssReportResult {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  file?: string;
  line?: number;
  ref?: string;
  allowed: boolean;
  /** The strictest level the workload meets at this version. */
  meets: 'privileged' | 'baseline' | 'restricted';
  violations: PssReportViolation[];
}

/** The output of `kubeward pss`. */
export interface PssReport {
  schemaVersion: 1;
  level: 'privileged' | 'baseline' | 'restricted';
  version: string;
  results: PssReportResult[];
  errors: { file?: string; line?: number; column?: number; message: string }[];
}
