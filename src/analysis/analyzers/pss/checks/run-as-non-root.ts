import type { Path } from '../../../../model/path.js';
import type { CheckFn, PssCheck } from '../check.js';
import { containersPhrase, POD_SECURITY_CONTEXT } from '../pod.js';

const runAsNonRootCheck: CheckFn = (pod) => {
  const setters: string[] = [];
  const explicitPaths: Path[] = [];
  let podNonRoot = false;
  const podValue = pod.securityContext?.runAsNonRoot;
  if (podValue === false) {
    setters.push('pod');
    explicitPaths.push([...POD_SECURITY_CONTEXT, 'runAsNonRoot']);
  } else if (podValue === true) {
    podNonRoot = true;
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitPaths: Path[] = [];
  for (const c of pod.containers) {
    const value = c.securityContext?.runAsNonRoot;
    const path: Path = [...c.path, 'securityContext', 'runAsNonRoot'];
    if (typeof value === 'boolean') {
      if (!value) {
        explicitlyBad.push(c.name);
        explicitPaths.push(path);
      }
    } else if (!podNonRoot) {
      // Neither the container nor the pod says runAsNonRoot: true.
      implicitlyBad.push(c.name);
      implicitPaths.push(path);
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));

  if (setters.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      paths: explicitPaths,
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
      paths: implicitPaths,
    };
  }
  return undefined;
};

/**
 * Restricted, v1.0+: containers must run as non-root: `securityContext.runAsNonRoot: true` on the
 * pod (inherited by containers that leave it unset) or on every container; `false` is forbidden
 * at either level. From v1.35 pods in their own user namespace (`spec.hostUsers: false`) are exempt.
 */
export const runAsNonRoot: PssCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  revisions: [
    { since: 0, check: runAsNonRootCheck },
    { since: 35, check: (pod) => (pod.userNamespace ? undefined : runAsNonRootCheck(pod)) },
  ],
};
