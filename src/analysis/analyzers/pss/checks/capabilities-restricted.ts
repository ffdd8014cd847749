import type { Path } from '../../../../model/path.js';
import type { CheckFn, PssCheck } from '../check.js';
import { containersPhrase, joinQuote, record, sortedSet, str } from '../pod.js';

const capabilitiesRestrictedCheck: CheckFn = (pod) => {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbidden: string[] = [];
  const paths: Path[] = [];
  for (const c of pod.containers) {
    const capsPath: Path = [...c.path, 'securityContext', 'capabilities'];
    const caps = record(c.securityContext?.capabilities);
    const drop = Array.isArray(caps?.drop) ? caps.drop : [];
    if (!drop.some((d) => d === 'ALL')) {
      missingDropAll.push(c.name);
      paths.push([...capsPath, 'drop']);
    }
    const add = Array.isArray(caps?.add) ? caps.add : [];
    let adds = false;
    add.forEach((cap, i) => {
      if (cap === 'NET_BIND_SERVICE') return;
      adds = true;
      forbidden.push(str(cap));
      paths.push([...capsPath, 'add', i]);
    });
    if (adds) addingForbidden.push(c.name);
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
    );
  }
  if (details.length === 0) return undefined;
  return { reason: 'unrestricted capabilities', detail: details.join('; '), paths };
};

/**
 * Restricted, v1.22+: every container must drop ALL capabilities and may add back only
 * NET_BIND_SERVICE. Restricted fields: `securityContext.capabilities.drop` (must include "ALL")
 * and `.add` (NET_BIND_SERVICE or nothing). From v1.25 Windows pods are exempt. Replaces
 * `capabilities_baseline` at the restricted level.
 */
export const capabilitiesRestricted: PssCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  revisions: [
    { since: 22, check: capabilitiesRestrictedCheck, overrides: ['capabilities_baseline'] },
    {
      since: 25,
      check: (pod) => (pod.isWindows ? undefined : capabilitiesRestrictedCheck(pod)),
      overrides: ['capabilities_baseline'],
    },
  ],
};
