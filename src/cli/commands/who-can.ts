import { buildRbacIndex, RbacQueryError, toWhoCanJson, type AccessQuery, type RbacIndex } from '../../analysis/analyzers/rbac/index.js';
import { ObjectSet, type ScanError } from '../../model/index.js';
import { renderWhoCanJson, renderWhoCanText, type WhoCanReport } from '../../reporters/who-can.js';
import { loadPaths } from '../../sources/index.js';
import { choice, flagOption, listOption, parseArgs, stringOption, UsageError, type ParsedArgs } from '../args.js';
import { useColor, type CliIo } from '../io.js';

export const WHO_CAN_HELP = `Usage: kubeward who-can VERB RESOURCE[/SUBRESOURCE] [paths...] [options]

Lists every subject (user, group, ServiceAccount) that the RoleBindings and ClusterRoleBindings in
the manifests allow to make a request, with the binding and role that allow it, as the Kubernetes
RBAC authorizer decides. RESOURCE is a plural name (secrets, pods/exec, deployments.apps); give a
path starting with / for a non-resource URL (who-can get /metrics). Default ClusterRoles the
manifests bind without defining (cluster-admin, admin, edit, view...) take Kubernetes' definitions.

Options:
  -n, --namespace NS      the request's namespace; without it, a request across all namespaces
                          (or on a cluster-scoped resource), which only ClusterRoleBindings grant
      --name NAME         the object's name (rules limited by resourceNames count)
      --api-group GROUP   the resource's API group ("" for core), when the name is not enough
      --expand            also list the ServiceAccounts of the manifests that hold it through a group
  -o, --output F          text | json (default text)
      --exclude GLOB      leave out matching files (repeatable)
Exit codes: 0 answered, 2 usage error or unreadable input.
`;

/** Loads paths (`.` by default, `-` for stdin) and builds the RBAC index; load errors come back. */
export async function loadRbac(args: ParsedArgs, paths: string[], io: CliIo): Promise<{ index: RbacIndex; errors: ScanError[] }> {
  const inputs = paths.length > 0 ? paths : ['.'];
  if (inputs.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
  const stdin = inputs.includes('-') ? await io.readStdin() : undefined;
  const loaded = loadPaths(inputs, { cwd: io.cwd, stdin, cwdExclude: listOption(args, 'exclude') });
  return { index: buildRbacIndex(new ObjectSet(loaded.objects)), errors: loaded.errors };
}

/** Load errors as `kubeward: file:line: message` lines on stderr. */
export function reportLoadErrors(errors: readonly ScanError[], io: CliIo): void {
  for (const e of errors) {
    const where = e.file !== undefined ? `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ` : '';
    io.stderr(`kubeward: ${where}${e.message}\n`);
  }
}

/** `kubeward who-can`: who may make a request, and through which binding and rule. */
export async function whoCanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'namespace', short: 'n', value: true },
    { name: 'name', value: true },
    { name: 'api-group', value: true },
    { name: 'expand' },
    { name: 'output', short: 'o', value: true },
    { name: 'exclude', value: true, repeat: true },
    { name: 'color' },
    { name: 'help', short: 'h' },
  ]);
  if (flagOption(args, 'help')) {
    io.stdout(WHO_CAN_HELP);
    return 0;
  }
  const format = choice(stringOption(args, 'output'), ['text', 'json'] as const, 'output') ?? 'text';
  const [verb, resource, ...paths] = args.positionals;
  if (verb === undefined || resource === undefined) throw new UsageError('who-can needs a VERB and a RESOURCE, e.g. kubeward who-can get secrets -n prod (see --help)');

  const query: AccessQuery = resource.startsWith('/') ? { verb, nonResourceURL: resource } : { verb, resource };
  const namespace = stringOption(args, 'namespace');
  const name = stringOption(args, 'name');
  const apiGroup = stringOption(args, 'api-group');
  if (namespace !== undefined) query.namespace = namespace;
  if (name !== undefined) query.name = name;
  if (apiGroup !== undefined) query.apiGroup = apiGroup;

  const { index, errors } = await loadRbac(args, paths, io);
  let result;
  try {
    result = index.whoCan(query, { expandServiceAccounts: flagOption(args, 'expand') === true });
  } catch (e) {
    if (e instanceof RbacQueryError) throw new UsageError(e.message);
    throw e;
  }
  const json = toWhoCanJson(result);
  reportLoadErrors(errors, io);
  if (format === 'json') {
    io.stdout(renderWhoCanJson(json));
  } else {
    // The text form also names the rules; the JSON keeps the documented shape.
    const report: WhoCanReport = {
      ...json,
      subjects: json.subjects.map((s, i) => ({
        ...s,
        via: s.via.map((v) => ({
          ...v,
          rules: [...new Set(result.subjects[i]!.via.filter((g) => g.binding === v.binding && g.role === v.role).map((g) => g.ruleIndex))],
        })),
      })),
    };
    io.stdout(renderWhoCanText(report, { color: useColor(io, flagOption(args, 'color')) }));
  }
  return errors.length > 0 ? 2 : 0;
}
