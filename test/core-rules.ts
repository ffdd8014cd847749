import noPrivilegeEscalation from '../src/analysis/rules/workload/no-privilege-escalation.js';
import noPrivileged from '../src/analysis/rules/workload/no-privileged.js';
import runAsNonRoot from '../src/analysis/rules/workload/run-as-non-root.js';

/**
 * The three rules tests of the loader, engine and reporters scan with, so that rules added later
 * do not change what those tests expect of a real scan.
 */
export const CORE_RULES = [noPrivileged, noPrivilegeEscalation, runAsNonRoot];
