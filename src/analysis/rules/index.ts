import type { Rule } from '../define-rule.js';
import noPrivilegeEscalation from './workload/no-privilege-escalation.js';
import noPrivileged from './workload/no-privileged.js';
import pssAdmissionRejected from './workload/pss-admission-rejected.js';
import pssNamespaceEnforced from './workload/pss-namespace-enforced.js';
import runAsNonRoot from './workload/run-as-non-root.js';

/** Every rule kubeward ships, in the order `kubeward rules` lists them. */
export const allRules: readonly Rule[] = [
  noPrivileged, noPrivilegeEscalation, runAsNonRoot, pssNamespaceEnforced, pssAdmissionRejected,
];
