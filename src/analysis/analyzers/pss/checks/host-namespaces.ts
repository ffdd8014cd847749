import type { Path } from '../../../../model/path.js';
import type { PssCheck } from '../check.js';

/**
 * Baseline, v1.0+: sharing the host's network, PID or IPC namespace is forbidden.
 * Restricted fields: `spec.hostNetwork`, `spec.hostPID`, `spec.hostIPC`; allowed: false / unset.
 */
export const hostNamespaces: PssCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  revisions: [
    {
      since: 0,
      check(pod) {
        const names: string[] = [];
        const paths: Path[] = [];
        for (const field of ['hostIPC', 'hostNetwork', 'hostPID'] as const) {
          if (pod.spec[field] === true) {
            names.push(`${field}=true`);
            paths.push(['spec', field]);
          }
        }
        if (names.length === 0) return undefined;
        return { reason: 'host namespaces', detail: names.join(', '), paths };
      },
    },
  ],
};
