import type { Path } from '../../../../model/path.js';
import type { PssCheck } from '../check.js';
import { containersPhrase, pluralize, record } from '../pod.js';

/**
 * Baseline, v1.0+: host ports are forbidden. Restricted field: `ports[*].hostPort` of every
 * container; allowed: 0 / unset.
 */
export const hostPorts: PssCheck = {
  id: 'hostPorts',
  level: 'baseline',
  revisions: [
    {
      since: 0,
      check(pod) {
        const bad: string[] = [];
        const ports = new Set<number>();
        const paths: Path[] = [];
        for (const c of pod.containers) {
          if (!Array.isArray(c.raw.ports)) continue;
          let valid = true;
          c.raw.ports.forEach((p, i) => {
            const hostPort = record(p)?.hostPort;
            if (typeof hostPort !== 'number' || hostPort === 0) return;
            valid = false;
            ports.add(hostPort);
            paths.push([...c.path, 'ports', i, 'hostPort']);
          });
          if (!valid) bad.push(c.name);
        }
        if (bad.length === 0) return undefined;
        const list = [...ports].map(String).sort();
        return {
          reason: 'hostPort',
          detail:
            `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ` +
            `${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
          paths,
        };
      },
    },
  ],
};
