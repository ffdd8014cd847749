import { isRecord } from './object.js';
import type { Path } from './path.js';
import type { ContainerRef, PodTemplate } from './workloads.js';

/** A securityContext field's effective value for a container, and where it is set. */
export interface EffectiveField<T> {
  value: T | undefined;
  /** Path of the field that decides it, or undefined when neither level sets it. */
  path: Path | undefined;
  from: 'container' | 'pod' | undefined;
}

/**
 * Fields of PodSecurityContext that a container's securityContext overrides (the kubelet merges
 * them this way: container wins when set, otherwise the pod-level value applies).
 */
export type InheritedField = 'runAsUser' | 'runAsGroup' | 'runAsNonRoot' | 'seLinuxOptions' | 'seccompProfile' | 'windowsOptions' | 'appArmorProfile';

/** The effective value of an inherited securityContext field for one container. */
export function effectiveSecurityField<T = unknown>(tpl: PodTemplate, c: ContainerRef, field: InheritedField): EffectiveField<T> {
  const own = isRecord(c.container.securityContext) ? c.container.securityContext : undefined;
  if (own && own[field] !== undefined && own[field] !== null) {
    return { value: own[field] as T, path: [...c.path, 'securityContext', field], from: 'container' };
  }
  const pod = isRecord(tpl.spec.securityContext) ? tpl.spec.securityContext : undefined;
  if (pod && pod[field] !== undefined && pod[field] !== null) {
    return { value: pod[field] as T, path: [...tpl.specPath, 'securityContext', field], from: 'pod' };
  }
  return { value: undefined, path: undefined, from: undefined };
}

/** A container-only securityContext field (privileged, allowPrivilegeEscalation, capabilities...). */
export function containerSecurityField<T = unknown>(c: ContainerRef, field: string): { value: T | undefined; path: Path } {
  const own = isRecord(c.container.securityContext) ? c.container.securityContext : undefined;
  const value = own?.[field];
  return { value: value === null ? undefined : (value as T | undefined), path: [...c.path, 'securityContext', field] };
}

/** Whether a pod spec declares a Windows pod (`spec.os.name: windows`). */
export function isWindowsPod(tpl: PodTemplate): boolean {
  return isRecord(tpl.spec.os) && tpl.spec.os.name === 'windows';
}
