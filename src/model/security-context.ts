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

/** One entry of a container's `securityContext.capabilities.add` or `.drop`. */
export interface CapabilityEntry {
  /** As written. */
  value: string;
  /**
   * Whether the entry means every capability. Runtimes compare `ALL` case-insensitively
   * (containerd, CRI-O and Docker alike); `CAP_ALL` is not `ALL` to any of them.
   */
  all: boolean;
  /**
   * The capability name upper-cased and without a `CAP_` prefix, as CRI-O and Docker read it
   * (`cap_sys_admin` and `CAP_SYS_ADMIN` are `SYS_ADMIN`); `ALL` for an all-entry.
   */
  name: string;
  /**
   * Whether the entry carries a `CAP_` prefix. containerd prefixes `CAP_` unconditionally, so such
   * an entry names no capability there (runc ignores unknown names) while CRI-O and Docker honour it.
   */
  prefixed: boolean;
  path: Path;
}

/** A container's `securityContext.capabilities`, entry by entry (non-string entries are skipped). */
export interface ContainerCapabilities {
  add: CapabilityEntry[];
  drop: CapabilityEntry[];
  /** Path of `securityContext.capabilities`. */
  path: Path;
}

/** The capabilities a container adds and drops, each entry normalised the way container runtimes read it. */
export function containerCapabilities(c: ContainerRef): ContainerCapabilities {
  const caps = containerSecurityField<unknown>(c, 'capabilities');
  const record = isRecord(caps.value) ? caps.value : {};
  const entries = (list: 'add' | 'drop'): CapabilityEntry[] => {
    const raw = record[list];
    if (!Array.isArray(raw)) return [];
    const out: CapabilityEntry[] = [];
    raw.forEach((value, i) => {
      if (typeof value !== 'string') return;
      const upper = value.toUpperCase();
      const all = upper === 'ALL';
      const prefixed = upper.startsWith('CAP_');
      out.push({ value, all, name: all ? 'ALL' : prefixed ? upper.slice(4) : upper, prefixed, path: [...caps.path, list, i] });
    });
    return out;
  };
  return { add: entries('add'), drop: entries('drop'), path: caps.path };
}
