import type { Path } from '../../../../model/path.js';
import type { CheckFn, PssCheck } from '../check.js';
import { containersPhrase, isSet, joinQuote, sortedSet, str } from '../pod.js';

/** Every container must leave `securityContext.procMount` unset or `Default`. */
export const procMountDefaultOnly: CheckFn = (pod) => {
  const bad: string[] = [];
  const types: string[] = [];
  const paths: Path[] = [];
  for (const c of pod.containers) {
    const value = c.securityContext?.procMount;
    if (!isSet(value) || value === 'Default') continue;
    bad.push(c.name);
    types.push(str(value));
    paths.push([...c.path, 'securityContext', 'procMount']);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'procMount',
    detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
    paths,
  };
};

/**
 * Baseline: the default /proc masks are required. Restricted field: `securityContext.procMount` of
 * every container; allowed: `Default` / unset. From v1.35 a pod in its own user namespace
 * (`spec.hostUsers: false`) may use any procMount; `procMount_restricted` keeps the strict rule
 * at the restricted level.
 */
export const procMount: PssCheck = {
  id: 'procMount',
  level: 'baseline',
  revisions: [
    { since: 0, check: procMountDefaultOnly },
    { since: 35, check: (pod) => (pod.userNamespace ? undefined : procMountDefaultOnly(pod)) },
  ],
};
