import picomatch from 'picomatch';
import {
  formatMessage, formatPath, isFileLocation, isRecord, locate, metadataOf, objectLabel, objectRef, severityRank,
  type ConfigException, type Finding, type KubeObject, type KubewardConfig, type NotAssessed, type ObjectRef,
  type ObjectSet, type Path, type ScanError, type Severity, type Suppression,
} from '../model/index.js';
import { AnalyzerCache, analyzerFamily, type Analyzer } from './analyzer.js';
import { isObjectRule, type MessageData, type Rule, type RuleContext } from './define-rule.js';

/** Annotation listing rule ids to ignore on an object, comma-separated. */
export const IGNORE_ANNOTATION = 'kubeward.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'kubeward.io/ignore-reason';

export interface EngineResult {
  findings: Finding[];
  errors: ScanError[];
  notAssessed: NotAssessed[];
  /** Rules that ran (after config), in registry order. */
  rulesRun: Rule[];
}

/** Whether config leaves a rule on: a rule setting beats its area's setting. */
export function isRuleEnabled(rule: Rule, config: KubewardConfig): boolean {
  const own = config.rules[rule.id]?.enabled;
  if (own !== undefined) return own;
  return config.areas[rule.area]?.enabled ?? true;
}

export function effectiveSeverity(rule: Rule, config: KubewardConfig): Severity {
  return config.rules[rule.id]?.severity ?? rule.severity;
}

type Matcher = (s: string) => boolean;
const glob = (pattern: string | undefined): Matcher => (pattern === undefined ? () => true : picomatch(pattern, { dot: true }));

interface CompiledException {
  rule: Matcher;
  namespace: Matcher;
  kind: Matcher;
  name: Matcher;
  source: ConfigException;
}

/** Options of {@link runRules}. */
export interface RunOptions {
  /** Told of every `ctx.use`, for tests of the rules' `uses` lists. */
  onUse?(rule: Rule, analyzer: Analyzer<unknown>): void;
}

/**
 * The order rules run in: those sharing an analyzer (as their `uses` say) one after another, so
 * that its result can go after the last of them, in order of each analyzer's first user; then the
 * rules that use none. Registry order within each group.
 */
export function runOrder(rules: readonly Rule[]): Rule[] {
  const rank = new Map<string, number>();
  for (const r of rules) for (const a of r.uses ?? []) if (!rank.has(analyzerFamily(a.id))) rank.set(analyzerFamily(a.id), rank.size);
  const group = (r: Rule) => Math.min(Infinity, ...(r.uses ?? []).map((a) => rank.get(analyzerFamily(a.id))!));
  return rules
    .map((rule, index) => ({ rule, index, group: group(rule) }))
    .sort((a, b) => a.group - b.group || a.index - b.index)
    .map((x) => x.rule);
}

/** Runs rules over an object set, applying config and suppressions. Never throws for a rule bug. */
export function runRules(set: ObjectSet, rules: readonly Rule[], config: KubewardConfig, options: RunOptions = {}): EngineResult {
  const analyzers = new AnalyzerCache(set);
  const findings: Finding[] = [];
  // Errors and unassessed checks with their rule's place in `active`: reported in that order,
  // whatever order the rules ran in.
  const errors: [number, ScanError][] = [];
  const notAssessed: [number, NotAssessed][] = [];
  const exceptions: CompiledException[] = config.exceptions.map((e) => ({
    rule: glob(e.rule), namespace: glob(e.namespace), kind: glob(e.kind), name: glob(e.name), source: e,
  }));
  const active = rules.filter((r) => isRuleEnabled(r, config));
  const shared = stringSharer();
  // One ObjectRef per object, shared by its findings (read-only, like the rest of a result).
  const refs = new Map<KubeObject, ObjectRef>();
  const refOf = (obj: KubeObject): ObjectRef => {
    let ref = refs.get(obj);
    if (ref === undefined) refs.set(obj, (ref = objectRef(obj)));
    return ref;
  };
  // Parsed ignore lists, only for objects that carry the annotation.
  const ignoreCache = new Map<KubeObject, { ids: Set<string>; reason: string }>();

  const suppressionFor = (rule: Rule, obj: KubeObject): Suppression | null => {
    // Read in place: a copy of the annotations per finding would be 150k copies in a big scan.
    const { annotations } = metadataOf(obj);
    const ann = isRecord(annotations) ? annotations : undefined;
    const list = ann?.[IGNORE_ANNOTATION];
    if (ann && typeof list === 'string') {
      let ignore = ignoreCache.get(obj);
      if (ignore === undefined) {
        const reason = ann[IGNORE_REASON_ANNOTATION];
        ignore = {
          ids: new Set(list.split(',').map((s) => s.trim()).filter(Boolean)),
          reason: (typeof reason === 'string' ? reason.trim() : '') || `no reason given (set ${IGNORE_REASON_ANNOTATION})`,
        };
        ignoreCache.set(obj, ignore);
      }
      if (ignore.ids.has(rule.id) || ignore.ids.has(rule.area) || ignore.ids.has('*')) {
        return { kind: 'annotation', reason: ignore.reason };
      }
    }
    for (const e of exceptions) {
      if (e.rule(rule.id) && e.kind(obj.kind) && e.name(obj.name) && e.namespace(obj.namespace ?? '')) {
        return { kind: 'config', reason: e.source.reason };
      }
    }
    return null;
  };

  const order = runOrder(active);
  const place = new Map(active.map((r, i) => [r, i]));
  // After which rule (index in `order`) each analyzer family is used no more.
  const lastUse = new Map<string, number>();
  order.forEach((r, i) => {
    for (const a of r.uses ?? []) lastUse.set(analyzerFamily(a.id), i);
  });
  for (const [at, rule] of order.entries()) {
    const index = place.get(rule)!;
    const severity = effectiveSeverity(rule, config);
    let current: KubeObject | undefined;
    const emit = (obj: KubeObject, messageId: string, data: MessageData = {}, path: Path = []) => {
      const template = rule.messages[messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} has no message "${messageId}"`);
      findings.push({
        ruleId: rule.id,
        area: rule.area,
        severity,
        message: shared(formatMessage(template, data)),
        remediation: rule.remediation,
        object: refOf(obj),
        location: locate(obj.source, path),
        path: shared(formatPath(path)),
        suppressed: suppressionFor(rule, obj),
      });
    };
    const ctx: RuleContext = {
      set,
      options: config.rules[rule.id]?.options ?? {},
      report(messageId, data, path) {
        if (!current) throw new Error(`rule ${rule.id}: report() outside a per-object check; use reportOn()`);
        emit(current, messageId, data, path);
      },
      reportOn: emit,
      use: (analyzer) => {
        options.onUse?.(rule, analyzer);
        return analyzers.use(analyzer);
      },
      notAssessed(reason) {
        notAssessed.push([index, { area: rule.area, ruleId: rule.id, reason }]);
      },
    };
    if (isObjectRule(rule)) {
      for (const kind of rule.kinds) {
        for (const obj of set.ofKind(kind)) {
          current = obj;
          try {
            rule.check(obj, ctx);
          } catch (e) {
            errors.push([index, ruleCrash(rule, e, obj)]);
          }
        }
      }
      current = undefined;
    } else {
      try {
        rule.checkSet(set, ctx);
      } catch (e) {
        errors.push([index, ruleCrash(rule, e)]);
      }
    }
    for (const a of rule.uses ?? []) {
      const family = analyzerFamily(a.id);
      if (lastUse.get(family) === at) analyzers.release(family);
    }
  }
  findings.sort(compareFindings);
  const inRuleOrder = <T>(list: [number, T][]): T[] => list.sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  return { findings, errors: inRuleOrder(errors), notAssessed: inRuleOrder(notAssessed), rulesRun: active };
}

/**
 * Findings repeat the same paths and messages thousands of times in a big scan, and both come out
 * of string concatenation, which V8 keeps as a tree of pieces. This keeps one flat copy of each.
 */
function stringSharer(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    let kept = seen.get(s);
    if (kept === undefined) {
      // A JSON round trip yields a new flat string that holds no reference to the pieces.
      kept = JSON.parse(JSON.stringify(s)) as string;
      seen.set(kept, kept);
    }
    return kept;
  };
}

function ruleCrash(rule: Rule, e: unknown, obj?: KubeObject): ScanError {
  const where = obj ? ` on ${objectLabel(objectRef(obj))}` : '';
  const loc = obj ? locate(obj.source, []) : undefined;
  const err: ScanError = { message: `internal error: rule ${rule.id} failed${where}: ${(e as Error)?.message ?? String(e)}` };
  if (loc && isFileLocation(loc)) {
    err.file = loc.file;
    err.line = loc.line;
  }
  return err;
}

/** Stable order: file, line, column, then rule id and message. Allocates nothing: a big scan sorts 150k findings. */
export function compareFindings(a: Finding, b: Finding): number {
  const la = a.location;
  const lb = b.location;
  const fa = isFileLocation(la) ? la.file : la.ref;
  const fb = isFileLocation(lb) ? lb.file : lb.ref;
  if (fa !== fb) return fa < fb ? -1 : 1;
  const lineA = isFileLocation(la) ? la.line : 0;
  const lineB = isFileLocation(lb) ? lb.line : 0;
  if (lineA !== lineB) return lineA - lineB;
  const colA = isFileLocation(la) ? la.column : 0;
  const colB = isFileLocation(lb) ? lb.column : 0;
  if (colA !== colB) return colA - colB;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** Whether any unsuppressed finding is at or above a severity. */
export function hasFindingsAtOrAbove(findings: readonly Finding[], threshold: Severity): boolean {
  const min = severityRank(threshold);
  return findings.some((f) => f.suppressed === null && severityRank(f.severity) >= min);
}
