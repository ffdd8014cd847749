import type { Path } from '../../../model/path.js';
import type { PodView } from './pod.js';

/** Why one check denies a pod. */
export interface CheckFailure {
  /** Short reason, as admission prints it before the details, e.g. `host namespaces`. */
  reason: string;
  /** The specifics, e.g. `hostNetwork=true`; may be empty. */
  detail: string;
  /** The fields that cause it, relative to the pod. */
  paths: Path[];
}

/** One check's logic; undefined when the pod passes. */
export type CheckFn = (pod: PodView) => CheckFailure | undefined;

/** One revision of a check, in force from a policy minor version until the next revision. */
export interface CheckRevision {
  /** First policy version (`v1.<since>`) this revision applies to. */
  since: number;
  check: CheckFn;
  /**
   * Baseline checks this restricted revision replaces at the restricted level (upstream's
   * `OverrideCheckIDs`): they are not run there, this stricter check covers them.
   */
  overrides?: readonly string[];
}

/** A Pod Security Standards check, named by its upstream id, with its revisions oldest first. */
export interface PssCheck {
  id: string;
  level: 'baseline' | 'restricted';
  revisions: readonly CheckRevision[];
}

/** The revision of a check in force at a policy minor version, if the check exists there yet. */
export function revisionAt(check: PssCheck, minor: number): CheckRevision | undefined {
  let found: CheckRevision | undefined;
  for (const r of check.revisions) if (r.since <= minor) found = r;
  return found;
}
