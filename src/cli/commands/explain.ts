import { allRules } from '../../analysis/rules/index.js';
import { renderRuleExplanation } from '../../reporters/rule-doc.js';
import { flagOption, parseArgs, UsageError } from '../args.js';
import type { CliIo } from '../io.js';

/** `kubeward explain RULE`: description, why it matters, remediation, references, examples. */
export async function explainCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [{ name: 'help', short: 'h' }]);
  if (flagOption(args, 'help') || args.positionals.length !== 1) {
    if (args.positionals.length !== 1 && !flagOption(args, 'help')) throw new UsageError('usage: kubeward explain RULE-ID');
    io.stdout('Usage: kubeward explain RULE-ID\n');
    return 0;
  }
  const id = args.positionals[0]!;
  const rule = allRules.find((r) => r.id === id);
  if (!rule) {
    const near = allRules.filter((r) => r.id.includes(id) || id.includes(r.id)).map((r) => r.id);
    throw new UsageError(`no rule "${id}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (kubeward rules lists them)`);
  }
  io.stdout(renderRuleExplanation(rule));
  return 0;
}
