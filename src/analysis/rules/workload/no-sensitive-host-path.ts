import { isRecord, podTemplateOf, volumesOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

/**
 * A host path whose exposure hands over the node: `subtree` entries are sensitive with everything
 * below them, the others only as themselves (a socket, a single file).
 */
interface SensitivePath {
  path: string;
  subtree: boolean;
  what: string;
}

/** Entries under /run, also reachable through /var/run (a symlink to /run on current distributions). */
const RUNTIME_SOCKETS: readonly [string, boolean, string][] = [
  ['docker.sock', false, 'the Docker daemon socket'],
  ['docker', true, 'the Docker daemon\'s runtime state'],
  ['containerd', true, 'the containerd socket'],
  ['crio', true, 'the CRI-O socket'],
  ['cri-dockerd.sock', false, 'the cri-dockerd socket'],
  ['dockershim.sock', false, 'the dockershim socket'],
  ['k3s', true, 'the k3s containerd socket'],
  ['k0s', true, 'the k0s containerd socket'],
  ['podman', true, 'the Podman socket'],
  ['buildkit', true, 'the BuildKit daemon socket'],
  ['systemd/private', false, 'systemd\'s private control socket'],
  ['dbus/system_bus_socket', false, 'the D-Bus system bus (systemd control)'],
];

/** Host paths that expose the node's credentials or give control over it. Order is the order messages list them in. */
const SENSITIVE_PATHS: readonly SensitivePath[] = [
  ...RUNTIME_SOCKETS.flatMap(([rel, subtree, what]) => [
    { path: `/var/run/${rel}`, subtree, what },
    { path: `/run/${rel}`, subtree, what },
  ]),
  { path: '/var/snap/microk8s/common/run', subtree: true, what: 'the MicroK8s containerd socket' },
  { path: '/var/lib/kubelet', subtree: true, what: 'the kubelet\'s state: every pod\'s volumes and secrets, kubelet credentials' },
  { path: '/etc/kubernetes', subtree: true, what: 'the node\'s Kubernetes credentials and configuration (kubeconfigs, PKI, static pod manifests)' },
  { path: '/var/lib/etcd', subtree: true, what: 'the etcd data directory (every Secret of the cluster)' },
  { path: '/var/lib/docker', subtree: true, what: 'Docker\'s storage (every container\'s filesystem)' },
  { path: '/var/lib/containerd', subtree: true, what: 'containerd\'s storage (every container\'s filesystem)' },
  { path: '/var/lib/containers', subtree: true, what: 'CRI-O/Podman storage (every container\'s filesystem)' },
  { path: '/var/lib/rancher', subtree: true, what: 'k3s/RKE2 state (cluster tokens, PKI, containerd storage)' },
  { path: '/etc/rancher', subtree: true, what: 'k3s/RKE2 configuration (admin kubeconfig)' },
  { path: '/proc', subtree: true, what: 'the host\'s /proc (kernel settings, every process\'s memory and root)' },
  { path: '/sys', subtree: true, what: 'the host\'s /sys (kernel and device control, cgroups)' },
  { path: '/dev', subtree: true, what: 'the host\'s devices (disks, memory)' },
  { path: '/boot', subtree: true, what: 'the host\'s kernel and boot loader' },
  { path: '/root', subtree: true, what: 'root\'s home directory (SSH keys, shell history, credentials)' },
  { path: '/home', subtree: true, what: 'users\' home directories (SSH keys, credentials)' },
  { path: '/etc/shadow', subtree: false, what: 'the host\'s password hashes' },
  { path: '/etc/passwd', subtree: false, what: 'the host\'s user accounts' },
  { path: '/etc/group', subtree: false, what: 'the host\'s groups' },
  { path: '/etc/sudoers', subtree: false, what: 'the host\'s sudo rules' },
  { path: '/etc/sudoers.d', subtree: true, what: 'the host\'s sudo rules' },
  { path: '/etc/ssh', subtree: true, what: 'the host\'s SSH keys and configuration' },
  { path: '/etc/crontab', subtree: false, what: 'the host\'s cron table' },
  { path: '/etc/cron.d', subtree: true, what: 'the host\'s cron jobs' },
  { path: '/etc/systemd', subtree: true, what: 'the host\'s systemd units' },
  { path: '/etc/containerd', subtree: true, what: 'containerd\'s configuration' },
  { path: '/etc/crio', subtree: true, what: 'CRI-O\'s configuration' },
  { path: '/etc/docker', subtree: true, what: 'Docker\'s configuration' },
  { path: '/var/log', subtree: true, what: 'the node\'s logs (the kubelet follows symlinks planted there when serving logs)' },
];

/** Windows host paths, lower-cased with `/` separators. */
const WINDOWS_SENSITIVE_PATHS: readonly SensitivePath[] = [
  { path: '//./pipe/docker_engine', subtree: false, what: 'the Docker daemon named pipe' },
  { path: '//./pipe/containerd-containerd', subtree: false, what: 'the containerd named pipe' },
  { path: 'c:/var/lib/kubelet', subtree: true, what: 'the kubelet\'s state: every pod\'s volumes and secrets, kubelet credentials' },
  { path: 'c:/etc/kubernetes', subtree: true, what: 'the node\'s Kubernetes credentials and configuration' },
  { path: 'c:/windows', subtree: true, what: 'the Windows system directory' },
];

/** How many sensitive paths a message lists by name before summing up the rest. */
const LISTED = 3;

/** Collapses `//`, `.` and `..` segments and trailing slashes: `/var//run/./x/../docker.sock/` is `/var/run/docker.sock`. */
function normalise(segments: string[], root: string): string {
  const out: string[] = [];
  for (const seg of segments) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return root + out.join('/');
}

/**
 * A host path as the node resolves it, and the list to compare it with. Windows paths (a drive letter
 * or a `\\` prefix) compare case-insensitively with either separator; Linux paths are case-sensitive
 * and taken as absolute (runtimes resolve a relative one against `/`).
 */
function canonicalHostPath(raw: string): { path: string; windows: boolean } {
  const drive = /^([A-Za-z]):[\\/]/.exec(raw);
  if (drive) {
    return { path: normalise(raw.slice(3).split(/[\\/]/), `${drive[1]!.toLowerCase()}:/`).toLowerCase(), windows: true };
  }
  if (raw.startsWith('\\\\')) {
    // `\\.\pipe\...`, `\\?\C:\...`, `\\server\share\...`: the first segment is a namespace or host, not a directory.
    const [head = '', ...rest] = raw.slice(2).split(/[\\/]/);
    return { path: normalise(rest, `//${head}/`).toLowerCase(), windows: true };
  }
  return { path: normalise(raw.split('/'), '/'), windows: false };
}

type Exposure =
  | { kind: 'root' }
  | { kind: 'sensitive'; entry: SensitivePath }
  | { kind: 'contains'; entries: SensitivePath[] };

/** What a canonical host path exposes, if anything. */
function exposureOf(path: string, windows: boolean): Exposure | undefined {
  if (path === '/' || /^[a-z]:\/$/.test(path)) return { kind: 'root' };
  const list = windows ? WINDOWS_SENSITIVE_PATHS : SENSITIVE_PATHS;
  // The deepest entry the path is, or lies inside of (for subtree entries).
  let match: SensitivePath | undefined;
  for (const e of list) {
    if (path === e.path || (e.subtree && path.startsWith(`${e.path}/`))) {
      if (!match || e.path.length > match.path.length) match = e;
    }
  }
  if (match) return { kind: 'sensitive', entry: match };
  const inside = list.filter((e) => e.path.startsWith(path.endsWith('/') ? path : `${path}/`));
  // A subtree entry already speaks for the entries below it.
  const entries = inside.filter((e) => !inside.some((o) => o !== e && o.subtree && e.path.startsWith(`${o.path}/`)));
  return entries.length > 0 ? { kind: 'contains', entries } : undefined;
}

export default defineRule({
  id: 'no-sensitive-host-path',
  area: 'workload',
  severity: 'critical',
  title: 'hostPath volumes that expose node credentials or control',
  kinds: WORKLOAD_KINDS,
  description:
    'A `hostPath` volume must not expose the node\'s root filesystem, container runtime sockets ' +
    '(Docker, containerd, CRI-O, cri-dockerd, k3s, k0s, MicroK8s, Podman, BuildKit under /run and /var/run), ' +
    'kubelet, etcd and runtime state (/var/lib/kubelet, /var/lib/etcd, /var/lib/docker, /var/lib/containerd, ' +
    '/var/lib/containers, /var/lib/rancher), node credentials and configuration (/etc/kubernetes, ' +
    '/etc/rancher, /etc/shadow, /etc/passwd, /etc/group, /etc/sudoers(.d), /etc/ssh, cron and systemd ' +
    'configuration, runtime configuration), /proc, /sys, /dev, /boot, /root, /home, /var/log, or ' +
    'systemd\'s and D-Bus\'s control sockets; nor any directory that contains one of them (mounting ' +
    '/var exposes /var/run/docker.sock). The path is normalised first (`//`, `.` and `..` segments, ' +
    'trailing slashes). Read-only mounts are reported too: reading these paths already yields ' +
    'credentials, and a socket works the same read-only. Other paths under /etc and /run (such as ' +
    '/etc/ssl/certs or /etc/localtime) are not reported. On Windows nodes the Docker and containerd named ' +
    'pipes, drive roots, C:\\Windows and the kubelet and Kubernetes directories are reported; Windows paths ' +
    'compare case-insensitively. Symlinks on the node other than /var/run cannot be seen and are not followed.',
  rationale:
    'Each of these paths is a known route from a pod to the node: a runtime socket starts a privileged ' +
    'container on demand, the kubelet directory holds every pod\'s secrets, /etc/kubernetes holds ' +
    'cluster credentials, /proc and /sys reach kernel settings such as core_pattern that run commands as ' +
    'root on the host, and writable /var/log lets the kubelet be tricked into reading any host file.',
  remediation:
    'Remove the volume. Talk to the Kubernetes API instead of the runtime socket; mount a narrower path ' +
    '(read-only) when a node agent truly needs host data, run it in a dedicated namespace, and suppress ' +
    'the finding on that workload with a reason.',
  references: [
    { framework: 'pss', control: 'baseline/hostpath-volumes' },
    { framework: 'cis-k8s', control: '5.2.11' },
    { framework: 'nsa-cisa', control: 'Pod security: restrict hostPath mounts' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: {
    root: 'Volume "{volume}" mounts the node\'s root filesystem (host path "{path}").',
    sensitive: 'Volume "{volume}" mounts host path "{path}": {what}.',
    inside: 'Volume "{volume}" mounts host path "{path}", inside {sensitive}: {what}.',
    contains: 'Volume "{volume}" mounts host path "{path}", which contains {sensitive}.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: ci-runner
spec:
  containers:
    - name: runner
      image: docker:27-cli
      volumeMounts:
        - name: docker
          mountPath: /var/run/docker.sock
  volumes:
    - name: docker
      hostPath:
        path: /var/run/docker.sock
        type: Socket
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: ci-runner
spec:
  containers:
    - name: runner
      image: gcr.io/kaniko-project/executor:v1.23.2
      volumeMounts:
        - name: workspace
          mountPath: /workspace
  volumes:
    - name: workspace
      emptyDir: {}
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl) return;
    for (const v of volumesOf(tpl)) {
      const hostPath = v.volume.hostPath;
      if (!isRecord(hostPath) || typeof hostPath.path !== 'string' || hostPath.path === '') continue;
      const raw = hostPath.path;
      const { path, windows } = canonicalHostPath(raw);
      const exposure = exposureOf(path, windows);
      if (!exposure) continue;
      const at = [...v.path, 'hostPath', 'path'];
      if (exposure.kind === 'root') {
        ctx.report('root', { volume: v.name, path: raw }, at);
      } else if (exposure.kind === 'sensitive') {
        const { path: sensitive, what } = exposure.entry;
        ctx.report(path === sensitive ? 'sensitive' : 'inside', { volume: v.name, path: raw, sensitive, what }, at);
      } else {
        const names = exposure.entries.map((e) => e.path);
        const more = names.length - LISTED;
        const sensitive = more > 0
          ? `${names.slice(0, LISTED).join(', ')} and ${more} more sensitive path${more === 1 ? '' : 's'}`
          : names.join(', ');
        ctx.report('contains', { volume: v.name, path: raw, sensitive }, at);
      }
    }
  },
});
