import {
  analyzeMesh, classifyHops, isMeshed,
  type ConfigRef, type Hop, type MeshOptions, type MeshResult, type ModeDecision, type PortMode, type WorkloadMtls,
} from '../../analysis/analyzers/mesh/index.js';
import { computeReachability } from '../../analysis/analyzers/reachability/index.js';
import { formatPath, isFileLocation, locate, ObjectSet, type ScanError } from '../../model/index.js';
import {
  MTLS_HOP_STATUSES,
  type MtlsDecision, type MtlsHopReport, type MtlsHopStatus, type MtlsPortReport, type MtlsReport, type MtlsSourceRef,
  type MtlsWorkloadRef, type MtlsWorkloadReport,
} from '../../model/mtls.js';
import { renderMtlsJson, renderMtlsText } from '../../reporters/mtls.js';
import { loadPaths } from '../../sources/index.js';
import { choice, flagOption, listOption, parseArgs, stringOption, UsageError } from '../args.js';
import { useColor, type CliIo } from '../io.js';

export const MTLS_HELP = `Usage: kubeward mtls [paths...] [-o text|json] [--root-namespace NS]

The effective mutual-TLS mode of every workload and port under Istio (sidecar and ambient),
Linkerd and Cilium, with the policy that decides it (Istio: the workload PeerAuthentication, else
the namespace one, else the mesh-wide one in the root namespace, with port-level overrides), and
how each connection NetworkPolicy allows is carried: mtls, tls, encrypted (Cilium WireGuard/IPsec
without identities), plaintext, fails (the two sides disagree) or unknown.

Options:
  -o, --output F          text | json (default text)
      --hops WHICH        text output: insecure (every hop not in mTLS, default) | all | none
      --root-namespace NS Istio root namespace (default: MeshConfig rootNamespace in the input,
                          else istio-system)
      --cluster-domain D  cluster DNS domain for DestinationRule hosts (default cluster.local)
      --no-auto-mtls      Istio auto mTLS is disabled in the mesh (MeshConfig enableAutoMtls: false)
      --exclude GLOB      leave out matching files (repeatable)
      --no-color          no ANSI colours (also NO_COLOR=1)
Exit codes: 0 no plaintext hop and no DestinationRule conflict, 1 some, 2 usage error or
unreadable input.
`;

function sourceRef(ref: ConfigRef): MtlsSourceRef {
  const out: MtlsSourceRef = { kind: ref.kind, name: ref.name };
  if (ref.namespace !== undefined) out.namespace = ref.namespace;
  if (ref.path.length > 0) out.path = formatPath(ref.path);
  const loc = locate(ref.object.source, ref.path);
  if (isFileLocation(loc)) {
    out.file = loc.file;
    out.line = loc.line;
  } else out.ref = loc.ref;
  return out;
}

function decisionRef(d: ModeDecision): MtlsDecision {
  const out: MtlsDecision = { ...sourceRef(d.ref), level: d.level };
  if (d.alsoMatched && d.alsoMatched.length > 0) out.alsoMatched = d.alsoMatched.map(sourceRef);
  if (d.ambiguous !== undefined) out.ambiguous = d.ambiguous;
  return out;
}

function portReport(p: PortMode): MtlsPortReport {
  const out: MtlsPortReport = { port: p.port ?? null, protocol: p.protocol, mode: p.mode, reason: p.reason };
  if (p.name !== undefined) out.name = p.name;
  if (p.decidedBy) out.decidedBy = decisionRef(p.decidedBy);
  return out;
}

function workloadRef(w: WorkloadMtls): MtlsWorkloadRef {
  return { kind: w.workload.kind, namespace: w.workload.namespace, name: w.workload.name };
}

function workloadReport(w: WorkloadMtls): MtlsWorkloadReport {
  const loc = locate(w.workload.sourceObject.source, []);
  const out: MtlsWorkloadReport = {
    ...workloadRef(w),
    ...(isFileLocation(loc) ? { file: loc.file, line: loc.line } : { ref: loc.ref }),
    dataplane: w.dataplane.dataplane,
    dataplaneReason: w.dataplane.reason,
  } as MtlsWorkloadReport;
  if (w.dataplane.source) out.dataplaneSource = sourceRef(w.dataplane.source);
  if (w.dataplane.optOut) out.optOut = { mesh: w.dataplane.optOut.mesh, reason: w.dataplane.optOut.reason };
  out.defaultMode = portReport(w.defaultMode);
  out.ports = w.ports.map(portReport);
  return out;
}

function hopReport(h: Hop): MtlsHopReport {
  const out: MtlsHopReport = {
    from: workloadRef(h.from), to: workloadRef(h.to), port: h.port ?? null, protocol: h.protocol,
    status: h.status, reason: h.reason, mode: h.target.mode,
  };
  if (h.service) out.service = h.service;
  if (h.destinationRule) out.destinationRule = { ...sourceRef(h.destinationRule.ref), mode: h.destinationRule.mode };
  if (h.ciliumAuth) out.ciliumAuth = sourceRef(h.ciliumAuth);
  return out;
}

/** The `kubeward mtls` document for an object set. */
export function buildMtlsReport(set: ObjectSet, options: MeshOptions = {}, errors: ScanError[] = []): { report: MtlsReport; mesh: MeshResult; hops: Hop[] } {
  const mesh = analyzeMesh(set, options);
  const reach = computeReachability(set);
  const hops = classifyHops(mesh, reach);
  const byStatus = Object.fromEntries(MTLS_HOP_STATUSES.map((s) => [s, 0])) as Record<MtlsHopStatus, number>;
  for (const h of hops) byStatus[h.status]++;
  const meshes: MtlsReport['meshes'] = {
    istio: mesh.presence.istio.length > 0,
    linkerd: mesh.presence.linkerd.length > 0,
    ciliumMutualAuth: mesh.presence.ciliumMutualAuth.length > 0,
  };
  if (mesh.presence.ciliumEncryption) meshes.ciliumEncryption = mesh.presence.ciliumEncryption.mode;
  const report: MtlsReport = {
    schemaVersion: 1,
    istio: { rootNamespace: mesh.rootNamespace, rootNamespaceSource: mesh.rootNamespaceSource, autoMtls: mesh.autoMtls },
    meshes,
    summary: { workloads: mesh.workloads.length, meshed: mesh.workloads.filter(isMeshed).length, hops: byStatus, conflicts: mesh.conflicts.length },
    workloads: mesh.workloads.map(workloadReport),
    hops: hops.map(hopReport),
    conflicts: mesh.conflicts.map((c) => ({
      destinationRule: sourceRef(c.rule), mode: c.mode, host: c.host,
      ...(c.subset !== undefined ? { subset: c.subset } : {}),
      service: c.service, server: workloadRef(c.server), targetPort: c.target.port ?? null, serverMode: c.target.mode,
      effect: c.effect, reason: c.reason,
    })),
    notes: mesh.notes,
    errors,
  };
  return { report, mesh, hops };
}

/** `kubeward mtls`: effective mTLS per workload and port, and the hops carried in plaintext. */
export async function mtlsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'output', short: 'o', value: true },
    { name: 'hops', value: true },
    { name: 'root-namespace', value: true },
    { name: 'cluster-domain', value: true },
    { name: 'auto-mtls' },
    { name: 'exclude', value: true, repeat: true },
    { name: 'color' },
    { name: 'help', short: 'h' },
  ]);
  if (flagOption(args, 'help')) {
    io.stdout(MTLS_HELP);
    return 0;
  }
  const format = choice(stringOption(args, 'output'), ['text', 'json'] as const, 'output') ?? 'text';
  const hopsListing = choice(stringOption(args, 'hops'), ['insecure', 'all', 'none'] as const, 'hops') ?? 'insecure';
  const options: MeshOptions = {};
  const root = stringOption(args, 'root-namespace');
  if (root !== undefined) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(root)) throw new UsageError(`--root-namespace: "${root}" is not a namespace name`);
    options.rootNamespace = root;
  }
  const domain = stringOption(args, 'cluster-domain');
  if (domain !== undefined) {
    if (domain === '' || domain.startsWith('.') || domain.endsWith('.')) throw new UsageError(`--cluster-domain: "${domain}" is not a DNS domain`);
    options.clusterDomain = domain;
  }
  const autoMtls = flagOption(args, 'auto-mtls');
  if (autoMtls !== undefined) options.autoMtls = autoMtls;

  const paths = args.positionals.length > 0 ? args.positionals : ['.'];
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
  const stdin = paths.includes('-') ? await io.readStdin() : undefined;
  const loaded = loadPaths(paths, { cwd: io.cwd, stdin, cwdExclude: listOption(args, 'exclude') });
  const { report } = buildMtlsReport(new ObjectSet(loaded.objects), options, loaded.errors);
  io.stdout(format === 'json' ? renderMtlsJson(report) : renderMtlsText(report, { color: useColor(io, flagOption(args, 'color')), hops: hopsListing }));
  if (loaded.errors.length > 0) return 2;
  return report.summary.hops.plaintext > 0 || report.summary.conflicts > 0 ? 1 : 0;
}
