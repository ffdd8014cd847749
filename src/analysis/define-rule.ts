import type { KubeObject, NotAssessed, ObjectSet, Path, RuleMeta } from '../model/index.js';
import type { Analyzer } from './analyzer.js';

/** Placeholder values for a message template. */
export type MessageData = Record<string, string | number>;

/** What a rule's check can do. */
export interface RuleContext {
  /** All objects of the scan. */
  readonly set: ObjectSet;
  /** This rule's options from `.kubeward.yaml` (`rules.<id>.options`). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Reports a finding on the object being checked, at a path inside it. */
  report(messageId: string, data?: MessageData, path?: Path): void;
  /** Reports a finding on any object (whole-set rules). */
  reportOn(obj: KubeObject, messageId: string, data?: MessageData, path?: Path): void;
  /** An analyzer's result, computed once per run. */
  use<T>(analyzer: Analyzer<T>): T;
  /** Records that part of this rule could not be judged from the input. */
  notAssessed(reason: string): void;
}

/** What a rule declares about the analyzers its check asks for. */
export interface RuleAnalyzers {
  /**
   * Every analyzer the check asks for with `ctx.use` (for an analyzer factory such as `meshMtls`,
   * the one it makes with default options stands for all it makes). The engine runs rules that
   * share an analyzer one after another and lets go of the result after the last of them, so that
   * a big scan does not hold every analyzer's result to its end. A use left out still works (the
   * result is computed again if it was let go); the registry test checks the list.
   */
  uses?: readonly Analyzer<unknown>[];
}

/** A rule that looks at one object at a time. */
export interface ObjectRule extends RuleMeta, RuleAnalyzers {
  kinds: readonly string[];
  check(obj: KubeObject, ctx: RuleContext): void;
}

/** A rule that looks at the whole object set at once. */
export interface SetRule extends RuleMeta, RuleAnalyzers {
  kinds?: undefined;
  checkSet(set: ObjectSet, ctx: RuleContext): void;
}

export type Rule = ObjectRule | SetRule;

export function isObjectRule(rule: Rule): rule is ObjectRule {
  return Array.isArray(rule.kinds);
}

/** Defines a rule; the identity function, there for typing and for one place to grow. */
export function defineRule<R extends Rule>(rule: R): R {
  return rule;
}

export type { NotAssessed };
