import type { Path } from '../../../../model/path.js';
import type { PssCheck } from '../check.js';
import { containersPhrase, joinQuote, record, sortedSet, str } from '../pod.js';

/** Capabilities the baseline level lets a container add (the container runtime's default set). */
export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/**
 * Baseline, v1.0+: adding capabilities beyond the default set (e.g. NET_RAW, SYS_ADMIN) is
 * forbidden. Restricted field: `securityContext.capabilities.add` of every container.
 * At the restricted level `capabilities_restricted` replaces it from v1.22.
 */
export const capabilitiesBaseline: PssCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  revisions: [
    {
      since: 0,
      check(pod) {
        const bad: string[] = [];
        const caps: string[] = [];
        const paths: Path[] = [];
        for (const c of pod.containers) {
          const add = record(c.securityContext?.capabilities)?.add;
          if (!Array.isArray(add)) continue;
          let valid = true;
          add.forEach((cap, i) => {
            if (BASELINE_ALLOWED_CAPABILITIES.has(str(cap))) return;
            valid = false;
            caps.push(str(cap));
            paths.push([...c.path, 'securityContext', 'capabilities', 'add', i]);
          });
          if (!valid) bad.push(c.name);
        }
        if (bad.length === 0) return undefined;
        return {
          reason: 'non-default capabilities',
          detail: `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`,
          paths,
        };
      },
    },
  ],
};
