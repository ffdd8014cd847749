import type { Location } from './location.js';
import type { ObjectRef } from './object.js';
import type { Area, Severity } from './severity.js';

/** Why a finding does not count: a config exception or an object annotation. */
export interface Suppression {
  kind: 'config' | 'annotation';
  reason: string;
}

export interface Finding {
  ruleId: string;
  area: Area;
  severity: Severity;
  message: string;
  remediation: string;
  object: ObjectRef;
  location: Location;
  /** The path inside the object the rule pointed at, e.g. `spec.containers[0].securityContext`. */
  path: string;
  suppressed: Suppression | null;
}

/** A problem with the input or the run: a file that could not be read, a rule that crashed. */
export interface ScanError {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

/** Something worth knowing that is not a finding: a skipped document, a duplicate key. */
export interface ScanNote {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

/** A check that could not be made with the input given (e.g. node files without `--node`). */
export interface NotAssessed {
  area: Area;
  ruleId?: string;
  reason: string;
}
