import path from 'node:path';
import {
  ETCD_CONFIG_KIND, isFileLocation, locate, nodeFileSpec, NODE_FILE_KIND,
  type KubeObject, type NodeFileSpec, type ObjectSet, type Path,
} from '../../../model/index.js';
import { defineAnalyzer } from '../../analyzer.js';
import type { RuleContext } from '../../define-rule.js';
import { discoverComponents, hostPathOf, type ComponentInstance, type ComponentName } from './components.js';
import { etcdView, type EtcdView } from './etcd.js';
import { kubeletConfigs, withKubeletFlags, type KubeletConfig } from './kubelet.js';
import { detectManagedCluster, type ManagedCluster } from './managed.js';

export * from './flags.js';
export * from './components.js';
export * from './etcd.js';
export * from './managed.js';
export * from './apiserver.js';
export * from './kubelet.js';
export * from './node-files.js';

/** A file seen on the node, with its object. */
export interface NodeFileRef {
  obj: KubeObject;
  spec: NodeFileSpec;
}

/** Everything known about the control plane of the scanned input. */
export interface ControlPlane {
  components: readonly ComponentInstance[];
  /** The cloud provider runs the control plane (EKS, GKE, AKS). */
  managed: ManagedCluster | undefined;
  /** The input is a cluster dump or a node (Nodes or NodeFiles present), not just app manifests. */
  clusterInput: boolean;
  /** NodeFile objects are present: the input came from `kubeward scan --node`. */
  nodeMode: boolean;
  of(component: ComponentName): ComponentInstance[];
  /** The NodeFile of an absolute node path. */
  nodeFile(hostPath: string): NodeFileRef | undefined;
  /** Objects loaded from the same file as a NodeFile (a kubeconfig, an EncryptionConfiguration...). */
  objectsOf(file: NodeFileRef): KubeObject[];
  /** The NodeFile an object was loaded from (a static Pod's manifest file), in node mode. */
  nodeFileOfObject(obj: KubeObject): NodeFileRef | undefined;
  /** Every NodeFile, by node path. */
  nodeFiles: ReadonlyMap<string, NodeFileRef>;
  /**
   * A path a component reads, on the node: mapped through its hostPath mounts, and its NodeFile
   * when the node was scanned. `host` is undefined when the path is not on a hostPath mount.
   */
  fileOf(inst: ComponentInstance, containerPath: string): { host: string | undefined; file: NodeFileRef | undefined };
  /** Objects loaded from the file a component reads at this path (node mode only). */
  objectsAt(inst: ComponentInstance, containerPath: string): KubeObject[];
  /**
   * The object of `kind` a component reads from a file flag: from that very file in node mode;
   * otherwise the only object of that kind in the input, if there is exactly one.
   */
  configAt(inst: ComponentInstance, containerPath: string, kind: string): KubeObject | undefined;
  etcd(inst: ComponentInstance): EtcdView;
  /**
   * Kubelet configurations: KubeletConfiguration files and kubeadm's kubelet-config ConfigMap,
   * with the node's kubelet flags over them (or, for a kubelet without `--config`, alone).
   */
  kubelets: readonly KubeletConfig[];
}

function sourceFile(obj: KubeObject): string | undefined {
  const loc = locate(obj.source, []);
  return isFileLocation(loc) ? loc.file : undefined;
}

/** Control-plane components (by container command), their flags and files, and managed-cluster detection. */
export const controlPlane = defineAnalyzer<ControlPlane>({
  id: 'control-plane',
  description: 'Finds kube-apiserver, etcd, kube-controller-manager and kube-scheduler by container command and parses their flags exactly.',
  compute(set: ObjectSet): ControlPlane {
    const components = discoverComponents(set);
    const nodeFiles = new Map<string, NodeFileRef>();
    for (const obj of set.ofKind(NODE_FILE_KIND)) {
      const spec = nodeFileSpec(obj);
      if (spec && !nodeFiles.has(spec.path)) nodeFiles.set(spec.path, { obj, spec });
    }
    const byFile = new Map<string, KubeObject[]>();
    for (const obj of set) {
      if (obj.kind === NODE_FILE_KIND) continue;
      const file = sourceFile(obj);
      if (file === undefined) continue;
      let list = byFile.get(file);
      if (!list) byFile.set(file, (list = []));
      list.push(obj);
    }
    const nodeFile = (hostPath: string) => nodeFiles.get(path.posix.resolve('/', hostPath));
    const byDisplay = new Map<string, NodeFileRef>();
    for (const f of nodeFiles.values()) {
      const name = sourceFile(f.obj);
      if (name !== undefined && !byDisplay.has(name)) byDisplay.set(name, f);
    }
    const objectsOf = (file: NodeFileRef) => {
      const name = sourceFile(file.obj);
      return name === undefined ? [] : byFile.get(name) ?? [];
    };
    const fileOf = (inst: ComponentInstance, containerPath: string) => {
      const host = hostPathOf(inst, containerPath);
      return { host, file: host !== undefined ? nodeFile(host) : undefined };
    };
    const objectsAt = (inst: ComponentInstance, containerPath: string) => {
      const { file } = fileOf(inst, containerPath);
      return file ? objectsOf(file) : [];
    };
    const configAt = (inst: ComponentInstance, containerPath: string, kind: string) => {
      const own = objectsAt(inst, containerPath).find((o) => o.kind === kind);
      if (own || nodeFiles.size > 0) return own;
      const all = set.ofKind(kind);
      return all.length === 1 ? all[0] : undefined;
    };
    const views = new Map<ComponentInstance, EtcdView>();
    return {
      components,
      managed: detectManagedCluster(set),
      clusterInput: set.ofKind('Node').length > 0 || nodeFiles.size > 0,
      nodeMode: nodeFiles.size > 0,
      of: (component) => components.filter((c) => c.component === component),
      nodeFile,
      objectsOf,
      nodeFileOfObject: (obj) => {
        const name = sourceFile(obj);
        return name === undefined ? undefined : byDisplay.get(name);
      },
      nodeFiles,
      fileOf,
      objectsAt,
      configAt,
      kubelets: withKubeletFlags(kubeletConfigs(set), set, (p) => {
        const file = nodeFile(p);
        return file ? objectsOf(file).find((o) => o.kind === 'KubeletConfiguration') : undefined;
      }),
      etcd(inst) {
        let view = views.get(inst);
        if (!view) {
          view = etcdView(inst, (p) => configAt(inst, p, ETCD_CONFIG_KIND));
          views.set(inst, view);
        }
        return view;
      },
    };
  },
});

/**
 * Runs `check` on every instance of a component. When there is none, says why the rule could
 * not judge: the provider runs the control plane, or the cluster dump or node holds no such
 * component. Plain manifests without any of this get no note.
 */
export function forEachComponent(ctx: RuleContext, component: ComponentName, check: (inst: ComponentInstance, cp: ControlPlane) => void): void {
  const cp = ctx.use(controlPlane);
  const found = cp.of(component);
  if (found.length === 0) {
    if (cp.managed) ctx.notAssessed(`managed by the provider (${cp.managed.provider}): ${component} is not visible (${cp.managed.evidence})`);
    else if (cp.clusterInput) ctx.notAssessed(`no ${component} static Pod or mirror Pod in the input`);
    return;
  }
  for (const inst of found) check(inst, cp);
}

/** Where a finding about a flag points: its decisive occurrence, or the `command` list when it is missing. */
export function flagPath(inst: ComponentInstance, name: string): Path {
  return inst.flags.last(name)?.path ?? inst.commandPath;
}

/**
 * Runs `check` on every etcd whose settings can be read; an etcd configured by a config file that
 * is not in the input is recorded as not assessed.
 */
export function forEachEtcd(ctx: RuleContext, check: (etcd: EtcdView, cp: ControlPlane) => void): void {
  forEachComponent(ctx, 'etcd', (inst, cp) => {
    const view = cp.etcd(inst);
    if (view.unavailable) ctx.notAssessed(`${inst.label}: ${view.unavailable}`);
    else check(view, cp);
  });
}

/** Flags of `names` that are absent or empty on a component's command line. */
export function missingFlags(inst: ComponentInstance, names: readonly string[]): string[] {
  return names.filter((n) => {
    const v = inst.flags.string(n);
    return !v || v.value === '';
  });
}
