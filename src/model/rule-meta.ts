import type { Area, Severity } from './severity.js';

export const FRAMEWORKS = ['cis-k8s', 'nsa-cisa', 'pss', 'mitre'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** A control in a framework: CIS Kubernetes Benchmark v1.12 id, NSA/CISA section, PSS control, MITRE technique. */
export interface Reference {
  framework: Framework;
  control: string;
  url?: string;
}

/** Everything users read about a rule; reporters and docs take it from here. */
export interface RuleMeta {
  id: string;
  area: Area;
  severity: Severity;
  title: string;
  description: string;
  /** Why it matters: the attack or failure the rule prevents. */
  rationale: string;
  remediation: string;
  references: Reference[];
  /** Message templates by id; `{name}` placeholders are filled from the report's data. */
  messages: Record<string, string>;
  /**
   * YAML that the rule reports (`bad`) and does not (`good`); `options` are the rule options both
   * are checked with, for rules that judge nothing without configuration.
   */
  examples: { bad: string; good: string; options?: Record<string, unknown> };
  /** Kinds a per-object rule looks at; absent for whole-set rules. */
  kinds?: readonly string[];
}

export const DOCS_BASE_URL = 'https://github.com/kubeward/kubeward/blob/main/docs/rules';

export function ruleHelpUri(id: string): string {
  return `${DOCS_BASE_URL}/${id}.md`;
}

/** Fills `{placeholder}`s; a placeholder without data stays visible so tests catch it. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in data ? String(data[key]) : m));
}
