import type { ObjectSet } from '../model/index.js';

/**
 * A whole-cluster computation (reachability, RBAC, mesh mTLS...), usable on its own or from rules
 * through `ctx.use(analyzer)`, which computes it once per run.
 */
export interface Analyzer<T> {
  id: string;
  description: string;
  compute(set: ObjectSet): T;
}

export function defineAnalyzer<T>(analyzer: Analyzer<T>): Analyzer<T> {
  return analyzer;
}

/** Memoises analyzer results for one object set. */
export class AnalyzerCache {
  private readonly results = new Map<string, unknown>();
  constructor(private readonly set: ObjectSet) {}

  use<T>(analyzer: Analyzer<T>): T {
    if (!this.results.has(analyzer.id)) this.results.set(analyzer.id, analyzer.compute(this.set));
    return this.results.get(analyzer.id) as T;
  }
}
