import type { Path } from '../../../../model/path.js';
import type { PssCheck } from '../check.js';
import { isSet, joinQuote, pluralize, record, str } from '../pod.js';

/**
 * Baseline, v1.0+: hostPath volumes are forbidden. Restricted field: `spec.volumes[*].hostPath`.
 * At the restricted level `restrictedVolumes` replaces it (it forbids hostPath too).
 */
export const hostPathVolumes: PssCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  revisions: [
    {
      since: 0,
      check(pod) {
        const names: string[] = [];
        const paths: Path[] = [];
        const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
        volumes.forEach((v, i) => {
          const volume = record(v);
          if (!volume || !isSet(volume.hostPath)) return;
          names.push(str(volume.name));
          paths.push(['spec', 'volumes', i, 'hostPath']);
        });
        if (names.length === 0) return undefined;
        return {
          reason: 'hostPath volumes',
          detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
          paths,
        };
      },
    },
  ],
};
