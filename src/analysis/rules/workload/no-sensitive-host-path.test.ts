import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-sensitive-host-path.js';

/** A Pod with one hostPath volume; the path sits on line 12, column 9. YAML single quotes keep backslashes literal. */
function pod(path: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
  volumes:
    - name: host
      hostPath:
        path: '${path.replace(/'/g, "''")}'
`;
}

const valid: ValidCase[] = [
  // Ordinary host paths, including ones under /etc, /run and /var that are not sensitive themselves.
  ...['/etc/ssl/certs', '/etc/localtime', '/etc/machine-id', '/run/xtables.lock', '/run/systemd/journal', '/var/lib/app',
    '/opt/data', '/srv', '/tmp/cache', '/var/run/secrets/app', '/var/lib/kubelet-plugins-not-really'].map((p) => ({ name: `ordinary path ${p}`, yaml: pod(p) })),
  // Names that merely start like a sensitive path.
  ...['/etcd', '/rootfs', '/procfs', '/var/logs', '/var/run/docker.sock.d', '/devices', '/homes', '/var/lib/kubelet2'].map((p) => ({
    name: `${p} is not a sensitive path nor inside one`, yaml: pod(p),
  })),
  // Windows paths that are not sensitive, and Linux names that only look like Windows ones.
  ...['C:\\data', 'D:\\logs\\app', '\\\\.\\pipe\\my-agent', 'C:\\var\\lib\\app'].map((p) => ({ name: `Windows path ${p}`, yaml: pod(p) })),
  {
    name: 'an empty path and volumes of other types',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
  volumes:
    - name: empty
      hostPath:
        path: ''
    - name: tmp
      emptyDir: {}
`,
  },
];

const at = { line: 12, column: 9 };

/**
 * One Pod per path: `sensitive` when the normalised path is the sensitive path itself, `inside` when
 * it lies below a sensitive directory.
 */
const sensitive: [path: string, sensitive: string, what: string][] = [
  ['/var/run/docker.sock', '/var/run/docker.sock', 'the Docker daemon socket'],
  ['/run/docker.sock', '/run/docker.sock', 'the Docker daemon socket'],
  ['/run/containerd/containerd.sock', '/run/containerd', 'the containerd socket'],
  ['/var/run/containerd', '/var/run/containerd', 'the containerd socket'],
  ['/var/run/crio/crio.sock', '/var/run/crio', 'the CRI-O socket'],
  ['/run/k3s/containerd/containerd.sock', '/run/k3s', 'the k3s containerd socket'],
  ['/var/run/cri-dockerd.sock', '/var/run/cri-dockerd.sock', 'the cri-dockerd socket'],
  ['/var/snap/microk8s/common/run/containerd.sock', '/var/snap/microk8s/common/run', 'the MicroK8s containerd socket'],
  ['/run/dbus/system_bus_socket', '/run/dbus/system_bus_socket', 'the D-Bus system bus (systemd control)'],
  ['/var/lib/kubelet', '/var/lib/kubelet', 'the kubelet\'s state: every pod\'s volumes and secrets, kubelet credentials'],
  ['/var/lib/kubelet/pods', '/var/lib/kubelet', 'the kubelet\'s state: every pod\'s volumes and secrets, kubelet credentials'],
  ['/etc/kubernetes/pki', '/etc/kubernetes', 'the node\'s Kubernetes credentials and configuration (kubeconfigs, PKI, static pod manifests)'],
  ['/var/lib/docker/containers', '/var/lib/docker', 'Docker\'s storage (every container\'s filesystem)'],
  ['/var/lib/etcd', '/var/lib/etcd', 'the etcd data directory (every Secret of the cluster)'],
  ['/proc/sys/kernel', '/proc', 'the host\'s /proc (kernel settings, every process\'s memory and root)'],
  ['/sys/fs/cgroup', '/sys', 'the host\'s /sys (kernel and device control, cgroups)'],
  ['/dev/mem', '/dev', 'the host\'s devices (disks, memory)'],
  ['/boot', '/boot', 'the host\'s kernel and boot loader'],
  ['/root', '/root', 'root\'s home directory (SSH keys, shell history, credentials)'],
  ['/home/ubuntu/.ssh', '/home', 'users\' home directories (SSH keys, credentials)'],
  ['/etc/shadow', '/etc/shadow', 'the host\'s password hashes'],
  ['/etc/sudoers.d', '/etc/sudoers.d', 'the host\'s sudo rules'],
  ['/etc/cron.d/evil', '/etc/cron.d', 'the host\'s cron jobs'],
  ['/var/log', '/var/log', 'the node\'s logs (the kubelet follows symlinks planted there when serving logs)'],
  // Normalisation: trailing slashes, `//`, `.` and `..` segments.
  ['/var/log/', '/var/log', 'the node\'s logs (the kubelet follows symlinks planted there when serving logs)'],
  ['//var//run/docker.sock', '/var/run/docker.sock', 'the Docker daemon socket'],
  ['/var/run/../lib//kubelet/./', '/var/lib/kubelet', 'the kubelet\'s state: every pod\'s volumes and secrets, kubelet credentials'],
  ['/tmp/../etc/kubernetes', '/etc/kubernetes', 'the node\'s Kubernetes credentials and configuration (kubeconfigs, PKI, static pod manifests)'],
  // Windows: case-insensitive, either separator.
  ['\\\\.\\pipe\\docker_engine', '//./pipe/docker_engine', 'the Docker daemon named pipe'],
  ['\\\\.\\pipe\\containerd-containerd', '//./pipe/containerd-containerd', 'the containerd named pipe'],
  ['C:\\var\\lib\\kubelet\\pods', 'c:/var/lib/kubelet', 'the kubelet\'s state: every pod\'s volumes and secrets, kubelet credentials'],
  ['c:/Windows/System32', 'c:/windows', 'the Windows system directory'],
];

/** The paths of the table above that lie below their sensitive path (written out, not computed, so the test checks the rule). */
const INSIDE = new Set([
  '/run/containerd/containerd.sock', '/var/run/crio/crio.sock', '/run/k3s/containerd/containerd.sock',
  '/var/snap/microk8s/common/run/containerd.sock', '/var/lib/kubelet/pods', '/etc/kubernetes/pki', '/var/lib/docker/containers',
  '/proc/sys/kernel', '/sys/fs/cgroup', '/dev/mem', '/home/ubuntu/.ssh', '/etc/cron.d/evil',
  'C:\\var\\lib\\kubelet\\pods', 'c:/Windows/System32',
]);

/** Paths that are parents of sensitive paths. */
const contains: [path: string, sensitive: string][] = [
  ['/var', '/var/run/docker.sock, /var/run/docker, /var/run/containerd and 17 more sensitive paths'],
  ['/var/run', '/var/run/docker.sock, /var/run/docker, /var/run/containerd and 9 more sensitive paths'],
  ['/run/', '/run/docker.sock, /run/docker, /run/containerd and 9 more sensitive paths'],
  ['/var/lib', '/var/lib/kubelet, /var/lib/etcd, /var/lib/docker and 3 more sensitive paths'],
  ['/var/lib/kubelet/..', '/var/lib/kubelet, /var/lib/etcd, /var/lib/docker and 3 more sensitive paths'],
  ['/etc', '/etc/kubernetes, /etc/rancher, /etc/shadow and 11 more sensitive paths'],
  ['/run/systemd', '/run/systemd/private'],
  ['/var/snap', '/var/snap/microk8s/common/run'],
  ['/run/dbus', '/run/dbus/system_bus_socket'],
  ['C:\\var', 'c:/var/lib/kubelet'],
  ['C:\\etc', 'c:/etc/kubernetes'],
];

const invalid: InvalidCase[] = [
  ...['/', '//', '/etc/..', '/../..', '/./'].map((p) => ({
    name: `${p} is the root filesystem`, yaml: pod(p), findings: [{ messageId: 'root', ...at, data: { volume: 'host', path: p }, path: 'spec.volumes[0].hostPath.path' }],
  })),
  ...['C:\\', 'd:/'].map((p) => ({
    name: `${p} is a Windows drive root`, yaml: pod(p), findings: [{ messageId: 'root', ...at, data: { volume: 'host', path: p } }],
  })),
  ...sensitive.map(([p, s, what]) => {
    const messageId = INSIDE.has(p) ? 'inside' : 'sensitive';
    return { name: `${p} is ${messageId === 'inside' ? 'inside ' : ''}${s}`, yaml: pod(p), findings: [{ messageId, ...at, data: { volume: 'host', path: p, sensitive: s, what } }] };
  }),
  ...contains.map(([p, s]) => ({
    name: `${p} contains ${s}`, yaml: pod(p), findings: [{ messageId: 'contains', ...at, data: { volume: 'host', path: p, sensitive: s } }],
  })),
];

for (const kind of WRAPPABLE_KINDS) {
  const m = inWorkload(kind, `
containers:
  - name: ci
    image: docker:27-cli
    volumeMounts:
      - name: docker
        mountPath: /var/run/docker.sock
        readOnly: true
volumes:
  - name: docker
    hostPath:
      path: /var/run/docker.sock
      type: Socket
`);
  invalid.push({
    name: `${kind}: a read-only docker.sock mount is reported all the same`,
    yaml: m.yaml,
    findings: [{ messageId: 'sensitive', line: m.line(11), column: m.column(7), data: { volume: 'docker', path: '/var/run/docker.sock', sensitive: '/var/run/docker.sock', what: 'the Docker daemon socket' } }],
  });
}

invalid.push({
  name: 'several volumes: each sensitive one, in order',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: ghcr.io/example/agent:1.0.0
  volumes:
    - name: certs
      hostPath:
        path: /etc/ssl/certs
    - name: proc
      hostPath:
        path: /proc
    - name: tmp
      emptyDir: {}
    - name: kubelet
      hostPath:
        path: /var/lib/kubelet/pods
`,
  findings: [
    { messageId: 'sensitive', line: 15, column: 9, path: 'spec.volumes[1].hostPath.path' },
    { messageId: 'inside', line: 20, column: 9, path: 'spec.volumes[3].hostPath.path' },
  ],
});

testRule(rule, { valid, invalid });
