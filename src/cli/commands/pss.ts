import { evaluateWorkload, PSS_LEVELS, parsePssVersion, type PssLevel } from '../../analysis/analyzers/pss/index.js';
import {
  formatPath, isFileLocation, isWorkload, locate, ObjectSet,
  type PssReport, type PssReportResult,
} from '../../model/index.js';
import { renderPssJson, renderPssText } from '../../reporters/pss.js';
import { loadPaths } from '../../sources/index.js';
import { choice, flagOption, listOption, parseArgs, stringOption, UsageError } from '../args.js';
import { useColor, type CliIo } from '../io.js';
import { RENDER_HELP, RENDER_OPTION_SPECS, renderOptions } from '../render-options.js';

export const PSS_HELP = `Usage: kubeward pss [paths...] [--level restricted] [--version latest] [-o text|json]

Judges every workload (Pods and the pod templates of controllers) against a Pod Security Standard
as the Pod Security Admission controller would: allowed or not, the strictest level it meets, and
each violation with its line.

Options:
  --level LEVEL       privileged | baseline | restricted (default restricted)
  --version VERSION   policy version: v1.0 ... or latest (default latest)
  -o, --output F      text | json (default text)
  --exclude GLOB      leave out matching files (repeatable)
Exit codes: 0 all allowed, 1 some denied, 2 usage error or unreadable input.

${RENDER_HELP}`;

/** `kubeward pss`: exact PSS verdicts per workload. */
export async function pssCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'level', value: true },
    { name: 'version', value: true },
    { name: 'output', short: 'o', value: true },
    { name: 'exclude', value: true, repeat: true },
    { name: 'color' },
    { name: 'help', short: 'h' },
    ...RENDER_OPTION_SPECS,
  ]);
  if (flagOption(args, 'help')) {
    io.stdout(PSS_HELP);
    return 0;
  }
  const level: PssLevel = choice(stringOption(args, 'level'), PSS_LEVELS, 'level') ?? 'restricted';
  const versionText = stringOption(args, 'version') ?? 'latest';
  try {
    parsePssVersion(versionText);
  } catch (e) {
    throw new UsageError(`--version: ${(e as Error).message}`);
  }
  const format = choice(stringOption(args, 'output'), ['text', 'json'] as const, 'output') ?? 'text';
  const paths = args.positionals.length > 0 ? args.positionals : ['.'];
  const stdin = paths.includes('-') ? await io.readStdin() : undefined;
  const loaded = loadPaths(paths, { cwd: io.cwd, stdin, exclude: listOption(args, 'exclude'), ...renderOptions(args, io.cwd) });
  const set = new ObjectSet(loaded.objects);

  const results: PssReportResult[] = [];
  for (const obj of set) {
    if (!isWorkload(obj)) continue;
    const verdict = evaluateWorkload(obj, level, versionText);
    if (!verdict) continue;
    const at = locate(obj.source, []);
    const result: PssReportResult = {
      apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.namespace, name: obj.name,
      ...(isFileLocation(at) ? { file: at.file, line: at.line } : { ref: at.ref }),
      allowed: verdict.allowed, meets: verdict.meets,
      violations: verdict.violations.map((v) => {
        const path = v.paths[0] ?? [];
        const loc = locate(obj.source, path);
        return {
          check: v.check, message: v.message, path: formatPath(path),
          ...(isFileLocation(loc) ? { file: loc.file, line: loc.line, column: loc.column } : {}),
          ...(v.subsumes ? { subsumes: v.subsumes } : {}),
        };
      }),
    };
    if (result.namespace === undefined) delete result.namespace;
    results.push(result);
  }
  const report: PssReport = { schemaVersion: 1, level, version: versionText, results, errors: loaded.errors };
  io.stdout(format === 'json' ? renderPssJson(report) : renderPssText(report, { color: useColor(io, flagOption(args, 'color')) }));
  if (loaded.errors.length > 0) return 2;
  return results.some((r) => !r.allowed) ? 1 : 0;
}
