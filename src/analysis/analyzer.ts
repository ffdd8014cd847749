import type { ObjectSet } from '../model/index.js';

/**
 * A whole-cluster computation (reachability, RBAC, mesh mTLS...), usable on its own or from rules
 * through `ctx.use(analyzer)`, which computes it once per run.
 */
export interface Analyzer<T> {
  /**
   * Unique per analyzer. Analyzers one factory makes for different options share the part before
   * the first `:` (their family, see {@link analyzerFamily}).
   */
  id: string;
  description: string;
  compute(set: ObjectSet): T;
}

export function defineAnalyzer<T>(analyzer: Analyzer<T>): Analyzer<T> {
  return analyzer;
}

/** The family of an analyzer id: the part before the first `:`. */
export function analyzerFamily(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? id : id.slice(0, colon);
}

/** Memoises analyzer results for one object set. */
export class AnalyzerCache {
  private readonly results = new Map<string, unknown>();
  constructor(private readonly set: ObjectSet) {}

  use<T>(analyzer: Analyzer<T>): T {
    if (!this.results.has(analyzer.id)) this.results.set(analyzer.id, analyzer.compute(this.set));
    return this.results.get(analyzer.id) as T;
  }

  /** Lets go of the results of one analyzer family; a later use computes them again. */
  release(family: string): void {
    for (const id of [...this.results.keys()]) if (analyzerFamily(id) === family) this.results.delete(id);
  }
}
