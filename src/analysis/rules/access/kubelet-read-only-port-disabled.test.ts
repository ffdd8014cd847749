import { describe, expect, it } from 'vitest';
import { testRule } from '../../../../test/rule-tester.js';
import { durationSeconds } from '../../analyzers/control-plane/index.js';
import anonymous from './kubelet-anonymous-auth-disabled.js';
import authz from './kubelet-authorization-mode-webhook.js';
import clientCa from './kubelet-client-ca-file.js';
import iptables from './kubelet-make-iptables-util-chains.js';
import readOnly from './kubelet-read-only-port-disabled.js';
import rotate from './kubelet-rotate-certificates.js';
import seccomp from './kubelet-seccomp-default.js';
import streaming from './kubelet-streaming-connection-idle-timeout.js';

const HEAD = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
/** What kubeadm v1.31 writes to /var/lib/kubelet/config.yaml (abridged). */
const KUBEADM = `${HEAD}authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
cgroupDriver: systemd
rotateCertificates: true
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
`;
const EMPTY = HEAD;
const configMap = (body: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: kubelet-config
  namespace: kube-system
data:
  kubelet: |
${body.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n')}`;
const KL = 'KubeletConfiguration';

testRule(anonymous, {
  valid: [{ name: 'kubeadm', yaml: KUBEADM }, { name: 'unset: the config-file default is false', yaml: EMPTY }],
  invalid: [
    { name: 'enabled: true', yaml: `${HEAD}authentication:\n  anonymous:\n    enabled: true\n`, findings: [{ messageId: 'bad', line: 5, data: { kubelet: KL, value: 'true' }, path: 'authentication.anonymous.enabled' }] },
    { name: 'in the kubeadm ConfigMap: points at data.kubelet', yaml: configMap(`${HEAD}authentication:\n  anonymous:\n    enabled: yes\n`), findings: [{ messageId: 'bad', line: 7, data: { kubelet: 'ConfigMap/kube-system/kubelet-config', value: 'true' }, path: 'data.kubelet' }] },
  ],
});

testRule(authz, {
  valid: [{ name: 'kubeadm', yaml: KUBEADM }, { name: 'unset: Webhook', yaml: EMPTY }],
  invalid: [{ name: 'AlwaysAllow', yaml: `${HEAD}authorization:\n  mode: AlwaysAllow\n`, findings: [{ messageId: 'bad', line: 4, data: { kubelet: KL, value: '"AlwaysAllow"' } }] }],
});

testRule(clientCa, {
  valid: [{ name: 'kubeadm', yaml: KUBEADM }],
  invalid: [{ name: 'unset', yaml: EMPTY, findings: [{ messageId: 'bad', line: 1, data: { kubelet: KL, value: 'not set (default "")' } }] }],
});

testRule(readOnly, {
  valid: [{ name: 'kubeadm (unset: 0)', yaml: KUBEADM }, { name: '0', yaml: `${HEAD}readOnlyPort: 0\n` }],
  invalid: [{ name: '10255', yaml: `${HEAD}readOnlyPort: 10255\n`, findings: [{ messageId: 'bad', line: 3, column: 1, data: { kubelet: KL, value: '10255' } }] }],
});

testRule(streaming, {
  valid: [{ name: 'unset (4h)', yaml: EMPTY }, { name: '5m', yaml: `${HEAD}streamingConnectionIdleTimeout: 5m\n` }],
  invalid: [
    { name: 'kubeadm writes 0s', yaml: KUBEADM, findings: [{ messageId: 'bad', line: 16, data: { kubelet: KL, value: '"0s"' } }] },
    { name: '0h0m0s', yaml: `${HEAD}streamingConnectionIdleTimeout: 0h0m0s\n`, findings: [{ messageId: 'bad', line: 3 }] },
  ],
});

testRule(rotate, {
  valid: [{ name: 'kubeadm', yaml: KUBEADM }],
  invalid: [{ name: 'unset: the default is false', yaml: EMPTY, findings: [{ messageId: 'bad', line: 1, data: { kubelet: KL, value: 'not set (default false)' } }] }],
});

testRule(seccomp, {
  valid: [{ name: 'true', yaml: `${HEAD}seccompDefault: true\n` }],
  invalid: [{ name: 'kubeadm leaves it unset', yaml: KUBEADM, findings: [{ messageId: 'bad', line: 1, data: { kubelet: KL, value: 'not set (default false)' } }] }],
});

testRule(iptables, {
  valid: [{ name: 'unset: true', yaml: EMPTY }],
  invalid: [{ name: 'false', yaml: `${HEAD}makeIPTablesUtilChains: false\n`, findings: [{ messageId: 'bad', line: 3 }] }],
});

describe('kubelet configurations that are not one', () => {
  it('ignores other ConfigMaps and other kinds', () => {
    const other = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app, namespace: kube-system }\ndata:\n  kubelet: |\n    apiVersion: kubelet.config.k8s.io/v1beta1\n    kind: KubeletConfiguration\n    readOnlyPort: 10255\n`;
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('0')).toBe(0);
    expect(durationSeconds('5x')).toBeUndefined();
    return import('../../../../test/rule-tester.js').then(({ runRuleOnYaml }) => expect(runRuleOnYaml(readOnly, other).findings).toEqual([]));
  });
});
