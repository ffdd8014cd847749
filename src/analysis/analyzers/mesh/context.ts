import type { CiliumAuth, CiliumEncryption } from './cilium.js';
import type { DeclaredPort, PodMeta } from './common.js';
import type { DestRule, NamespaceInfo, PeerAuthIndex } from './istio.js';
import type { Service, ServicePort } from './services.js';
import type { MeshResult, WorkloadMtls } from './types.js';

/** Internal state a {@link MeshResult} carries for hop classification. */
export interface MeshContext {
  rootNamespace: string;
  autoMtls: boolean;
  clusterDomain: string;
  paIndex: PeerAuthIndex;
  rules: DestRule[];
  services: Service[];
  encryption: CiliumEncryption | undefined;
  ciliumAuth: CiliumAuth;
  details: Map<string, WorkloadDetail>;
}

export interface WorkloadDetail {
  mtls: WorkloadMtls;
  meta: PodMeta;
  ns: NamespaceInfo;
  declared: DeclaredPort[];
  /** Service ports that send to this workload, with the container port they reach. */
  routes: { service: Service; port: ServicePort; target: number }[];
}

/** The part of a {@link MeshContext} that the analysis itself settles. */
export type MeshContextBase = Omit<MeshContext, 'services' | 'details'>;

/** The part of a {@link MeshContext} built from the input when first needed. */
export type MeshContextParts = Pick<MeshContext, 'services' | 'details'>;

interface Attached {
  base: MeshContextBase;
  parts: () => MeshContextParts;
  full?: MeshContext;
}

const contexts = new WeakMap<MeshResult, Attached>();

export function attachContext(result: MeshResult, base: MeshContextBase, parts: () => MeshContextParts): void {
  contexts.set(result, { base, parts });
}

/** The context {@link analyzeMesh} attached to its result. */
export function meshContext(result: MeshResult): MeshContext {
  const attached = contexts.get(result);
  if (!attached) throw new Error('this MeshResult was not produced by analyzeMesh');
  if (!attached.full) {
    const { rootNamespace, autoMtls, clusterDomain, paIndex, rules, encryption, ciliumAuth } = attached.base;
    const { services, details } = attached.parts();
    attached.full = { rootNamespace, autoMtls, clusterDomain, paIndex, rules, services, encryption, ciliumAuth, details };
  }
  return attached.full;
}
