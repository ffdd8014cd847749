import { allRules } from '../../analysis/rules/index.js';
import { AREAS, SEVERITIES } from '../../model/index.js';
import { renderRulesTable } from '../../reporters/rules-table.js';
import { choice, flagOption, parseArgs, stringOption } from '../args.js';
import type { CliIo } from '../io.js';

/** `kubeward rules [--area A] [-o text|json]`: every rule with its id, area, severity and title. */
export async function rulesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'area', value: true },
    { name: 'output', short: 'o', value: true },
    { name: 'help', short: 'h' },
  ]);
  if (flagOption(args, 'help')) {
    io.stdout('Usage: kubeward rules [--area AREA] [-o text|json]\n');
    return 0;
  }
  const area = choice(stringOption(args, 'area'), AREAS, 'area');
  const format = choice(stringOption(args, 'output'), ['text', 'json'] as const, 'output') ?? 'text';
  const rules = allRules
    .filter((r) => area === undefined || r.area === area)
    .slice()
    .sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id));
  io.stdout(renderRulesTable(rules, format));
  return 0;
}
