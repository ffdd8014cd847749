import type { KubeObject } from './object.js';

/** All objects of one scan, with the indexes that rules and analyzers look things up by. */
export class ObjectSet implements Iterable<KubeObject> {
  private readonly kindIndex = new Map<string, KubeObject[]>();
  /**
   * kind -> namespace ('' for none) -> name -> object. Nested maps rather than one map of joined
   * keys: a 50k-object scan would otherwise keep 50k extra key strings.
   */
  private readonly keyIndex = new Map<string, Map<string, Map<string, KubeObject>>>();

  constructor(readonly objects: readonly KubeObject[]) {
    for (const obj of objects) {
      let list = this.kindIndex.get(obj.kind);
      if (!list) this.kindIndex.set(obj.kind, (list = []));
      list.push(obj);
      let byNamespace = this.keyIndex.get(obj.kind);
      if (!byNamespace) this.keyIndex.set(obj.kind, (byNamespace = new Map()));
      const ns = obj.namespace ?? '';
      let byName = byNamespace.get(ns);
      if (!byName) byNamespace.set(ns, (byName = new Map()));
      // First wins: a later duplicate in another file does not hide the first definition.
      if (!byName.has(obj.name)) byName.set(obj.name, obj);
    }
  }

  [Symbol.iterator](): Iterator<KubeObject> {
    return this.objects[Symbol.iterator]();
  }

  get size(): number {
    return this.objects.length;
  }

  /** Objects of one kind (e.g. `Deployment`), in load order. */
  ofKind(kind: string): readonly KubeObject[] {
    return this.kindIndex.get(kind) ?? [];
  }

  /** The object of a kind with this namespace and name. */
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.keyIndex.get(kind)?.get(namespace ?? '')?.get(name);
  }

  /** Every namespace named by an object or declared as a Namespace. */
  namespaces(): string[] {
    const names = new Set<string>();
    for (const obj of this.objects) {
      if (obj.kind === 'Namespace') names.add(obj.name);
      else if (obj.namespace !== undefined) names.add(obj.namespace);
    }
    return [...names].sort();
  }
}
