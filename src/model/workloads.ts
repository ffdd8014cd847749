import { annotationsOf, isRecord, metadataOf, type KubeObject } from './object.js';
import type { Path } from './path.js';

/** Kinds that carry a pod spec, directly or in a template. */
export const WORKLOAD_KINDS = [
  'Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob',
  'ReplicationController', 'PodTemplate',
] as const;

/** Where each workload kind keeps its pod metadata and spec. */
const POD_TEMPLATE_PATH: Record<string, Path> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod part of a workload: its metadata and spec, with their paths inside the object. */
export interface PodTemplate {
  metadata: Record<string, unknown>;
  metadataPath: Path;
  spec: Record<string, unknown>;
  specPath: Path;
}

export function isWorkload(obj: KubeObject): boolean {
  return obj.kind in POD_TEMPLATE_PATH;
}

/** The pod template of a workload; undefined for other kinds or a template without a spec. */
export function podTemplateOf(obj: KubeObject): PodTemplate | undefined {
  const base = POD_TEMPLATE_PATH[obj.kind];
  if (!base) return undefined;
  let node: unknown = obj.raw;
  for (const seg of base) node = isRecord(node) ? node[seg as string] : undefined;
  if (!isRecord(node) || !isRecord(node.spec)) return undefined;
  return {
    metadata: isRecord(node.metadata) ? node.metadata : {},
    metadataPath: [...base, 'metadata'],
    spec: node.spec,
    specPath: [...base, 'spec'],
  };
}

export const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerField = (typeof CONTAINER_FIELDS)[number];

/** One container of a pod spec, with its path inside the object. */
export interface ContainerRef {
  container: Record<string, unknown>;
  name: string;
  field: ContainerField;
  path: Path;
}

/** Every container of a pod spec: init, regular and ephemeral, in that order. */
export function containersOfSpec(spec: Record<string, unknown>, specPath: Path): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of CONTAINER_FIELDS) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, i) => {
      if (!isRecord(container)) return;
      const name = typeof container.name === 'string' ? container.name : `${field}[${i}]`;
      out.push({ container, name, field, path: [...specPath, field, i] });
    });
  }
  return out;
}

/** Every container of a workload object. */
export function containersOf(obj: KubeObject): ContainerRef[] {
  const tpl = podTemplateOf(obj);
  return tpl ? containersOfSpec(tpl.spec, tpl.specPath) : [];
}

/** One volume of a pod spec, with its path inside the object. */
export interface VolumeRef {
  volume: Record<string, unknown>;
  name: string;
  path: Path;
}

export function volumesOf(tpl: PodTemplate): VolumeRef[] {
  const list = tpl.spec.volumes;
  if (!Array.isArray(list)) return [];
  const out: VolumeRef[] = [];
  list.forEach((volume, i) => {
    if (isRecord(volume)) out.push({ volume, name: typeof volume.name === 'string' ? volume.name : '', path: [...tpl.specPath, 'volumes', i] });
  });
  return out;
}

/** A container's mounts of one volume, with their paths. */
export function mountsOfVolume(c: ContainerRef, volumeName: string): { mount: Record<string, unknown>; path: Path }[] {
  const list = c.container.volumeMounts;
  if (!Array.isArray(list)) return [];
  const out: { mount: Record<string, unknown>; path: Path }[] = [];
  list.forEach((mount, i) => {
    if (isRecord(mount) && mount.name === volumeName) out.push({ mount, path: [...c.path, 'volumeMounts', i] });
  });
  return out;
}

/**
 * Workload kinds whose pods run until stopped: the controllers that keep pods running, and bare
 * Pods. Jobs and CronJobs run to completion; a PodTemplate's use is unknown.
 */
export const LONG_RUNNING_KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController'] as const;

/** Whether a pod runs to completion: `restartPolicy` is `Never` or `OnFailure` (the default is `Always`). */
export function runsToCompletion(tpl: PodTemplate): boolean {
  return tpl.spec.restartPolicy === 'Never' || tpl.spec.restartPolicy === 'OnFailure';
}

/** Whether a workload is a run-to-completion kind (probes and some checks do not apply). */
export function isBatchWorkload(kind: string): boolean {
  return kind === 'Job' || kind === 'CronJob';
}

/**
 * Whether a container is a sidecar: an init container with `restartPolicy: Always`, which keeps
 * running beside the regular containers for the pod's life and, unlike other init containers,
 * may have liveness, readiness and startup probes.
 */
export function isSidecarContainer(c: ContainerRef): boolean {
  return c.field === 'initContainers' && c.container.restartPolicy === 'Always';
}

/**
 * The containers of a long-running pod that can have liveness and readiness probes: regular
 * containers and sidecars. Empty for pods that run to completion; init and ephemeral containers
 * are left out because the API forbids probes on them.
 */
export function probedContainersOf(obj: KubeObject): { container: ContainerRef; sidecar: boolean }[] {
  const tpl = podTemplateOf(obj);
  if (!tpl || runsToCompletion(tpl)) return [];
  return containersOf(obj)
    .map((c) => ({ container: c, sidecar: isSidecarContainer(c) }))
    .filter(({ container, sidecar }) => container.field === 'containers' || sidecar);
}

/** The owner an object names with `controller: true` in `metadata.ownerReferences`, if any. */
export function controllerOwnerOf(obj: KubeObject): { kind: string; name: string } | undefined {
  const refs = metadataOf(obj).ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    if (isRecord(r) && r.controller === true && typeof r.kind === 'string' && typeof r.name === 'string') {
      return { kind: r.kind, name: r.name };
    }
  }
  return undefined;
}

/** Whether a Pod is the API server's mirror of a static pod that a kubelet runs from a file. */
export function isMirrorPod(obj: KubeObject): boolean {
  return obj.kind === 'Pod' && annotationsOf(obj)['kubernetes.io/config.mirror'] !== undefined;
}
