import type { Path } from '../../../../model/path.js';
import type { CheckFn, PssCheck } from '../check.js';
import { containersPhrase, POD_SECURITY_CONTEXT } from '../pod.js';

const runAsUserCheck: CheckFn = (pod) => {
  const setters: string[] = [];
  const paths: Path[] = [];
  if (pod.securityContext?.runAsUser === 0) {
    setters.push('pod');
    paths.push([...POD_SECURITY_CONTEXT, 'runAsUser']);
  }
  const bad: string[] = [];
  for (const c of pod.containers) {
    if (c.securityContext?.runAsUser !== 0) continue;
    bad.push(c.name);
    paths.push([...c.path, 'securityContext', 'runAsUser']);
  }
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return undefined;
  return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, paths };
};

/**
 * Restricted, v1.23+: `securityContext.runAsUser` must not be 0 on the pod or any container
 * (unset is allowed). From v1.35 pods in their own user namespace (`spec.hostUsers: false`) are exempt.
 */
export const runAsUser: PssCheck = {
  id: 'runAsUser',
  level: 'restricted',
  revisions: [
    { since: 23, check: runAsUserCheck },
    { since: 35, check: (pod) => (pod.userNamespace ? undefined : runAsUserCheck(pod)) },
  ],
};
