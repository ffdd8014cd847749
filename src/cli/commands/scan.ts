import { statSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../analysis/rules/index.js';
import type { Rule } from '../../analysis/define-rule.js';
import { hasFindingsAtOrAbove } from '../../analysis/engine.js';
import { scanObjects } from '../../index.js';
import { emptyConfig, isArea, isSeverity, SEVERITIES, type ReportContext, type ScanError, type ScanResult, type Severity } from '../../model/index.js';
import { OUTPUT_FORMATS, reportLines } from '../../reporters/index.js';
import { displayPath, findConfigFile, loadConfigFile, loadPaths } from '../../sources/index.js';
import { loadNode } from '../../sources/node.js';
import { choice, flagOption, listOption, parseArgs, stringOption, UsageError } from '../args.js';
import { toolVersion, useColor, writeLines, type CliIo } from '../io.js';
import { RENDER_HELP, RENDER_OPTION_SPECS, renderOptions } from '../render-options.js';

export const SCAN_HELP = `Usage: kubeward scan [paths...] [options]

Scans Kubernetes manifests (files and folders, recursively: .yaml .yml .json; - for stdin).

Options:
  -o, --output FORMAT   ${OUTPUT_FORMATS.join(' | ')} (default text)
      --fail-on SEV     exit 1 when a finding is at or above SEV: ${SEVERITIES.join(' | ')} (default high)
  -c, --config FILE     config file (default: .kubeward.yaml in the scanned folder or its parents)
      --no-config       ignore config files
      --exclude GLOB    leave out matching files and folders (repeatable)
      --only IDS        run only these rules or areas (comma-separated or repeated)
      --node            also read this control-plane node: static Pods, kubeconfigs, PKI, kubelet
                        config, files the components' flags name, with modes and owners
      --root DIR        with --node: where the node's filesystem starts (default /)
      --no-color        no ANSI colours (also NO_COLOR=1)

${RENDER_HELP}`;

/** `kubeward scan`: exit 0 clean, 1 findings at or above --fail-on, 2 usage/config error or incomplete scan. */
export async function scanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'output', short: 'o', value: true },
    { name: 'fail-on', value: true },
    { name: 'config', short: 'c', value: true },
    { name: 'no-config' },
    { name: 'exclude', value: true, repeat: true },
    { name: 'only', value: true, repeat: true },
    { name: 'node' },
    { name: 'root', value: true },
    { name: 'color' },
    { name: 'help', short: 'h' },
    ...RENDER_OPTION_SPECS,
  ]);
  if (flagOption(args, 'help')) {
    io.stdout(SCAN_HELP);
    return 0;
  }
  const format = choice(stringOption(args, 'output'), OUTPUT_FORMATS, 'output') ?? 'text';
  const node = flagOption(args, 'node') === true;
  const nodeRoot = stringOption(args, 'root');
  if (nodeRoot !== undefined && !node) throw new UsageError('--root needs --node');
  // With --node the node is the input; paths given as well are scanned with it.
  const paths = args.positionals.length > 0 ? args.positionals : node ? [] : ['.'];
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be given only once');

  // Config: explicit file, or the nearest one to the first scanned path.
  let config = emptyConfig();
  const configErrors: ScanError[] = [];
  const explicit = stringOption(args, 'config');
  const noConfig = flagOption(args, 'no-config') === true;
  const configFile = explicit !== undefined ? path.resolve(io.cwd, explicit) : noConfig ? undefined : findConfigFile(paths.length > 0 ? startDir(paths[0]!, io.cwd) : io.cwd);
  if (configFile !== undefined) {
    let loaded;
    try {
      loaded = loadConfigFile(configFile, allRules.map((r) => r.id), displayPath(configFile, io.cwd));
    } catch (e) {
      throw new UsageError(`cannot read config ${displayPath(configFile, io.cwd)}: ${(e as Error).message}`);
    }
    config = loaded.config;
    configErrors.push(...loaded.errors);
  }
  const failOnText = stringOption(args, 'fail-on');
  if (failOnText !== undefined && !isSeverity(failOnText)) {
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')} (got "${failOnText}")`);
  }
  const failOn: Severity = (failOnText as Severity | undefined) ?? config.failOn ?? 'high';

  const stdin = paths.includes('-') ? await io.readStdin() : undefined;
  // In a function of its own, so that the objects and their location tables are garbage once the
  // rules have run: the report is written without them.
  const result: ScanResult = ((): ScanResult => {
    const loaded = loadPaths(paths, {
      cwd: io.cwd,
      stdin,
      exclude: config.exclude,
      excludeBase: config.file && configFile ? path.dirname(configFile) : io.cwd,
      cwdExclude: listOption(args, 'exclude'),
      ...renderOptions(args, io.cwd),
    });
    if (node) {
      const fromNode = loadNode(nodeRoot ?? '/', { cwd: io.cwd });
      loaded.objects.push(...fromNode.objects);
      loaded.errors.push(...fromNode.errors);
      loaded.notes.push(...fromNode.notes);
      loaded.files.push(...fromNode.files);
    }
    return scanObjects(loaded.objects, {
      config,
      rules: selectRules(listOption(args, 'only')),
      files: loaded.files,
      errors: [...configErrors, ...loaded.errors],
      notes: loaded.notes,
    });
  })();
  const ctx: ReportContext = {
    rules: selectRules(listOption(args, 'only')),
    toolVersion: toolVersion(),
    color: format === 'text' && useColor(io, flagOption(args, 'color')),
    failOn,
  };
  // Written as it is made: at 150k findings a whole report is 100-200 MB.
  writeLines(io, reportLines(format, result, ctx));
  if (result.errors.length > 0) {
    if (format !== 'text') for (const e of result.errors) io.stderr(`kubeward: ${formatError(e)}\n`);
    return 2;
  }
  return hasFindingsAtOrAbove(result.findings, failOn) ? 1 : 0;
}

/** `--only a,b`: rule ids or area names; every rule when none is given. */
function selectRules(only: string[]): readonly Rule[] {
  const wanted = only.flatMap((o) => o.split(',')).map((s) => s.trim()).filter(Boolean);
  if (wanted.length === 0) return allRules;
  for (const w of wanted) {
    if (!isArea(w) && !allRules.some((r) => r.id === w)) throw new UsageError(`--only: no rule or area "${w}" (kubeward rules lists them)`);
  }
  return allRules.filter((r) => wanted.includes(r.id) || wanted.includes(r.area));
}

function startDir(first: string, cwd: string): string {
  if (first === '-') return cwd;
  const abs = path.resolve(cwd, first);
  try {
    return statSync(abs).isDirectory() ? abs : path.dirname(abs);
  } catch {
    return path.dirname(abs);
  }
}

export function formatError(e: { file?: string; line?: number; column?: number; message: string }): string {
  const where = e.file ? `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ` : '';
  return `${where}${e.message}`;
}
