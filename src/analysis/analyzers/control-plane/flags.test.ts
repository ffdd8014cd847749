import { describe, expect, it } from 'vitest';
import { flagSpecOf } from './components.js';
import { parseFlags, parseGoBool, type ArgToken } from './flags.js';

const toks = (...texts: string[]): ArgToken[] => texts.map((text, i) => ({ text, path: ['args', i] }));
const pflag = (...texts: string[]) => parseFlags(toks(...texts), flagSpecOf('kube-apiserver'));
const goflag = (...texts: string[]) => parseFlags(toks(...texts), flagSpecOf('etcd'));

describe('parseFlags', () => {
  it('reads --flag=value, --flag value and bare booleans, with the path of each', () => {
    const f = pflag('--secure-port=6443', '--audit-log-path', '/var/log/audit.log', '--profiling', '--anonymous-auth=false');
    expect(f.occurrences).toEqual([
      { name: 'secure-port', value: '6443', path: ['args', 0], valuePath: ['args', 0] },
      { name: 'audit-log-path', value: '/var/log/audit.log', path: ['args', 1], valuePath: ['args', 2] },
      { name: 'profiling', value: undefined, path: ['args', 3], valuePath: ['args', 3] },
      { name: 'anonymous-auth', value: 'false', path: ['args', 4], valuePath: ['args', 4] },
    ]);
    expect(f.problems).toEqual([]);
    expect(f.bool('profiling').value).toBe(true);
    expect(f.bool('anonymous-auth').value).toBe(false);
  });

  it('does not let --auto-tls match --peer-auto-tls, in either direction', () => {
    const peerOnly = goflag('--peer-auto-tls=true');
    expect(peerOnly.has('auto-tls')).toBe(false);
    expect(peerOnly.bool('auto-tls').value).toBeUndefined();
    expect(peerOnly.bool('peer-auto-tls').value).toBe(true);
    const clientOnly = goflag('--auto-tls');
    expect(clientOnly.has('peer-auto-tls')).toBe(false);
    expect(clientOnly.bool('auto-tls').value).toBe(true);
  });

  it('a boolean flag never takes the next argument: `--client-cert-auth false` is true plus a stray argument', () => {
    const f = goflag('--client-cert-auth', 'false', '--data-dir=/var/lib/etcd');
    expect(f.bool('client-cert-auth').value).toBe(true);
    // Go's flag package stops at the first positional: --data-dir is never read.
    expect(f.has('data-dir')).toBe(false);
    expect(f.positionals.map((p) => p.text)).toEqual(['false', '--data-dir=/var/lib/etcd']);
    expect(f.problems[0]!.message).toMatch(/unexpected argument "false"/);
  });

  it('pflag keeps parsing after a positional (interspersed), and reports it', () => {
    const f = pflag('--anonymous-auth', 'false', '--profiling=false');
    expect(f.bool('anonymous-auth').value).toBe(true);
    expect(f.bool('profiling').value).toBe(false);
    expect(f.positionals.map((p) => p.text)).toEqual(['false']);
  });

  it('the last occurrence of a scalar flag wins', () => {
    const f = pflag('--profiling=false', '--secure-port=1', '--profiling=true');
    expect(f.bool('profiling')).toMatchObject({ value: true, occurrence: { path: ['args', 2] } });
  });

  it('repeated slice flags add up, split at commas', () => {
    const f = pflag('--authorization-mode=Node', '--authorization-mode=RBAC,Webhook');
    expect(f.list('authorization-mode')!.values).toEqual(['Node', 'RBAC', 'Webhook']);
    expect(f.list('authorization-mode')!.items.map((i) => i.occurrence.path)).toEqual([['args', 0], ['args', 1], ['args', 1]]);
    expect(f.list('enable-admission-plugins')).toBeUndefined();
  });

  it('does not trim slice values (pflag reads one CSV record): "Node, RBAC" has " RBAC"', () => {
    expect(pflag('--authorization-mode=Node, RBAC').list('authorization-mode')!.values).toEqual(['Node', ' RBAC']);
  });

  it('reads Go booleans only: yes/on are invalid and make the component refuse to start', () => {
    expect(pflag('--anonymous-auth=yes').bool('anonymous-auth')).toMatchObject({ value: undefined, invalid: 'yes' });
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parseGoBool(t)).toBe(true);
    for (const t of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect(parseGoBool(t)).toBe(false);
    expect(parseGoBool('tRUE')).toBeUndefined();
  });

  it('normalises _ to - for Kubernetes components, not for etcd', () => {
    expect(pflag('--anonymous_auth=false').bool('anonymous-auth').value).toBe(false);
    expect(goflag('--client_cert_auth=true').has('client-cert-auth')).toBe(false);
  });

  it('etcd takes one dash like two; a Kubernetes component reads one dash as shorthand letters', () => {
    expect(goflag('-client-cert-auth').bool('client-cert-auth').value).toBe(true);
    const f = pflag('-anonymous-auth=false', '-v=2', '-v', '4');
    expect(f.has('anonymous-auth')).toBe(false);
    expect(f.problems.map((p) => p.message)).toEqual(['"-anonymous-auth=false" is read as shorthand flags (one dash); write --anonymous-auth']);
    expect(f.all('v').map((o) => o.value)).toEqual(['2', '4']);
  });

  it('an unknown flag followed by another flag is bare; followed by a value it takes it', () => {
    const f = pflag('--some-new-flag', '--x=1', '--other-flag', 'value');
    expect(f.last('some-new-flag')!.value).toBeUndefined();
    expect(f.last('other-flag')!.value).toBe('value');
  });

  it('-- ends the flags', () => {
    const f = pflag('--profiling=false', '--', '--anonymous-auth=false');
    expect(f.has('anonymous-auth')).toBe(false);
    expect(f.positionals.map((p) => p.text)).toEqual(['--anonymous-auth=false']);
  });

  it('an empty value is a value (`--token-auth-file=` sets it to empty)', () => {
    expect(pflag('--token-auth-file=').string('token-auth-file')!.value).toBe('');
  });

  it('merges --feature-gates across occurrences, later keys winning', () => {
    const gates = pflag('--feature-gates=A=true,RotateKubeletServerCertificate=false', '--feature-gates=A=false').boolMap('feature-gates');
    expect([...gates].map(([k, v]) => [k, v.value])).toEqual([['A', false], ['RotateKubeletServerCertificate', false]]);
  });
});
