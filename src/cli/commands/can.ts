import type { PermissionSubject } from '../../analysis/analyzers/rbac/index.js';
import { renderCanJson, renderCanText, type CanReport } from '../../reporters/who-can.js';
import { choice, flagOption, listOption, parseArgs, stringOption, UsageError } from '../args.js';
import { useColor, type CliIo } from '../io.js';
import { loadRbac, reportLoadErrors } from './who-can.js';

export const CAN_HELP = `Usage: kubeward can SUBJECT [paths...] [options]

Shows what a subject may do, per namespace, according to the RoleBindings and ClusterRoleBindings
in the manifests: every rule it holds, with the binding and role that grant it. SUBJECT is one of
  serviceaccount:NAMESPACE:NAME   (also sa:NAMESPACE:NAME or system:serviceaccount:NAMESPACE:NAME)
  user:NAME                       (a user is also in system:authenticated; add groups with --group)
  group:NAME                      (what is bound to the group itself)
A ServiceAccount is also in system:serviceaccounts, system:serviceaccounts:NAMESPACE and
system:authenticated, so bindings to those groups count.

Options:
      --group GROUP       a group the user belongs to (repeatable)
  -n, --namespace NS      only cluster-wide permissions and those in NS
  -o, --output F          text | json (default text)
      --exclude GLOB      leave out matching files (repeatable)
Exit codes: 0 answered, 2 usage error or unreadable input.
`;

/** Reads `serviceaccount:ns:name`, `user:name`, `group:name`. */
export function parseSubject(text: string, groups: string[]): { subject: PermissionSubject; ref: CanReport['subject'] } {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
  const rest = colon > 0 ? text.slice(colon + 1) : '';
  const saParts = (s: string): [string, string] | undefined => {
    const parts = s.split(':');
    return parts.length === 2 && parts[0] !== '' && parts[1] !== '' ? [parts[0]!, parts[1]!] : undefined;
  };
  if (kind === 'serviceaccount' || kind === 'sa' || text.startsWith('system:serviceaccount:')) {
    const parts = saParts(text.startsWith('system:serviceaccount:') ? text.slice('system:serviceaccount:'.length) : rest);
    if (!parts) throw new UsageError(`"${text}": a ServiceAccount is serviceaccount:NAMESPACE:NAME`);
    const [namespace, name] = parts;
    return { subject: { kind: 'ServiceAccount', namespace, name, groups }, ref: { kind: 'ServiceAccount', namespace, name } };
  }
  if ((kind === 'user' || kind === 'group') && rest !== '') {
    const k = kind === 'user' ? 'User' : 'Group';
    return { subject: { kind: k, name: rest, groups }, ref: { kind: k, name: rest } };
  }
  throw new UsageError(`"${text}" is not a subject: use serviceaccount:NAMESPACE:NAME, user:NAME or group:NAME`);
}

/** `kubeward can`: a subject's effective permissions, per namespace. */
export async function canCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'group', value: true, repeat: true },
    { name: 'namespace', short: 'n', value: true },
    { name: 'output', short: 'o', value: true },
    { name: 'exclude', value: true, repeat: true },
    { name: 'color' },
    { name: 'help', short: 'h' },
  ]);
  if (flagOption(args, 'help')) {
    io.stdout(CAN_HELP);
    return 0;
  }
  const format = choice(stringOption(args, 'output'), ['text', 'json'] as const, 'output') ?? 'text';
  const [subjectText, ...paths] = args.positionals;
  if (subjectText === undefined) throw new UsageError('can needs a SUBJECT, e.g. kubeward can serviceaccount:shop:backend (see --help)');
  const groups = listOption(args, 'group');
  const { subject, ref } = parseSubject(subjectText, groups);
  if (ref.kind === 'Group' && groups.length > 0) throw new UsageError('--group applies to users and ServiceAccounts, not to a group');
  const namespace = stringOption(args, 'namespace');

  const { index, errors } = await loadRbac(args, paths, io);
  const permissions = index.permissionsOf(subject);
  const report: CanReport = {
    schemaVersion: 1,
    subject: ref,
    user: permissions.user,
    scopes: permissions.scopes
      .filter((s) => namespace === undefined || s.scope === '*' || s.scope === namespace)
      .map((s) => ({
        scope: s.scope,
        grants: s.grants.map((g) => ({
          binding: g.binding,
          role: g.role,
          ruleIndex: g.ruleIndex,
          ...(g.ruleSource !== undefined ? { ruleSource: g.ruleSource } : {}),
          via: g.subject,
          rule: g.rule,
        })),
      })),
  };
  reportLoadErrors(errors, io);
  io.stdout(format === 'json' ? renderCanJson(report) : renderCanText(report, { color: useColor(io, flagOption(args, 'color')) }));
  return errors.length > 0 ? 2 : 0;
}
