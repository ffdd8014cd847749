import { UsageError } from './args.js';
import { toolVersion, type CliIo } from './io.js';

const HELP = `kubeward: Kubernetes security-posture auditor

Usage: kubeward <command> [options]

Commands:
  scan [paths...]     scan manifests (files, folders, - for stdin) and report findings
  rules               list every rule (id, area, severity, title)
  explain RULE        what a rule checks, why, how to fix it, references and examples
  pss [paths...]      Pod Security Standards verdict per workload (--level, --version)
  probe etcd          live read-only checks of an etcd endpoint (--endpoint URL)
  who-can VERB RESOURCE [paths...]
                      every subject RBAC lets make a request, and through which binding (-n NS)
  can SUBJECT [paths...]
                      a subject's effective RBAC permissions per namespace (serviceaccount:NS:NAME,
                      user:NAME, group:NAME)
  kubeconfig [FILE...]
                      audit kubeconfig credentials (default $KUBECONFIG or ~/.kube/config)
  netpol connections|explain|test [paths...]
                      network reachability: every allowed connection (-o text|json|dot|mermaid),
                      why one is allowed or denied, and intents checked like unit tests
  mtls [paths...]     effective mTLS mode per workload and port (Istio, Linkerd, Cilium) and the
                      reachable hops carried in plaintext (-o text|json)
  version             print the version

Run 'kubeward <command> --help' for a command's options.
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or config error, or an incomplete scan.
`;

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

// Commands load on demand so `kubeward scan` does not pay for the others.
const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: async () => (await import('./commands/scan.js')).scanCommand,
  rules: async () => (await import('./commands/rules.js')).rulesCommand,
  explain: async () => (await import('./commands/explain.js')).explainCommand,
  pss: async () => (await import('./commands/pss.js')).pssCommand,
  probe: async () => (await import('./commands/probe.js')).probeCommand,
  'who-can': async () => (await import('./commands/who-can.js')).whoCanCommand,
  can: async () => (await import('./commands/can.js')).canCommand,
  kubeconfig: async () => (await import('./commands/kubeconfig.js')).kubeconfigCommand,
  netpol: async () => (await import('./commands/netpol.js')).netpolCommand,
  mtls: async () => (await import('./commands/mtls.js')).mtlsCommand,
  docs: async () => (await import('./commands/docs.js')).docsCommand,
};

/** Runs kubeward with the given process surroundings; returns the exit code. */
export async function run(io: CliIo): Promise<number> {
  const [name, ...rest] = io.argv;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      io.stdout(HELP);
      return name === undefined ? 2 : 0;
    }
    if (name === 'version' || name === '--version' || name === '-V') {
      io.stdout(`kubeward ${toolVersion()}\n`);
      return 0;
    }
    const load = COMMANDS[name];
    if (!load) throw new UsageError(`unknown command "${name}" (kubeward --help lists them)`);
    return await (await load())(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`kubeward: ${e.message}\n`);
      return 2;
    }
    io.stderr(`kubeward: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}
