/**
 * Static Pod manifests of control-plane components, shaped like the ones kubeadm writes, for the
 * control-plane rule tests: the flags kubeadm v1.31 sets, helpers to change them, and the manifest
 * line of every argument so that tests can say where a finding must point.
 */

export type Component = 'kube-apiserver' | 'etcd' | 'kube-controller-manager' | 'kube-scheduler';

/** The flags kubeadm v1.31 writes for a control-plane node at 10.0.0.10 named cp1. */
export const KUBEADM_ARGS: Record<Component, readonly string[]> = {
  'kube-apiserver': [
    '--advertise-address=10.0.0.10',
    '--allow-privileged=true',
    '--authorization-mode=Node,RBAC',
    '--client-ca-file=/etc/kubernetes/pki/ca.crt',
    '--enable-admission-plugins=NodeRestriction',
    '--enable-bootstrap-token-auth=true',
    '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
    '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
    '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
    '--etcd-servers=https://127.0.0.1:2379',
    '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
    '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
    '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
    '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
    '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
    '--secure-port=6443',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
    '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
    '--service-cluster-ip-range=10.96.0.0/12',
    '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
    '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
  ],
  etcd: [
    '--advertise-client-urls=https://10.0.0.10:2379',
    '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
    '--client-cert-auth=true',
    '--data-dir=/var/lib/etcd',
    '--initial-advertise-peer-urls=https://10.0.0.10:2380',
    '--initial-cluster=cp1=https://10.0.0.10:2380',
    '--key-file=/etc/kubernetes/pki/etcd/server.key',
    '--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.10:2379',
    '--listen-metrics-urls=http://127.0.0.1:2381',
    '--listen-peer-urls=https://10.0.0.10:2380',
    '--name=cp1',
    '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
    '--peer-client-cert-auth=true',
    '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
    '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
    '--snapshot-count=10000',
    '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
  ],
  'kube-controller-manager': [
    '--allocate-node-cidrs=true',
    '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
    '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
    '--bind-address=127.0.0.1',
    '--client-ca-file=/etc/kubernetes/pki/ca.crt',
    '--cluster-name=kubernetes',
    '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
    '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
    '--controllers=*,bootstrapsigner,tokencleaner',
    '--kubeconfig=/etc/kubernetes/controller-manager.conf',
    '--leader-elect=true',
    '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
    '--root-ca-file=/etc/kubernetes/pki/ca.crt',
    '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
    '--use-service-account-credentials=true',
  ],
  'kube-scheduler': [
    '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
    '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
    '--bind-address=127.0.0.1',
    '--kubeconfig=/etc/kubernetes/scheduler.conf',
    '--leader-elect=true',
  ],
};

/** Changes to a flag list: `remove` drops every occurrence of the names, `set` replaces in place or appends. */
export function editArgs(base: readonly string[], change: { remove?: string[]; set?: Record<string, string> }): string[] {
  const nameOf = (a: string) => a.replace(/^--?/, '').split('=')[0]!;
  let out = base.filter((a) => !(change.remove ?? []).includes(nameOf(a)));
  for (const [name, value] of Object.entries(change.set ?? {})) {
    const flag = value === '' ? `--${name}` : `--${name}=${value}`;
    const i = out.findIndex((a) => nameOf(a) === name);
    if (i >= 0) out = [...out.slice(0, i), flag, ...out.slice(i + 1)];
    else out = [...out, flag];
  }
  return out;
}

/** A static Pod manifest and where its parts are. */
export interface StaticPodManifest {
  yaml: string;
  /** Line of `args[i]` (0-based: the first flag after the program name). */
  argLine(i: number): number;
  /** Line of `args` matching a flag name (first occurrence). */
  flagLine(name: string): number;
  /** Line of the `command:` key, where findings about missing flags point. */
  commandLine: number;
  /** Line of `env[i].value`. */
  envLine(i: number): number;
}

/**
 * A static Pod running `component` with `args` (flags after the program name), in kube-system,
 * named `<component>-cp1`. `env` adds literal variables; `extra` is YAML appended under the
 * container (indent 6), e.g. volumeMounts.
 */
export function staticPod(component: Component, args: readonly string[], opts: { env?: Record<string, string>; extra?: string; podExtra?: string; name?: string } = {}): StaticPodManifest {
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${opts.name ?? `${component}-cp1`}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    `    - name: ${component}`,
    `      image: registry.k8s.io/${component === 'etcd' ? 'etcd:3.5.15-0' : `${component}:v1.31.0`}`,
    '      command:',
    `        - ${component}`,
  ];
  const commandLine = 10;
  const firstArg = lines.length + 1;
  for (const a of args) lines.push(`        - ${JSON.stringify(a)}`);
  let envStart = 0;
  if (opts.env) {
    lines.push('      env:');
    envStart = lines.length + 1;
    for (const [name, value] of Object.entries(opts.env)) lines.push(`        - name: ${name}`, `          value: ${JSON.stringify(value)}`);
  }
  if (opts.extra) lines.push(...opts.extra.replace(/^\n/, '').trimEnd().split('\n').map((l) => `      ${l}`));
  if (opts.podExtra) lines.push(...opts.podExtra.replace(/^\n/, '').trimEnd().split('\n').map((l) => `  ${l}`));
  return {
    yaml: `${lines.join('\n')}\n`,
    argLine: (i) => firstArg + i,
    flagLine(name) {
      const i = args.findIndex((a) => a.replace(/^--?/, '').split('=')[0] === name);
      if (i < 0) throw new Error(`no flag ${name} in the manifest`);
      return firstArg + i;
    },
    commandLine,
    envLine: (i) => envStart + 2 * i + 1,
  };
}
