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

/** A rule that looks at one object at a time. */
export interface ObjectRule extends RuleMeta {
  kinds: readonly string[];
  check(obj: KubeObject, ctx: RuleContext): void;
}

/** A rule that looks at the whole object set at once. */
export interface SetRule extends RuleMeta {
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
