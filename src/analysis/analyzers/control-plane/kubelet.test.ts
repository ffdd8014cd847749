import { describe, expect, it } from 'vitest';
import { staticPod } from '../../../../test/helpers/control-plane.js';
import { ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { discoverComponents } from './components.js';
import { kubeletFlagSet } from './kubelet.js';

const kubeletFlags = (args: string[]) => parseManifests(`apiVersion: kubeward.io/v1
kind: KubeletFlags
metadata: { name: kubelet }
spec:
  args:
${args.map((a) => `    - ${JSON.stringify(a)}\n`).join('')}`, 'node.yaml').objects[0]!;

describe('the kubelet command line', () => {
  // Words the old kubelet-only loop read differently: it kept `read_only_port` as written and took
  // `-x` as the value of --client-ca-file. pflag normalises `_` to `-`, and our parser leaves a
  // dash-led word to be a flag.
  const ARGS = ['--read_only_port=10255', '--client-ca-file', '-v', '4', '--authorization-mode', 'Webhook', '--anonymous-auth', 'false'];

  it('is parsed with the same semantics as a static-pod component', () => {
    const kubelet = kubeletFlagSet(kubeletFlags(ARGS));
    const [apiserver] = discoverComponents(new ObjectSet(parseManifests(staticPod('kube-apiserver', ARGS).yaml, 'x.yaml').objects));
    const seen = (f: typeof kubelet) => f.occurrences.map((o) => [o.name, o.value]);
    expect(seen(kubelet)).toEqual([
      ['read-only-port', '10255'],
      ['client-ca-file', undefined],
      ['v', '4'],
      ['authorization-mode', 'Webhook'],
      ['anonymous-auth', undefined],
    ]);
    expect(seen(apiserver!.flags)).toEqual(seen(kubelet));
    expect(kubelet.positionals.map((p) => p.text)).toEqual(['false']);
  });

  it('points each occurrence at its word in spec.args, and is parsed once per object', () => {
    const obj = kubeletFlags(ARGS);
    const flags = kubeletFlagSet(obj);
    expect(flags.last('authorization-mode')).toMatchObject({ path: ['spec', 'args', 4], valuePath: ['spec', 'args', 5] });
    expect(flags.bool('anonymous-auth')).toMatchObject({ value: true });
    expect(kubeletFlagSet(obj)).toBe(flags);
  });
});
