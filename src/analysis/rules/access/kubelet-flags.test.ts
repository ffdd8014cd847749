import { describe, expect, it } from 'vitest';
import { runRuleOnYaml, testRule } from '../../../../test/rule-tester.js';
import anonymous from './kubelet-anonymous-auth-disabled.js';
import authz from './kubelet-authorization-mode-webhook.js';
import clientCa from './kubelet-client-ca-file.js';
import iptables from './kubelet-make-iptables-util-chains.js';
import readOnly from './kubelet-read-only-port-disabled.js';
import rotate from './kubelet-rotate-certificates.js';
import seccomp from './kubelet-seccomp-default.js';
import streaming from './kubelet-streaming-connection-idle-timeout.js';

/**
 * A node as `kubeward scan --node` loads it: the kubelet's arguments (line 7 is `--config`, the
 * words under test start on line 8, each value at column 7), the NodeFile of its config file and
 * the config itself.
 */
const node = (args: string[], config = SECURE, withConfigFlag = true) => `apiVersion: kubeward.io/v1
kind: KubeletFlags
metadata:
  name: kubelet
spec:
  args:
${withConfigFlag ? '    - --config=/var/lib/kubelet/config.yaml\n' : ''}${args.map((a) => `    - ${JSON.stringify(a)}\n`).join('')}---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /var/lib/kubelet/config.yaml
spec: { path: /var/lib/kubelet/config.yaml, type: file, mode: "0600", owner: root, group: root }
---
${config}`;

const HEAD = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
/** Every setting these rules look at, secure. */
const SECURE = `${HEAD}authentication:
  anonymous:
    enabled: false
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
readOnlyPort: 0
rotateCertificates: true
seccompDefault: true
streamingConnectionIdleTimeout: 5m
makeIPTablesUtilChains: true
`;
/** The same settings, insecure: a flag setting them right must win. */
const INSECURE = `${HEAD}authentication:
  anonymous:
    enabled: true
  x509:
    clientCAFile: ""
authorization:
  mode: AlwaysAllow
readOnlyPort: 10255
rotateCertificates: false
seccompDefault: false
streamingConnectionIdleTimeout: 0s
makeIPTablesUtilChains: false
`;
const KL = 'KubeletConfiguration';
/** The path of the `i`th word under test (after `--config`). */
const argAt = (i: number) => `spec.args[${i + 1}]`;

testRule(anonymous, {
  valid: [
    { name: 'no flag: the file decides', yaml: node([]) },
    { name: 'the flag turns it off over the file', yaml: node(['--anonymous-auth=false'], INSECURE.replace(/^readOnlyPort.*\n/m, '')) },
    { name: 'a value the kubelet refuses (it would not start): the file decides', yaml: node(['--anonymous-auth=yes']) },
  ],
  invalid: [
    { name: '--anonymous-auth=true beats the file', yaml: node(['--anonymous-auth=true']), findings: [{ messageId: 'bad', line: 8, column: 7, data: { kubelet: KL, value: 'true (--anonymous-auth)' }, path: argAt(0) }] },
    { name: 'Go booleans: T', yaml: node(['--anonymous-auth=T']), findings: [{ messageId: 'bad', line: 8, data: { kubelet: KL, value: 'true (--anonymous-auth)' } }] },
    {
      name: 'a boolean flag never takes the next word: `--anonymous-auth false` is true (and `false` a stray argument)',
      yaml: node(['--anonymous-auth', 'false']),
      findings: [{ messageId: 'bad', line: 8, column: 7, data: { kubelet: KL, value: 'true (--anonymous-auth)' }, path: argAt(0) }],
    },
    {
      name: 'no --config: the kubelet reads no file and starts from the command-line default (true)',
      yaml: node(['--read-only-port=0'], SECURE, false),
      findings: [{ messageId: 'bad', line: 6, data: { kubelet: 'KubeletFlags/kubelet', value: 'not set (default true)' }, path: 'spec.args' }],
    },
  ],
});

testRule(authz, {
  valid: [{ name: 'Webhook over AlwaysAllow in the file', yaml: node(['--authorization-mode=Webhook'], INSECURE) }],
  invalid: [
    { name: 'AlwaysAllow', yaml: node(['--authorization-mode=AlwaysAllow']), findings: [{ messageId: 'bad', line: 8, data: { kubelet: KL, value: '"AlwaysAllow" (--authorization-mode)' }, path: argAt(0) }] },
    { name: 'no --config: AlwaysAllow by default', yaml: node([], SECURE, false), findings: [{ messageId: 'bad', line: 6, data: { kubelet: 'KubeletFlags/kubelet', value: 'not set (default "AlwaysAllow")' } }] },
  ],
});

testRule(clientCa, {
  valid: [{ name: 'set by the flag, empty in the file', yaml: node(['--client-ca-file=/etc/kubernetes/pki/ca.crt'], INSECURE) }],
  invalid: [{ name: 'emptied by the flag', yaml: node(['--client-ca-file=']), findings: [{ messageId: 'bad', line: 8, data: { kubelet: KL, value: '"" (--client-ca-file)' } }] }],
});

testRule(readOnly, {
  valid: [
    { name: '0 over 10255 in the file', yaml: node(['--read-only-port=0'], INSECURE) },
    { name: 'no --config, but --read-only-port=0', yaml: node(['--read-only-port=0'], INSECURE, false) },
    { name: 'a flag without its value stops the kubelet (flag needs an argument): the file decides', yaml: node(['--read-only-port'], INSECURE.replace('readOnlyPort: 10255', 'readOnlyPort: 0')) },
  ],
  invalid: [
    { name: '--read-only-port=10255', yaml: node(['--read-only-port=10255']), findings: [{ messageId: 'bad', line: 8, column: 7, data: { kubelet: KL, value: '10255 (--read-only-port)' }, path: argAt(0) }] },
    {
      name: 'the value in the next word: the finding points at the value',
      yaml: node(['--read-only-port', '10255']),
      findings: [{ messageId: 'bad', line: 9, column: 7, data: { kubelet: KL, value: '10255 (--read-only-port)' }, path: argAt(1) }],
    },
    { name: 'pflag reads `_` as `-`', yaml: node(['--read_only_port=10255']), findings: [{ messageId: 'bad', line: 8, data: { kubelet: KL, value: '10255 (--read-only-port)' }, path: argAt(0) }] },
    { name: 'the last occurrence wins', yaml: node(['--read-only-port=0', '--read-only-port=10255']), findings: [{ messageId: 'bad', line: 9, data: { kubelet: KL, value: '10255 (--read-only-port)' }, path: argAt(1) }] },
    { name: 'Go integer syntax: 0x2817', yaml: node(['--streaming-connection-idle-timeout=1m', '--read-only-port=0x2817']), findings: [{ messageId: 'bad', line: 9, data: { kubelet: KL, value: '10263 (--read-only-port)' } }] },
    { name: 'no --config: 10255 by default', yaml: node([], SECURE, false), findings: [{ messageId: 'bad', line: 6, data: { kubelet: 'KubeletFlags/kubelet', value: 'not set (default 10255)' } }] },
  ],
});

testRule(streaming, {
  valid: [{ name: '5m over 0s in the file', yaml: node(['--streaming-connection-idle-timeout=5m'], INSECURE) }],
  invalid: [{ name: '0', yaml: node(['--streaming-connection-idle-timeout=0']), findings: [{ messageId: 'bad', line: 8, data: { kubelet: KL, value: '"0" (--streaming-connection-idle-timeout)' } }] }],
});

testRule(rotate, {
  valid: [{ name: 'true over false in the file', yaml: node(['--rotate-certificates=true'], INSECURE) }],
  invalid: [{ name: 'false', yaml: node(['--rotate-certificates=false']), findings: [{ messageId: 'bad', line: 8, data: { kubelet: KL, value: 'false (--rotate-certificates)' } }] }],
});

testRule(seccomp, {
  valid: [{ name: 'true over false in the file', yaml: node(['--seccomp-default=true'], INSECURE) }],
  invalid: [{ name: 'false', yaml: node(['--seccomp-default=false']), findings: [{ messageId: 'bad', line: 8, data: { kubelet: KL, value: 'false (--seccomp-default)' } }] }],
});

testRule(iptables, {
  valid: [{ name: 'true over false in the file', yaml: node(['--make-iptables-util-chains=1'], INSECURE) }],
  invalid: [{ name: 'f', yaml: node(['--make-iptables-util-chains=f']), findings: [{ messageId: 'bad', line: 8, data: { kubelet: KL, value: 'false (--make-iptables-util-chains)' } }] }],
});

describe('flags and the config file', () => {
  it('without --config the config file on the node is not the kubelet\'s: its settings give no finding', () => {
    const run = runRuleOnYaml(seccomp, node(['--seccomp-default=true'], INSECURE, false));
    expect(run.findings).toEqual([]);
  });

  it('a --config naming a file that is not loaded: nothing to judge (the kubelet would not start)', () => {
    const yaml = node(['--read-only-port=10255']).replace('--config=/var/lib/kubelet/config.yaml', '--config=/etc/kubelet/other.yaml');
    // The file-backed config is still judged on its own (readOnlyPort: 0): no finding, and none from the flag.
    expect(runRuleOnYaml(readOnly, yaml).findings).toEqual([]);
  });
});
