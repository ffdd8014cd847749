import os from 'node:os';
import { hasFindingsAtOrAbove } from '../../analysis/engine.js';
import { allRules } from '../../analysis/rules/index.js';
import { scanObjects } from '../../index.js';
import { emptyConfig, isSeverity, SEVERITIES, type ReportContext, type Severity } from '../../model/index.js';
import { OUTPUT_FORMATS, reportLines } from '../../reporters/index.js';
import { defaultKubeconfigPaths, loadKubeconfigs } from '../../sources/kubeconfig.js';
import { choice, flagOption, parseArgs, stringOption, UsageError } from '../args.js';
import { toolVersion, useColor, writeLines, type CliIo } from '../io.js';

export const KUBECONFIG_HELP = `Usage: kubeward kubeconfig [FILE...] [options]

Audits the credentials in kubeconfig files: client certificates (validity over 24 hours, expiry,
O=system:masters), static and legacy ServiceAccount tokens (a JWT's expiry is decoded, never
verified), passwords, insecure-skip-tls-verify, plain http:// servers, embedded private keys, file
permissions that let group or other users read them, and secrets in exec plugin environments.
Without FILE, reads what kubectl reads: every file in $KUBECONFIG, else ~/.kube/config.
Credentials are never printed.

Options:
  -o, --output FORMAT        ${OUTPUT_FORMATS.join(' | ')} (default text)
      --fail-on SEV          exit 1 when a finding is at or above SEV: ${SEVERITIES.join(' | ')} (default high)
      --max-validity HOURS   longest acceptable certificate and token lifetime (default 24)
      --no-color             no ANSI colours (also NO_COLOR=1)
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or unreadable file.
`;

/** `kubeward kubeconfig`: the credential audit of kubeconfig files. */
export async function kubeconfigCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'output', short: 'o', value: true },
    { name: 'fail-on', value: true },
    { name: 'max-validity', value: true },
    { name: 'color' },
    { name: 'help', short: 'h' },
  ]);
  if (flagOption(args, 'help')) {
    io.stdout(KUBECONFIG_HELP);
    return 0;
  }
  const format = choice(stringOption(args, 'output'), OUTPUT_FORMATS, 'output') ?? 'text';
  const failOnText = stringOption(args, 'fail-on');
  if (failOnText !== undefined && !isSeverity(failOnText)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')} (got "${failOnText}")`);
  const failOn: Severity = (failOnText as Severity | undefined) ?? 'high';
  const maxText = stringOption(args, 'max-validity');
  const maxHours = maxText === undefined ? undefined : Number(maxText);
  if (maxHours !== undefined && !(Number.isFinite(maxHours) && maxHours > 0)) throw new UsageError(`--max-validity must be a positive number of hours (got "${maxText}")`);

  const explicit = args.positionals.length > 0;
  const files = explicit ? args.positionals : defaultKubeconfigPaths(io.env, io.env.HOME ?? os.homedir());
  if (files.length === 0) throw new UsageError('no kubeconfig to read: give a FILE, or set KUBECONFIG or HOME');
  if (files.includes('-')) throw new UsageError('kubeconfig reads files, not stdin: its file permissions are part of the audit');
  const loaded = loadKubeconfigs(files, { cwd: io.cwd, skipMissing: !explicit });
  if (!explicit && loaded.files.length === 0 && loaded.errors.length === 0) {
    throw new UsageError(`no kubeconfig found (${io.env.KUBECONFIG ? `KUBECONFIG=${io.env.KUBECONFIG}` : files.join(', ')}): give a FILE`);
  }

  // The kubeconfig rules get what only the file system knows through their options.
  const rules = allRules.filter((r) => r.kinds?.includes('Config'));
  const config = emptyConfig();
  const facts = { modes: loaded.modes, referenced: loaded.referenced };
  for (const rule of rules) {
    config.rules[rule.id] = {
      options: { kubeconfigFacts: facts, ...(maxHours !== undefined ? { maxValidityHours: maxHours, maxLifetimeHours: maxHours } : {}) },
    };
  }
  const result = scanObjects(loaded.objects, { config, rules, files: loaded.files, errors: loaded.errors, notes: loaded.notes });
  const ctx: ReportContext = { rules: allRules, toolVersion: toolVersion(), color: useColor(io, flagOption(args, 'color')), failOn };
  writeLines(io, reportLines(format, result, ctx));
  if (result.errors.length > 0) return 2;
  return hasFindingsAtOrAbove(result.findings, failOn) ? 1 : 0;
}
