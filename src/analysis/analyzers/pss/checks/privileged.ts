import type { Path } from '../../../../model/path.js';
import type { PssCheck } from '../check.js';
import { containersPhrase } from '../pod.js';

/**
 * Baseline, v1.0+: privileged containers are forbidden.
 * Restricted field: `securityContext.privileged` of every container; allowed: false / unset.
 */
export const privileged: PssCheck = {
  id: 'privileged',
  level: 'baseline',
  revisions: [
    {
      since: 0,
      check(pod) {
        const bad: string[] = [];
        const paths: Path[] = [];
        for (const c of pod.containers) {
          if (c.securityContext?.privileged === true) {
            bad.push(c.name);
            paths.push([...c.path, 'securityContext', 'privileged']);
          }
        }
        if (bad.length === 0) return undefined;
        return {
          reason: 'privileged',
          detail: `${containersPhrase(bad)} must not set securityContext.privileged=true`,
          paths,
        };
      },
    },
  ],
};
