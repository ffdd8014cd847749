import { flagOption, parseArgs } from '../args.js';
import type { CliIo } from '../io.js';

/** `kubeward docs --out docs/rules [--check]`: TODO(docs). */
export async function docsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [{ name: 'out', value: true }, { name: 'check' }]);
  void flagOption(args, 'check');
  io.stderr('docs: not yet\n');
  return 2;
}
