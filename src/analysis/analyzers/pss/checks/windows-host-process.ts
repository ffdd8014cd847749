import type { Path } from '../../../../model/path.js';
import type { PssCheck } from '../check.js';
import { containersPhrase, POD_SECURITY_CONTEXT, record } from '../pod.js';

/**
 * Baseline, v1.0+: Windows HostProcess containers are forbidden. Restricted fields:
 * `securityContext.windowsOptions.hostProcess` of the pod and of every container; allowed: false / unset.
 */
export const windowsHostProcess: PssCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  revisions: [
    {
      since: 0,
      check(pod) {
        const setters: string[] = [];
        const paths: Path[] = [];
        if (record(pod.securityContext?.windowsOptions)?.hostProcess === true) {
          setters.push('pod');
          paths.push([...POD_SECURITY_CONTEXT, 'windowsOptions', 'hostProcess']);
        }
        const bad: string[] = [];
        for (const c of pod.containers) {
          if (record(c.securityContext?.windowsOptions)?.hostProcess !== true) continue;
          bad.push(c.name);
          paths.push([...c.path, 'securityContext', 'windowsOptions', 'hostProcess']);
        }
        if (bad.length > 0) setters.push(containersPhrase(bad));
        if (setters.length === 0) return undefined;
        return {
          reason: 'hostProcess',
          detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
          paths,
        };
      },
    },
  ],
};
