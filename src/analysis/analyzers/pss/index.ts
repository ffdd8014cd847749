/**
 * An evaluator of the Kubernetes Pod Security Standards, as the Pod Security Admission controller
 * (k8s.io/pod-security-admission, `policy/check_*.go`) applies them, for every policy version.
 *
 * - `privileged` allows everything.
 * - `baseline` runs the baseline checks in force at the version.
 * - `restricted` runs the baseline checks and the restricted ones, except the baseline checks a
 *   restricted check replaces at that version (upstream `OverrideCheckIDs`): hostPathVolumes by
 *   restrictedVolumes, seccompProfile_baseline by seccompProfile_restricted (v1.19+),
 *   capabilities_baseline by capabilities_restricted (v1.22+), procMount by procMount_restricted
 *   (v1.35+).
 * - Each check runs the newest revision whose version is not newer than the one asked for;
 *   `latest`, and versions newer than {@link PSS_LATEST_VERSION}, evaluate as the newest.
 */
import type { Path } from '../../../model/path.js';
import { revisionAt, type CheckFn, type PssCheck } from './check.js';
import { PSS_CHECKS } from './checks/index.js';
import { podView, type PodView } from './pod.js';
import { parsePssVersion } from './version.js';

export { PSS_LATEST_VERSION, parsePssVersion, type ParsedPssVersion } from './version.js';
export { PSS_CHECKS } from './checks/index.js';
export type { PssCheck } from './check.js';

export type PssLevel = 'privileged' | 'baseline' | 'restricted';
/** `v1.0` ... `v1.37` or `latest`. */
export type PssVersion = string;

export const PSS_LEVELS: readonly PssLevel[] = ['privileged', 'baseline', 'restricted'];

export interface PssViolation {
  /** Upstream check id, e.g. `runAsNonRoot`, `capabilities_restricted`. */
  check: string;
  /** The level the check belongs to. */
  level: 'baseline' | 'restricted';
  /** As admission words it: `reason (detail)`. */
  message: string;
  /** Fields that cause it, relative to the pod, e.g. `['spec', 'containers', 0, 'securityContext', 'privileged']`. */
  paths: Path[];
  /**
   * Baseline checks this restricted check replaces at this version (see the module comment) that
   * the pod fails as well. The admission controller does not run them at the restricted level,
   * so they appear only here, not as violations of their own.
   */
  subsumes?: string[];
}

type PodInput = { metadata?: unknown; spec?: unknown };

/** The checks in force at a level and policy minor version, with the revision each runs. */
function checksAt(level: 'baseline' | 'restricted', minor: number): { check: PssCheck; run: CheckFn }[] {
  const active = PSS_CHECKS.flatMap((check) => {
    if (level === 'baseline' && check.level !== 'baseline') return [];
    const revision = revisionAt(check, minor);
    return revision ? [{ check, revision }] : [];
  });
  const overridden = new Set(active.flatMap(({ revision }) => revision.overrides ?? []));
  return active
    .filter(({ check }) => !overridden.has(check.id))
    .map(({ check, revision }) => ({ check, run: revision.check }));
}

function failuresOf(view: PodView, level: 'baseline' | 'restricted', minor: number): PssViolation[] {
  const out: PssViolation[] = [];
  for (const { check, run } of checksAt(level, minor)) {
    const failure = run(view);
    if (!failure) continue;
    out.push({
      check: check.id,
      level: check.level,
      message: failure.detail ? `${failure.reason} (${failure.detail})` : failure.reason,
      paths: failure.paths,
    });
  }
  return out;
}

/**
 * The Pod Security Standards violations of a pod (its `metadata` and `spec`) at a level and policy
 * version; empty when the pod is allowed. Throws on an unknown level or a malformed version.
 */
export function evaluatePod(pod: PodInput, level: PssLevel, version: PssVersion): PssViolation[] {
  const { minor } = parsePssVersion(version);
  if (level === 'privileged') return [];
  if (level !== 'baseline' && level !== 'restricted') {
    throw new Error(`invalid Pod Security Standards level ${JSON.stringify(level)}: must be one of ${PSS_LEVELS.join(', ')}`);
  }
  const view = podView(pod);
  const violations = failuresOf(view, level, minor);
  if (level === 'restricted') {
    // Name the replaced baseline checks the pod would fail too, for callers that map by check.
    const baselineFailures = new Set(failuresOf(view, 'baseline', minor).map((v) => v.check));
    for (const v of violations) {
      const revision = revisionAt(PSS_CHECKS.find((c) => c.id === v.check)!, minor)!;
      const subsumed = (revision.overrides ?? []).filter((id) => baselineFailures.has(id));
      if (subsumed.length > 0) v.subsumes = subsumed;
    }
  }
  return violations;
}

/**
 * The strictest level a pod meets at a policy version. `restricted` requires passing the baseline
 * level as well: upstream's Windows exemptions (v1.25+) let a Windows pod that sets an Unconfined
 * seccomp profile or extra capabilities through `restricted` while `baseline` denies it (the API
 * server rejects those fields on Windows pods anyway); such a pod is reported as `privileged`.
 */
export function highestLevel(pod: PodInput, version: PssVersion): PssLevel {
  parsePssVersion(version);
  if (evaluatePod(pod, 'baseline', version).length > 0) return 'privileged';
  return evaluatePod(pod, 'restricted', version).length > 0 ? 'baseline' : 'restricted';
}

/** Checks that exist at a level and version, by id (e.g. to list what a namespace enforces). */
export function checkIdsAt(level: PssLevel, version: PssVersion): string[] {
  const { minor } = parsePssVersion(version);
  if (level === 'privileged') return [];
  return checksAt(level, minor).map(({ check }) => check.id);
}
export { evaluateWorkload, type WorkloadPssResult, type WorkloadPssViolation } from './workloads.js';
export { psaNamespaces, psaPolicyOf, PSA_MODES, PSA_LABEL_PREFIX, type PsaMode, type PsaPolicy, type PsaModePolicy } from './namespaces.js';
