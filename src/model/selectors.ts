import { isRecord, stringMap } from './object.js';

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A parsed metav1.LabelSelector. `null` (absent selector) matches nothing; `{}` matches everything. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelSelectorRequirement[];
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Parses a LabelSelector. Returns an error string for what the API server would reject
 * (unknown operator, In/NotIn without values, Exists with values).
 */
export function parseLabelSelector(value: unknown): LabelSelector | string {
  if (value === undefined || value === null) return { matchLabels: {}, matchExpressions: [] };
  if (!isRecord(value)) return 'selector must be an object';
  const matchExpressions: LabelSelectorRequirement[] = [];
  const exprs = value.matchExpressions;
  if (exprs !== undefined && exprs !== null) {
    if (!Array.isArray(exprs)) return 'matchExpressions must be a list';
    for (const e of exprs) {
      if (!isRecord(e) || typeof e.key !== 'string') return 'matchExpressions entry needs a key';
      if (typeof e.operator !== 'string' || !OPERATORS.has(e.operator)) return `unknown operator ${String(e.operator)}`;
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      const op = e.operator as LabelSelectorRequirement['operator'];
      if ((op === 'In' || op === 'NotIn') && values.length === 0) return `operator ${op} needs values`;
      if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) return `operator ${op} takes no values`;
      matchExpressions.push({ key: e.key, operator: op, values });
    }
  }
  return { matchLabels: stringMap(value.matchLabels), matchExpressions };
}

/** Whether labels satisfy a selector (every matchLabels entry and every expression). */
export function matchesSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const req of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    switch (req.operator) {
      case 'In':
        if (!has || !req.values.includes(labels[req.key]!)) return false;
        break;
      case 'NotIn':
        if (has && req.values.includes(labels[req.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}
