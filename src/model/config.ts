import type { Area, Severity } from './severity.js';

/** An accepted risk: findings of `rule` on matching objects are suppressed, with a reason. */
export interface ConfigException {
  /** Rule id or glob (`*` for every rule). */
  rule: string;
  namespace?: string;
  kind?: string;
  name?: string;
  reason: string;
  /** Where the exception is written, for messages. */
  line?: number;
}

export interface RuleSetting {
  enabled?: boolean;
  severity?: Severity;
  /** Rule-specific options, e.g. an allow-list of image registries. */
  options?: Record<string, unknown>;
}

/** The validated content of `.kubeward.yaml`. */
export interface KubewardConfig {
  /** Where the config was read from, if anywhere. */
  file?: string;
  rules: Record<string, RuleSetting>;
  areas: Partial<Record<Area, { enabled: boolean }>>;
  exclude: string[];
  exceptions: ConfigException[];
  failOn?: Severity;
}

export function emptyConfig(): KubewardConfig {
  return { rules: {}, areas: {}, exclude: [], exceptions: [] };
}
