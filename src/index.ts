/**
 * kubeward's library API: load manifests, run rules, render results.
 *
 * @packageDocumentation
 */
import { allRules } from './analysis/rules/index.js';
import { runRules } from './analysis/engine.js';
import type { Rule } from './analysis/define-rule.js';
import {
  emptyConfig, ObjectSet, objectRef, SCHEMA_VERSION, summarize,
  type KubeObject, type KubewardConfig, type ScanError, type ScanNote, type ScanResult,
} from './model/index.js';
import { loadPaths, type LoadOptions } from './sources/index.js';

export * from './model/index.js';
export { allRules } from './analysis/rules/index.js';
export { defineRule, isObjectRule, type Rule, type RuleContext, type ObjectRule, type SetRule } from './analysis/define-rule.js';
export { defineAnalyzer, type Analyzer } from './analysis/analyzer.js';
export { runRules, hasFindingsAtOrAbove, IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from './analysis/engine.js';
export { loadPaths, parseManifests, type LoadOptions, type LoadResult } from './sources/index.js';

/** Whole-cluster analyzers, each usable on its own: `import { analyzers } from 'kubeward'`. */
export * as analyzers from './analysis/analyzers/index.js';

export interface ScanOptions extends Omit<LoadOptions, 'exclude'> {
  config?: KubewardConfig;
  rules?: readonly Rule[];
}

/** Runs the rules over already-loaded objects and assembles a result. */
export function scanObjects(
  objects: KubeObject[],
  options: { config?: KubewardConfig; rules?: readonly Rule[]; files?: string[]; errors?: ScanError[]; notes?: ScanNote[] } = {},
): ScanResult {
  const config = options.config ?? emptyConfig();
  const engine = runRules(new ObjectSet(objects), options.rules ?? allRules, config);
  const errors = [...(options.errors ?? []), ...engine.errors];
  const files = options.files ?? [];
  return {
    schemaVersion: SCHEMA_VERSION,
    findings: engine.findings,
    errors,
    notes: options.notes ?? [],
    notAssessed: engine.notAssessed,
    files,
    objects: objects.length,
    objectRefs: objects.map(objectRef),
    rulesRun: engine.rulesRun.map((r) => r.id),
    summary: summarize(engine.findings, objects.length, files.length, errors.length),
  };
}

/** Loads files and folders (`-` for the bytes in `options.stdin`) and scans them. */
export function scan(paths: readonly string[], options: ScanOptions = {}): ScanResult {
  const config = options.config ?? emptyConfig();
  const loaded = loadPaths(paths, { ...options, exclude: config.exclude });
  return scanObjects(loaded.objects, {
    config, rules: options.rules, files: loaded.files, errors: loaded.errors, notes: loaded.notes,
  });
}
