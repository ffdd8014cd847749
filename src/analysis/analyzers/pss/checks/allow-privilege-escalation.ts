import type { Path } from '../../../../model/path.js';
import type { CheckFn, PssCheck } from '../check.js';
import { containersPhrase } from '../pod.js';

const mustDisallowEscalation: CheckFn = (pod) => {
  const bad: string[] = [];
  const paths: Path[] = [];
  for (const c of pod.containers) {
    if (c.securityContext?.allowPrivilegeEscalation === false) continue;
    bad.push(c.name);
    paths.push([...c.path, 'securityContext', 'allowPrivilegeEscalation']);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    paths,
  };
};

/**
 * Restricted, v1.8+ (the field's first release): every container must set
 * `securityContext.allowPrivilegeEscalation: false` explicitly. From v1.25 Windows pods
 * (`spec.os.name: windows`) are exempt.
 */
export const allowPrivilegeEscalation: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  revisions: [
    { since: 8, check: mustDisallowEscalation },
    { since: 25, check: (pod) => (pod.isWindows ? undefined : mustDisallowEscalation(pod)) },
  ],
};
