import type { Path } from '../../../../model/path.js';
import type { CheckFn, PssCheck } from '../check.js';
import { record, str } from '../pod.js';

/** Safe sysctls by the policy version that first allows them. */
const SAFE_SYSCTLS_SINCE: readonly [number, readonly string[]][] = [
  [0, [
    'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies',
    'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start',
  ]],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

/** The sysctls the baseline level allows at a policy minor version. */
export function safeSysctls(minor: number): ReadonlySet<string> {
  return new Set(SAFE_SYSCTLS_SINCE.filter(([since]) => since <= minor).flatMap(([, names]) => names));
}

function sysctlsCheck(allowed: ReadonlySet<string>): CheckFn {
  return (pod) => {
    const sysctls = pod.securityContext?.sysctls;
    if (!Array.isArray(sysctls)) return undefined;
    const names: string[] = [];
    const paths: Path[] = [];
    sysctls.forEach((s, i) => {
      const name = str(record(s)?.name);
      if (allowed.has(name)) return;
      names.push(name);
      paths.push(['spec', 'securityContext', 'sysctls', i, 'name']);
    });
    if (names.length === 0) return undefined;
    return { reason: 'forbidden sysctls', detail: names.join(', '), paths };
  };
}

/**
 * Baseline: only namespaced, isolated ("safe") sysctls may be set. Restricted field:
 * `spec.securityContext.sysctls[*].name`. The safe list grows at v1.27, v1.29, v1.32 and v1.37.
 */
export const sysctls: PssCheck = {
  id: 'sysctls',
  level: 'baseline',
  revisions: SAFE_SYSCTLS_SINCE.map(([since]) => ({ since, check: sysctlsCheck(safeSysctls(since)) })),
};
