import type { Path } from '../../../model/path.js';
import { isRecord, stringMap } from '../../../model/object.js';
import { containersOfSpec, type ContainerRef, type PodTemplate } from '../../../model/workloads.js';
import { isWindowsPod } from '../../../model/security-context.js';

/**
 * A pod as the checks read it, with every path relative to the pod (`['spec', ...]`,
 * `['metadata', ...]`).
 *
 * Presence follows the Go API types the admission controller decodes into: a pointer field is
 * "set" when it holds a value (a YAML `null` is the same as leaving it out), a missing string is
 * `""`, a missing number is `0`, a missing bool is `false`.
 */
export interface PodView {
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  annotations: Record<string, string>;
  /** `spec.securityContext`, when it is an object. */
  securityContext: Record<string, unknown> | undefined;
  /** Init, regular and ephemeral containers, in the order the admission controller visits them. */
  containers: readonly PssContainer[];
  /** `spec.os.name: windows`. */
  isWindows: boolean;
  /** `spec.hostUsers: false`: the pod runs in its own user namespace. */
  userNamespace: boolean;
}

export interface PssContainer {
  name: string;
  /** Path of the container, e.g. `['spec', 'initContainers', 0]`. */
  path: Path;
  raw: Record<string, unknown>;
  /** The container's `securityContext`, when it is an object. */
  securityContext: Record<string, unknown> | undefined;
}

export const SPEC: Path = ['spec'];
export const POD_SECURITY_CONTEXT: Path = ['spec', 'securityContext'];

export function podView(pod: { metadata?: unknown; spec?: unknown }): PodView {
  const metadata = isRecord(pod.metadata) ? pod.metadata : {};
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const template: PodTemplate = { metadata, metadataPath: ['metadata'], spec, specPath: SPEC };
  return {
    metadata,
    spec,
    annotations: stringMap(metadata.annotations),
    securityContext: record(spec.securityContext),
    containers: containersOfSpec(spec, SPEC).map(toContainer),
    isWindows: isWindowsPod(template),
    userNamespace: spec.hostUsers === false,
  };
}

function toContainer(ref: ContainerRef): PssContainer {
  return { name: ref.name, path: ref.path, raw: ref.container, securityContext: record(ref.container.securityContext) };
}

/** The value when it is an object, else undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** Whether a pointer field is set: anything but absent or `null`. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A Go string field: `""` when absent or not a string. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `"a", "b"`, the way admission messages quote names. */
export function joinQuote(items: readonly string[]): string {
  return items.map((s) => JSON.stringify(s)).join(', ');
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Sorted unique strings (admission messages list forbidden values as sorted sets). */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
