import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../analysis/rules/index.js';
import type { RuleMeta } from '../../model/index.js';
import { renderRuleDocFiles } from '../../reporters/rule-doc.js';
import { flagOption, parseArgs, stringOption, UsageError } from '../args.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: kubeward docs --out DIR [--check]

Writes the rule documentation generated from the rules' metadata: DIR/<rule-id>.md for every
rule and DIR/README.md, and removes .md pages of rules that no longer exist.

Options:
      --out DIR   the docs folder (docs/rules in this repository)
      --check     write nothing; exit 1 and list the files that are out of date
`;

/** How one file of the docs folder differs from what the rules generate. */
export interface DocsChange {
  name: string;
  change: 'missing' | 'outdated' | 'stale';
  /** The generated content; absent for a stale page, which is to be removed. */
  content?: string;
}

/** Compares a docs folder with the pages generated from `rules`. A missing folder is all missing. */
export function diffRuleDocs(dir: string, rules: readonly RuleMeta[]): { changes: DocsChange[]; unchanged: number } {
  const expected = renderRuleDocFiles(rules);
  const onDisk = new Set(listMarkdown(dir));
  const changes: DocsChange[] = [];
  let unchanged = 0;
  for (const { name, content } of expected) {
    if (!onDisk.has(name)) {
      changes.push({ name, change: 'missing', content });
      continue;
    }
    onDisk.delete(name);
    // A checkout with CRLF line ends is not out of date.
    const current = readFileSync(path.join(dir, name), 'utf8').replace(/\r\n/g, '\n');
    if (current === content) unchanged++;
    else changes.push({ name, change: 'outdated', content });
  }
  for (const name of [...onDisk].sort()) changes.push({ name, change: 'stale' });
  return { changes, unchanged };
}

function listMarkdown(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => e.name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

const DESCRIBE: Record<DocsChange['change'], string> = {
  missing: 'missing',
  outdated: 'out of date',
  stale: 'page of a rule that no longer exists',
};

/** `kubeward docs --out DIR [--check]`: generate (or check) the rule docs. */
export async function docsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [{ name: 'out', value: true }, { name: 'check' }, { name: 'help', short: 'h' }]);
  if (flagOption(args, 'help')) {
    io.stdout(HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`docs takes no arguments (got "${args.positionals[0]}"); use --out DIR`);
  const out = stringOption(args, 'out');
  if (out === undefined || out === '') throw new UsageError('docs needs --out DIR (e.g. --out docs/rules)');
  const dir = path.resolve(io.cwd, out);
  const shown = (name: string) => path.join(out, name);
  let diff: ReturnType<typeof diffRuleDocs>;
  try {
    diff = diffRuleDocs(dir, allRules);
  } catch (e) {
    throw new UsageError(`cannot read ${out}: ${(e as Error).message}`);
  }
  const { changes, unchanged } = diff;

  if (flagOption(args, 'check') === true) {
    if (changes.length === 0) {
      io.stdout(`${out}: up to date (${unchanged} files)\n`);
      return 0;
    }
    for (const c of changes) io.stderr(`${shown(c.name)}: ${DESCRIBE[c.change]}\n`);
    io.stderr(`kubeward: ${out} is out of date; run \`npm run docs\` (or kubeward docs --out ${out})\n`);
    return 1;
  }

  try {
    mkdirSync(dir, { recursive: true });
    for (const c of changes) {
      if (c.content !== undefined) writeFileSync(path.join(dir, c.name), c.content);
      else rmSync(path.join(dir, c.name));
    }
  } catch (e) {
    throw new UsageError(`cannot write ${out}: ${(e as Error).message}`);
  }
  const written = changes.filter((c) => c.content !== undefined).length;
  const removed = changes.length - written;
  io.stdout(`${out}: ${written} written, ${removed} removed, ${unchanged} unchanged\n`);
  return 0;
}
