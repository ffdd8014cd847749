import { describe, expect, it } from 'vitest';
import { kubeletCommandLine, parseEnvFile, type FlagSourceFile, type KubeletCommandLine } from './kubelet-flags.js';

const DROP_IN = '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf';
const unit = (text: string, path = DROP_IN): FlagSourceFile => ({ path, text });

function run(units: FlagSourceFile[], env: Record<string, string> = {}): KubeletCommandLine {
  const out = kubeletCommandLine(units, (p) => (p in env ? { path: p, text: env[p]! } : undefined));
  if ('problem' in out) throw new Error(out.problem);
  return out;
}
const words = (c: KubeletCommandLine) => c.args.map((a) => a.text);
const at = (c: KubeletCommandLine, i: number) => {
  const o = c.args[i]!.origin;
  return `${o.file}:${o.line}:${o.column}-${o.endLine}:${o.endColumn}`;
};

/** kubeadm's drop-in as the deb and rpm packages ship it. */
const KUBEADM_DROP_IN = `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;

describe('environment files', () => {
  const vars = (text: string) => Object.fromEntries([...parseEnvFile({ path: '/f', text })].map(([k, v]) => [k, v.map((c) => c.c).join('')]));

  it('reads quoted and unquoted values, skips comments, later lines win', () => {
    expect(vars(`# KUBELET_EXTRA_ARGS=--commented=true\n; also a comment\nA="--a=b --c d"\nB=--x=y   \nC='it''s \\n'\nA=--last\n`)).toEqual({
      A: '--last', B: '--x=y', C: 'its \\n',
    });
  });

  it('joins continuations and keeps escapes in double quotes', () => {
    expect(vars('A=--a=1 \\\n--b=2\nB="say \\"hi\\" \\\nthere"\n')).toEqual({ A: '--a=1 --b=2', B: 'say "hi" there' });
  });

  it('keeps each character where it is written', () => {
    const v = parseEnvFile({ path: '/f', text: 'X=1\nKUBELET_EXTRA_ARGS="--read-only-port=10255"\n' }).get('KUBELET_EXTRA_ARGS')!;
    // Line 2 starts at offset 4; the value's first character is after `KUBELET_EXTRA_ARGS="`.
    expect(v[0]).toMatchObject({ c: '-', o: 4 + 20 });
  });
});

describe('the kubelet command line from systemd units', () => {
  it("kubeadm's drop-in: variables from Environment= and EnvironmentFile=, with their files and columns", () => {
    const c = run([unit(KUBEADM_DROP_IN)], {
      '/var/lib/kubelet/kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"\n',
      '/etc/default/kubelet': 'KUBELET_EXTRA_ARGS=--anonymous-auth=true --read-only-port 10255\n',
    });
    expect(words(c)).toEqual([
      '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
      '--kubeconfig=/etc/kubernetes/kubelet.conf',
      '--config=/var/lib/kubelet/config.yaml',
      '--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock',
      '--pod-infra-container-image=registry.k8s.io/pause:3.10',
      '--anonymous-auth=true',
      '--read-only-port',
      '10255',
    ]);
    // `Environment="KUBELET_CONFIG_ARGS=` is 33 characters: the flag starts at column 34 of line 4.
    expect(at(c, 2)).toBe(`${DROP_IN}:4:34-4:71`);
    expect(at(c, 5)).toBe('/etc/default/kubelet:1:20-1:41');
    // `--read-only-port` (16 characters) and its value are two words, each where it is written.
    expect(at(c, 6)).toBe('/etc/default/kubelet:1:42-1:58');
    expect(at(c, 7)).toBe('/etc/default/kubelet:1:59-1:64');
    expect(at(c, 4)).toBe('/var/lib/kubelet/kubeadm-flags.env:1:95-1:149');
    expect(c.execStart).toEqual({ file: DROP_IN, line: 8, column: 1, endLine: 8, endColumn: 115 });
    expect(c.environmentFiles).toEqual(['/var/lib/kubelet/kubeadm-flags.env', '/etc/default/kubelet']);
  });

  it('an empty ExecStart= resets the packaged one; the drop-in comes after the main unit', () => {
    const main = unit('[Unit]\nDescription=kubelet\n[Service]\nExecStart=/usr/bin/kubelet --read-only-port=10255\n', '/lib/systemd/system/kubelet.service');
    const c = run([main, unit('[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --read-only-port=0\n')]);
    expect(words(c)).toEqual(['--read-only-port=0']);
    expect(at(c, 0)).toBe(`${DROP_IN}:3:28-3:46`);
  });

  it('line continuations and comment lines inside them; flags written on the ExecStart line itself', () => {
    const c = run([unit('[Service]\nExecStart=/usr/bin/kubelet \\\n# a comment\n    --authorization-mode=AlwaysAllow \\\n    --anonymous-auth\n')]);
    expect(words(c)).toEqual(['--authorization-mode=AlwaysAllow', '--anonymous-auth']);
    expect(at(c, 0)).toBe(`${DROP_IN}:4:5-4:37`);
    expect(at(c, 1)).toBe(`${DROP_IN}:5:5-5:21`);
  });

  it('keeps every occurrence in order, across files (the parser decides which wins)', () => {
    const c = run([unit(KUBEADM_DROP_IN)], {
      '/var/lib/kubelet/kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS="--read-only-port=10255"\n',
      '/etc/default/kubelet': 'KUBELET_EXTRA_ARGS="--read-only-port=0 --anonymous-auth=true --anonymous-auth=false"\n',
    });
    expect(words(c).slice(3)).toEqual(['--read-only-port=10255', '--read-only-port=0', '--anonymous-auth=true', '--anonymous-auth=false']);
    expect(at(c, 6)).toBe('/etc/default/kubelet:1:62-1:84');
  });

  it('expands only variables the files define; ${VAR} substitutes inside a word; text outside [Service] is ignored', () => {
    const c = run([unit('[Unit]\nExecStart=/bin/false --x\n[Service]\nEnvironment=PORT=10255\nExecStart=/usr/bin/kubelet $UNDEFINED --read-only-port=${PORT} ${ALSO_UNDEFINED}\n')]);
    // A lone unset $NAME gives no word; an unset ${NAME} still gives one, empty (systemd passes it).
    expect(words(c)).toEqual(['--read-only-port=10255', '']);
    // Columns 39-55 hold `--read-only-port=`; the value comes from line 4, so the word points at what is written on line 5.
    expect(at(c, 0)).toBe(`${DROP_IN}:5:39-5:56`);
    expect(at(c, 1)).toBe(`${DROP_IN}:5:64-5:81`);
  });

  it('an EnvironmentFile setting overrides an Environment= one', () => {
    const c = run([unit('[Service]\nEnvironment="KUBELET_EXTRA_ARGS=--read-only-port=0"\nEnvironmentFile=-/etc/sysconfig/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n')], {
      '/etc/sysconfig/kubelet': 'KUBELET_EXTRA_ARGS=--read-only-port=10255\n',
    });
    expect(words(c)).toEqual(['--read-only-port=10255']);
    expect(at(c, 0)).toBe('/etc/sysconfig/kubelet:1:20-1:42');
  });

  it('a quoted argument stays one word, quotes removed; prefixes of the executable are dropped', () => {
    const c = run([unit('[Service]\nExecStart=-/usr/bin/kubelet --rotate-certificates false --node-labels "a=b c" --tls-cipher-suites=X --tls-cipher-suites=Y\n')]);
    expect(words(c)).toEqual(['--rotate-certificates', 'false', '--node-labels', 'a=b c', '--tls-cipher-suites=X', '--tls-cipher-suites=Y']);
    // The opening quote is column 71: the word is its content, columns 72-76.
    expect(at(c, 3)).toBe(`${DROP_IN}:2:72-2:77`);
  });

  it('reports why there is no command line', () => {
    const none = (units: FlagSourceFile[]) => kubeletCommandLine(units, () => undefined);
    expect(none([])).toEqual({ problem: 'no kubelet systemd unit' });
    expect(none([unit('[Service]\nExecStart=/usr/bin/kubelet\nExecStart=\n')])).toEqual({ problem: 'the kubelet unit has no ExecStart' });
    expect(none([unit('[Service]\nExecStart=/usr/bin/dockerd --read-only-port=1\n')])).toEqual({ problem: "the kubelet unit's ExecStart does not run a kubelet binary (dockerd)" });
  });
});
