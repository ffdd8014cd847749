import type { Path } from '../../../../model/path.js';
import type { CheckFn, PssCheck } from '../check.js';
import { containersPhrase, joinQuote, pluralize, POD_SECURITY_CONTEXT, record, sortedSet, str } from '../pod.js';

const TYPES_1_0: readonly string[] = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_1_31: readonly string[] = [...TYPES_1_0, 'container_engine_t'];

/** The SELinux types the newest revision allows (`""` stands for an unset type). */
export const LATEST_ALLOWED_SELINUX_TYPES: readonly string[] = TYPES_1_31;

function seLinuxOptionsCheck(allowedTypes: readonly string[]): CheckFn {
  return (pod) => {
    const setters: string[] = [];
    const badTypes: string[] = [];
    const paths: Path[] = [];
    let setUser = false;
    let setRole = false;

    /** Records what is wrong with one seLinuxOptions object; true when it is fine. */
    const valid = (opts: Record<string, unknown>, path: Path): boolean => {
      let ok = true;
      const type = str(opts.type);
      if (!allowedTypes.includes(type)) {
        ok = false;
        badTypes.push(type);
        paths.push([...path, 'type']);
      }
      if (str(opts.user) !== '') {
        ok = false;
        setUser = true;
        paths.push([...path, 'user']);
      }
      if (str(opts.role) !== '') {
        ok = false;
        setRole = true;
        paths.push([...path, 'role']);
      }
      return ok;
    };

    const podOpts = record(pod.securityContext?.seLinuxOptions);
    if (podOpts && !valid(podOpts, [...POD_SECURITY_CONTEXT, 'seLinuxOptions'])) setters.push('pod');
    const bad: string[] = [];
    for (const c of pod.containers) {
      const opts = record(c.securityContext?.seLinuxOptions);
      if (opts && !valid(opts, [...c.path, 'securityContext', 'seLinuxOptions'])) bad.push(c.name);
    }
    if (bad.length > 0) setters.push(containersPhrase(bad));
    if (setters.length === 0) return undefined;

    const problems: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) problems.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) problems.push('user may not be set');
    if (setRole) problems.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${problems.join('; ')}`,
      paths,
    };
  };
}

/**
 * Baseline: custom SELinux user and role are forbidden, and the type is limited to the container
 * types. Restricted fields: `seLinuxOptions.{type,user,role}` of the pod and of every container.
 * Allowed types: "", container_t, container_init_t, container_kvm_t; v1.31 adds container_engine_t.
 */
export const seLinuxOptions: PssCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  revisions: [
    { since: 0, check: seLinuxOptionsCheck(TYPES_1_0) },
    { since: 31, check: seLinuxOptionsCheck(TYPES_1_31) },
  ],
};
