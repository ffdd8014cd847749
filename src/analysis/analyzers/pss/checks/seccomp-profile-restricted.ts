import type { Path } from '../../../../model/path.js';
import type { CheckFn, PssCheck } from '../check.js';
import { containersPhrase, record, str } from '../pod.js';
import { explicitSeccompDetail, explicitSeccompViolations, validSeccompType } from './seccomp-profile-baseline.js';

const seccompRestricted: CheckFn = (pod) => {
  const explicit = explicitSeccompViolations(pod);
  if (explicit.setters.length > 0) {
    return { reason: 'seccompProfile', detail: explicitSeccompDetail(explicit.setters, explicit.values), paths: explicit.paths };
  }
  // A container without its own profile inherits a valid pod-level one.
  const podProfile = record(pod.securityContext?.seccompProfile);
  const podSet = podProfile !== undefined && validSeccompType(str(podProfile.type));
  if (podSet) return undefined;
  const missing: string[] = [];
  const paths: Path[] = [];
  for (const c of pod.containers) {
    if (record(c.securityContext?.seccompProfile)) continue;
    missing.push(c.name);
    paths.push([...c.path, 'securityContext', 'seccompProfile', 'type']);
  }
  if (missing.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containersPhrase(missing)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    paths,
  };
};

/**
 * Restricted, v1.19+: every container must run with seccompProfile.type RuntimeDefault or Localhost,
 * set on the container or inherited from the pod; Unconfined is forbidden at either level.
 * From v1.25 Windows pods (`spec.os.name: windows`) are exempt. Replaces `seccompProfile_baseline`
 * at the restricted level.
 */
export const seccompProfileRestricted: PssCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  revisions: [
    { since: 19, check: seccompRestricted, overrides: ['seccompProfile_baseline'] },
    {
      since: 25,
      check: (pod) => (pod.isWindows ? undefined : seccompRestricted(pod)),
      overrides: ['seccompProfile_baseline'],
    },
  ],
};
