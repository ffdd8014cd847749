/**
 * Pod Security Standards policy versions: `v1.0` ... `v1.37` and `latest`, the values of the
 * `pod-security.kubernetes.io/<mode>-version` namespace labels.
 */

/** The newest policy version any check has a revision for; `latest` evaluates as this version. */
export const PSS_LATEST_MINOR = 37;
export const PSS_LATEST_VERSION = `v1.${PSS_LATEST_MINOR}`;

/** A validated policy version. */
export interface ParsedPssVersion {
  /** The version as given: `latest` or `v1.<minor>`. */
  readonly text: string;
  readonly latest: boolean;
  /**
   * The policy minor version the checks are evaluated at. `latest`, and any version newer than
   * {@link PSS_LATEST_VERSION}, resolve to the newest one, as the admission controller clamps them.
   */
  readonly minor: number;
}

// Same grammar as k8s.io/pod-security-admission/api.ParseVersion: `latest` or `v1.` + a minor
// number without leading zeros.
const VERSION_RE = /^v1\.(0|[1-9][0-9]*)$/;

/** Validates a policy version; throws an Error naming the accepted forms otherwise. */
export function parsePssVersion(s: string): ParsedPssVersion {
  if (s === 'latest') return { text: s, latest: true, minor: PSS_LATEST_MINOR };
  const m = typeof s === 'string' ? VERSION_RE.exec(s) : null;
  if (!m) {
    throw new Error(
      `invalid Pod Security Standards version ${JSON.stringify(s)}: must be "latest" or "v1.<minor>" ` +
        `(e.g. "v1.25", newest known ${PSS_LATEST_VERSION})`,
    );
  }
  const minor = Number(m[1]);
  return { text: s, latest: false, minor: Math.min(minor, PSS_LATEST_MINOR) };
}
