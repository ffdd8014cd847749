import { allRules } from '../../analysis/rules/index.js';
import { isArea } from '../../model/index.js';
import { renderRuleExplanation } from '../../reporters/rule-doc.js';
import { flagOption, parseArgs, UsageError } from '../args.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: kubeward explain RULE-ID

Prints what a rule checks, why it matters, how to fix it, its references and examples.
'kubeward rules' lists the rule ids.
`;

/** `kubeward explain RULE`: description, why it matters, remediation, references, examples. */
export async function explainCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [{ name: 'help', short: 'h' }]);
  if (flagOption(args, 'help')) {
    io.stdout(HELP);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('usage: kubeward explain RULE-ID (kubeward rules lists them)');
  const id = args.positionals[0]!;
  const rule = allRules.find((r) => r.id === id);
  if (!rule) throw new UsageError(unknownRuleMessage(id, allRules.map((r) => r.id)));
  io.stdout(renderRuleExplanation(rule));
  return 0;
}

/** One line for an unknown id: close ids as suggestions, and a pointer for area names. */
export function unknownRuleMessage(id: string, ids: readonly string[]): string {
  if (isArea(id)) return `"${id}" is an area, not a rule; kubeward rules --area ${id} lists its rules`;
  const wanted = id.toLowerCase();
  const near = ids
    .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate) }))
    .filter(({ candidate, distance }) =>
      distance <= Math.max(2, Math.floor(candidate.length / 4))
      || (wanted.length >= 4 && (candidate.includes(wanted) || wanted.includes(candidate))))
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, 3)
    .map(({ candidate }) => candidate);
  const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '';
  return `no rule "${id}"${hint} (kubeward rules lists them)`;
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
