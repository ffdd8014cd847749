import type { RuleMeta } from './rule-meta.js';
import type { Severity } from './severity.js';

/** What reporters know besides the result: rule metadata and presentation settings. */
export interface ReportContext {
  rules: readonly RuleMeta[];
  toolVersion: string;
  /** ANSI colours in text output. */
  color: boolean;
  /** The `--fail-on` threshold, to tell users what fails the run. */
  failOn: Severity;
}
