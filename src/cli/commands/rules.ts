import { allRules } from '../../analysis/rules/index.js';
import { AREAS } from '../../model/index.js';
import { sortRules } from '../../reporters/rule-doc.js';
import { renderRulesTable } from '../../reporters/rules-table.js';
import { choice, flagOption, parseArgs, stringOption, UsageError } from '../args.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: kubeward rules [--area AREA] [-o text|json]

Lists every rule: id, area, severity and title, by area and then severity.

Options:
      --area AREA       only rules of one area: ${AREAS.join(' | ')}
  -o, --output FORMAT   text | json (default text)
`;

/** `kubeward rules [--area A] [-o text|json]`: every rule with its id, area, severity and title. */
export async function rulesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'area', value: true },
    { name: 'output', short: 'o', value: true },
    { name: 'help', short: 'h' },
  ]);
  if (flagOption(args, 'help')) {
    io.stdout(HELP);
    return 0;
  }
  if (args.positionals.length > 0) {
    throw new UsageError(`rules takes no arguments (got "${args.positionals[0]}"); use --area AREA to filter`);
  }
  const area = choice(stringOption(args, 'area'), AREAS, 'area');
  const format = choice(stringOption(args, 'output'), ['text', 'json'] as const, 'output') ?? 'text';
  const rules = sortRules(allRules.filter((r) => area === undefined || r.area === area));
  io.stdout(renderRulesTable(rules, format));
  return 0;
}
