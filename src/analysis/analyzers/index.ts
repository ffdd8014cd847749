/**
 * The analyzers, one namespace each, so their names never clash: `pss.evaluatePod`,
 * `reachability.computeReachability`, `rbac.buildRbacIndex`, `mesh`, `controlPlane`,
 * `encryption`, `kubeconfig`, `auditPolicy`, `secretDetection`.
 */
export * as pss from './pss/index.js';
export * as reachability from './reachability/index.js';
export * as rbac from './rbac/index.js';
export * as mesh from './mesh/index.js';
export * as controlPlane from './control-plane/index.js';
export * as encryption from './encryption/index.js';
export * as kubeconfig from './kubeconfig/index.js';
export * as auditPolicy from './audit-policy/index.js';
export * as secretDetection from './secret-detection/index.js';
