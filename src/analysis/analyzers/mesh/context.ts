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

const contexts = new WeakMap<MeshResult, MeshContext>();

export function attachContext(result: MeshResult, ctx: MeshContext): void {
  contexts.set(result, ctx);
}

/** The context {@link analyzeMesh} attached to its result. */
export function meshContext(result: MeshResult): MeshContext {
  const ctx = contexts.get(result);
  if (!ctx) throw new Error('this MeshResult was not produced by analyzeMesh');
  return ctx;
}

