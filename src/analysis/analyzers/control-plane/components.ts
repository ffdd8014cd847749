import path from 'node:path';
import {
  containersOfSpec, hostPathOfContainerPath, isRecord, objectLabel, objectRef, podTemplateOf, WORKLOAD_KINDS,
  type ContainerRef, type KubeObject, type ObjectSet, type Path, type PodTemplate,
} from '../../../model/index.js';
import { parseFlags, type ArgToken, type FlagSet, type FlagSpec } from './flags.js';

export const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler'] as const;
export type ComponentName = (typeof CONTROL_PLANE_COMPONENTS)[number];

const PFLAG_COMMON = ['logtostderr', 'alsologtostderr', 'add-dir-header', 'skip-headers', 'skip-log-headers', 'one-output', 'help', 'version',
  'permit-port-sharing', 'permit-address-sharing', 'contention-profiling', 'profiling', 'authentication-skip-lookup',
  'authentication-tolerate-lookup-failure', 'leader-elect', 'enable-contention-profiling', 'log-flush-frequency-enabled'];

/**
 * Boolean flags per component: they never take the next argument as a value. Lists from each
 * component's `--help`; a flag missing here is still parsed right in the `--name=value` form.
 */
const BOOLEAN_FLAGS: Record<ComponentName, readonly string[]> = {
  'kube-apiserver': [...PFLAG_COMMON, 'anonymous-auth', 'allow-privileged', 'enable-aggregator-routing', 'enable-bootstrap-token-auth',
    'enable-garbage-collector', 'enable-priority-and-fairness', 'service-account-lookup', 'service-account-extend-token-expiration',
    'audit-log-compress', 'audit-log-batch-throttle-enable', 'audit-webhook-batch-throttle-enable', 'audit-log-truncate-enabled',
    'audit-webhook-truncate-enabled', 'enable-logs-handler', 'watch-cache', 'storage-initialization-timeout-enabled',
    'aggregator-reject-forwarding-redirect', 'disable-http2-serving', 'enable-admission-plugins-strict', 'strict-transport-security-directives-enabled',
    'kubelet-https', 'enable-swagger-ui', 'insecure-skip-tls-verify'],
  'kube-controller-manager': [...PFLAG_COMMON, 'use-service-account-credentials', 'allocate-node-cidrs', 'configure-cloud-routes',
    'enable-dynamic-provisioning', 'enable-garbage-collector', 'enable-hostpath-provisioner', 'enable-taint-manager',
    'enable-leader-migration', 'controllers-enable-all'],
  'kube-scheduler': [...PFLAG_COMMON],
  etcd: ['client-cert-auth', 'peer-client-cert-auth', 'auto-tls', 'peer-auto-tls', 'strict-reconfig-check', 'enable-pprof',
    'force-new-cluster', 'enable-v2', 'enable-grpc-gateway', 'pre-vote', 'debug', 'version', 'help', 'unsafe-no-fsync',
    'enable-log-rotation', 'socket-reuse-port', 'socket-reuse-address', 'peer-skip-client-san-verification',
    'experimental-initial-corrupt-check', 'experimental-enable-lease-checkpoint', 'experimental-enable-lease-checkpoint-persist',
    'experimental-enable-distributed-tracing', 'experimental-peer-skip-client-san-verification', 'experimental-memory-mlock',
    'experimental-stop-grpc-service-on-defrag', 'experimental-txn-mode-write-with-shared-buffer', 'experimental-enable-v2v3',
    'log-outputs-stderr'],
};

const SPECS = Object.fromEntries(
  CONTROL_PLANE_COMPONENTS.map((c): [ComponentName, FlagSpec] => [c, { syntax: c === 'etcd' ? 'goflag' : 'pflag', booleans: new Set(BOOLEAN_FLAGS[c]) }]),
) as Record<ComponentName, FlagSpec>;

/** The flag syntax and boolean flags of a component, for parsing a command line of it elsewhere. */
export function flagSpecOf(component: ComponentName): FlagSpec {
  return SPECS[component];
}

// hyperkube and the old all-in-one images name the component as the first argument.
const HYPERKUBE_NAMES: Record<string, ComponentName> = {
  'kube-apiserver': 'kube-apiserver', apiserver: 'kube-apiserver',
  'kube-controller-manager': 'kube-controller-manager', 'controller-manager': 'kube-controller-manager',
  'kube-scheduler': 'kube-scheduler', scheduler: 'kube-scheduler',
};

/** One running control-plane component: the container that runs it and its parsed command line. */
export interface ComponentInstance {
  component: ComponentName;
  obj: KubeObject;
  container: ContainerRef;
  template: PodTemplate;
  flags: FlagSet;
  /** Path of the container's `command` list: where a finding about a missing flag points. */
  commandPath: Path;
  /** Literal environment variables of the container (values from `valueFrom` are undefined). */
  env: Map<string, { value: string | undefined; path: Path }>;
  /** How messages name it: `kube-apiserver in Pod/kube-system/kube-apiserver-cp1`. */
  label: string;
}

/** Which component a container runs, judged by its command. */
export function componentOfContainer(container: Record<string, unknown>): { component: ComponentName; skip: number } | undefined {
  const command = Array.isArray(container.command) ? container.command : [];
  const first = command[0];
  if (typeof first !== 'string') return undefined;
  const base = path.posix.basename(first.trim());
  if ((CONTROL_PLANE_COMPONENTS as readonly string[]).includes(base)) return { component: base as ComponentName, skip: 1 };
  if (base === 'hyperkube') {
    const second = command[1];
    const named = typeof second === 'string' ? HYPERKUBE_NAMES[second] : undefined;
    if (named) return { component: named, skip: 2 };
  }
  return undefined;
}

/** The command line after the program name: `command[skip...]` then `args`, each with its path. */
function argTokens(c: ContainerRef, skip: number): ArgToken[] {
  const out: ArgToken[] = [];
  for (const field of ['command', 'args'] as const) {
    const list = c.container[field];
    if (!Array.isArray(list)) continue;
    list.forEach((v, i) => {
      if (field === 'command' && i < skip) return;
      // The kubelet passes each element as one argv entry; YAML numbers and booleans become strings.
      if (v !== null && v !== undefined) out.push({ text: String(v), path: [...c.path, field, i] });
    });
  }
  return out;
}

function envOf(c: ContainerRef): Map<string, { value: string | undefined; path: Path }> {
  const out = new Map<string, { value: string | undefined; path: Path }>();
  const list = c.container.env;
  if (!Array.isArray(list)) return out;
  list.forEach((e, i) => {
    if (!isRecord(e) || typeof e.name !== 'string') return;
    const literal = e.value === undefined || e.value === null ? (e.valueFrom === undefined ? '' : undefined) : String(e.value);
    // A later entry with the same name wins, as in the kubelet.
    out.set(e.name, { value: literal, path: [...c.path, 'env', i, literal === undefined ? 'valueFrom' : 'value'] });
  });
  return out;
}

/** Every control-plane component found in the objects: static Pods, mirror Pods, or any workload running one. */
export function discoverComponents(set: ObjectSet): ComponentInstance[] {
  const out: ComponentInstance[] = [];
  for (const kind of WORKLOAD_KINDS) {
    for (const obj of set.ofKind(kind)) {
      const template = podTemplateOf(obj);
      if (!template) continue;
      // Init containers run to completion before the component starts; they are not the component.
      for (const c of containersOfSpec(template.spec, template.specPath)) {
        if (c.field !== 'containers') continue;
        const found = componentOfContainer(c.container);
        if (!found) continue;
        out.push({
          component: found.component,
          obj,
          container: c,
          template,
          flags: parseFlags(argTokens(c, found.skip), SPECS[found.component]),
          commandPath: [...c.path, 'command'],
          env: envOf(c),
          label: `${found.component} in ${objectLabel(objectRef(obj))}`,
        });
      }
    }
  }
  return out;
}

/**
 * Where a path the component reads lives on the host: through the container's volume mounts
 * (the deepest mount wins, as nested mounts shadow their parents) of `hostPath` volumes.
 * Undefined when the path is not on a hostPath mount (it is in the image or another volume).
 * Relative paths are taken from `/`, the working directory of the control-plane images.
 */
export function hostPathOf(inst: ComponentInstance, containerPath: string): string | undefined {
  return hostPathOfContainerPath(inst.container.container, inst.template.spec, containerPath);
}
