import { podTemplateOf, type KubeObject, type Path } from '../../../model/index.js';
import { evaluatePod, highestLevel, type PssLevel, type PssViolation } from './index.js';

/** A PSS violation with its paths made relative to the workload object (not the pod). */
export interface WorkloadPssViolation extends Omit<PssViolation, 'paths'> {
  paths: Path[];
}

export interface WorkloadPssResult {
  allowed: boolean;
  meets: PssLevel;
  violations: WorkloadPssViolation[];
}

/**
 * Judges a workload's pod template like a Pod: the template of a Deployment (or any controller) is
 * what the pods it creates will be. Undefined for objects without a pod template.
 */
export function evaluateWorkload(obj: KubeObject, level: PssLevel, version: string): WorkloadPssResult | undefined {
  const tpl = podTemplateOf(obj);
  if (!tpl) return undefined;
  const pod = { metadata: tpl.metadata, spec: tpl.spec };
  const base = tpl.specPath.slice(0, -1);
  const violations = evaluatePod(pod, level, version).map((v) => ({ ...v, paths: v.paths.map((p) => [...base, ...p]) }));
  return { allowed: violations.length === 0, meets: highestLevel(pod, version), violations };
}
