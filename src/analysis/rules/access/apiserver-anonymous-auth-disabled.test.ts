import { editArgs, KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import anonymous from './apiserver-anonymous-auth-disabled.js';
import auditRetention from './apiserver-audit-log-retention.js';
import audit from './apiserver-audit-logging.js';
import etcdTls from './apiserver-etcd-tls.js';
import profiling from './apiserver-profiling-disabled.js';
import lookup from './apiserver-service-account-lookup.js';
import ciphers from './apiserver-strong-cipher-suites.js';
import tokenFile from './apiserver-no-token-auth-file.js';
import kubeletCert from './apiserver-kubelet-client-cert.js';
import tlsCert from './apiserver-tls-cert.js';

const base = KUBEADM_ARGS['kube-apiserver'];
const API = 'kube-apiserver in Pod/kube-system/kube-apiserver-cp1';
const pod = (args: readonly string[]) => staticPod('kube-apiserver', args);
const off = pod([...base, '--anonymous-auth=false']);
const kubeadm = pod(base);
const lastOn = pod([...base, '--anonymous-auth=false', '--anonymous-auth=true']);
const oneDash = pod([...base, '-anonymous-auth=false']);

testRule(anonymous, {
  valid: [
    { name: '--anonymous-auth=false', yaml: off.yaml },
    { name: 'False is a Go boolean', yaml: pod([...base, '--anonymous-auth=False']).yaml },
    { name: '--anonymous_auth=false: Kubernetes reads _ as -', yaml: pod([...base, '--anonymous_auth=false']).yaml },
    { name: 'the last of repeated flags wins (0 is false)', yaml: pod([...base, '--anonymous-auth=true', '--anonymous-auth=0']).yaml },
  ],
  invalid: [
    { name: 'kubeadm leaves the default (true)', yaml: kubeadm.yaml, findings: [{ messageId: 'enabled', line: kubeadm.commandLine, column: 7, data: { apiserver: API, state: 'not set (default true)' }, path: 'spec.containers[0].command' }] },
    { name: 'the last occurrence wins', yaml: lastOn.yaml, findings: [{ messageId: 'enabled', line: lastOn.argLine(base.length + 1), data: { apiserver: API, state: 'true' } }] },
    { name: 'one dash is not the long flag for Kubernetes components', yaml: oneDash.yaml, findings: [{ messageId: 'enabled', line: oneDash.commandLine }] },
    { name: 'no is not a Go boolean', yaml: pod([...base, '--anonymous-auth=no']).yaml, findings: [{ messageId: 'invalid', line: 11 + base.length + 1, data: { apiserver: API, value: 'no' } }] },
  ],
});

const tokens = pod([...base, '--token-auth-file', '/etc/kubernetes/tokens.csv']);
testRule(tokenFile, {
  valid: [{ name: 'kubeadm', yaml: kubeadm.yaml }],
  invalid: [{ name: 'flag and value as separate arguments', yaml: tokens.yaml, findings: [{ messageId: 'set', line: tokens.argLine(base.length), data: { apiserver: API, file: '/etc/kubernetes/tokens.csv' } }] }],
});

const withPolicy = pod([...base, '--audit-policy-file=/etc/kubernetes/audit.yaml', '--audit-log-path=-']);
const webhook = pod([...base, '--audit-policy-file=/etc/kubernetes/audit.yaml', '--audit-webhook-config-file=/etc/kubernetes/audit-webhook.conf']);
const pathOnly = pod([...base, '--audit-log-path=/var/log/audit.log']);
testRule(audit, {
  valid: [{ name: 'policy and stdout', yaml: withPolicy.yaml }, { name: 'policy and webhook', yaml: webhook.yaml }],
  invalid: [
    { name: 'kubeadm: nothing', yaml: kubeadm.yaml, findings: [
      { messageId: 'noBackend', line: kubeadm.commandLine, data: { apiserver: API } },
      { messageId: 'noPolicy', line: kubeadm.commandLine, data: { apiserver: API } },
    ] },
    { name: 'a log path without a policy logs nothing', yaml: pathOnly.yaml, findings: [{ messageId: 'noPolicy', line: pathOnly.commandLine }] },
  ],
});

const full = ['--audit-log-path=/var/log/audit.log', '--audit-log-maxage=30', '--audit-log-maxbackup=10', '--audit-log-maxsize=100'];
const short = pod([...base, ...full.slice(0, 3), '--audit-log-maxsize=50']);
const noAge = pod([...base, full[0]!, full[2]!, full[3]!]);
testRule(auditRetention, {
  valid: [
    { name: 'CIS values', yaml: pod([...base, ...full]).yaml },
    { name: 'no audit log file', yaml: kubeadm.yaml },
    { name: 'stdout (-): rotation is the runtime\'s business', yaml: pod([...base, '--audit-log-path=-']).yaml },
  ],
  invalid: [
    { name: 'maxsize 50', yaml: short.yaml, findings: [{ messageId: 'low', line: short.argLine(base.length + 3), data: { apiserver: API, flag: 'audit-log-maxsize', value: '50', min: 100 } }] },
    { name: 'maxage unset', yaml: noAge.yaml, findings: [{ messageId: 'unset', line: noAge.commandLine, data: { apiserver: API, flag: 'audit-log-maxage', min: 30 } }] },
  ],
});

const plainEtcd = pod(editArgs(base, { set: { 'etcd-servers': 'http://10.0.0.11:2379,https://10.0.0.12:2379' } }));
const noEtcdCert = pod(editArgs(base, { remove: ['etcd-certfile', 'etcd-keyfile'] }));
const override = pod([...base, '--etcd-servers-overrides=/events#http://127.0.0.1:4002;https://10.0.0.13:4002']);
testRule(etcdTls, {
  valid: [{ name: 'kubeadm', yaml: kubeadm.yaml }],
  invalid: [
    { name: 'plain HTTP to one etcd', yaml: plainEtcd.yaml, findings: [{ messageId: 'plaintext', line: plainEtcd.flagLine('etcd-servers'), data: { apiserver: API, url: 'http://10.0.0.11:2379', where: '' } }] },
    { name: 'no client certificate', yaml: noEtcdCert.yaml, findings: [{ messageId: 'missing', line: noEtcdCert.commandLine, data: { apiserver: API, missing: '--etcd-certfile, --etcd-keyfile' } }] },
    { name: 'plain HTTP in an override', yaml: override.yaml, findings: [{ messageId: 'plaintext', line: override.argLine(base.length), data: { apiserver: API, url: 'http://127.0.0.1:4002', where: ' (--etcd-servers-overrides)' } }] },
  ],
});

const weak = pod([...base, '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', '--tls-cipher-suites=TLS_RSA_WITH_AES_256_GCM_SHA384']);
testRule(ciphers, {
  valid: [
    { name: 'strong suites', yaml: pod([...base, '--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305']).yaml },
    { name: 'TLS 1.3 only', yaml: pod([...base, '--tls-min-version=VersionTLS13']).yaml },
  ],
  invalid: [
    { name: 'unset', yaml: kubeadm.yaml, findings: [{ messageId: 'unset', line: kubeadm.commandLine }] },
    { name: 'each weak suite, over repeated flags', yaml: weak.yaml, findings: [
      { messageId: 'weak', line: weak.argLine(base.length), data: { apiserver: API, suite: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA' } },
      { messageId: 'weak', line: weak.argLine(base.length + 1), data: { apiserver: API, suite: 'TLS_RSA_WITH_AES_256_GCM_SHA384' } },
    ] },
  ],
});

const profOn = pod([...base, '--profiling']);
testRule(profiling, {
  valid: [{ name: '--profiling=false', yaml: pod([...base, '--profiling=false']).yaml }],
  invalid: [
    { name: 'kubeadm leaves the default (true)', yaml: kubeadm.yaml, findings: [{ messageId: 'wrong', line: kubeadm.commandLine, data: { apiserver: API, state: 'not set (default true)' } }] },
    { name: 'bare --profiling', yaml: profOn.yaml, findings: [{ messageId: 'wrong', line: profOn.argLine(base.length), data: { apiserver: API, state: 'true' } }] },
  ],
});

testRule(lookup, {
  valid: [{ name: 'default true', yaml: kubeadm.yaml }],
  invalid: [{ name: 'false', yaml: pod([...base, '--service-account-lookup=false']).yaml, findings: [{ messageId: 'wrong', line: 12 + base.length, data: { apiserver: API, state: 'false' } }] }],
});

const noKubeletKey = pod(editArgs(base, { remove: ['kubelet-client-key'] }));
testRule(kubeletCert, {
  valid: [{ name: 'kubeadm', yaml: kubeadm.yaml }],
  invalid: [{ name: 'no key', yaml: noKubeletKey.yaml, findings: [{ messageId: 'missing', line: noKubeletKey.commandLine, data: { apiserver: API, missing: '--kubelet-client-key' } }] }],
});

const emptyTls = pod(editArgs(base, { set: { 'tls-cert-file': '' } }).map((a) => (a === '--tls-cert-file' ? '--tls-cert-file=' : a)));
testRule(tlsCert, {
  valid: [{ name: 'kubeadm', yaml: kubeadm.yaml }],
  invalid: [{ name: 'empty --tls-cert-file=', yaml: emptyTls.yaml, findings: [{ messageId: 'missing', line: emptyTls.flagLine('tls-cert-file'), data: { apiserver: API, missing: '--tls-cert-file' } }] }],
});

const withAuthn = (anonymous: string) => `${pod([...base, '--authentication-config=/etc/kubernetes/authn.yaml']).yaml}---
apiVersion: apiserver.config.k8s.io/v1beta1
kind: AuthenticationConfiguration
${anonymous}
`;
testRule(anonymous, {
  valid: [
    { name: '--authentication-config limiting anonymous access to health paths', yaml: withAuthn('anonymous:\n  enabled: true\n  conditions:\n    - path: /livez\n    - path: /readyz') },
    { name: '--authentication-config turning anonymous access off', yaml: withAuthn('anonymous:\n  enabled: false') },
  ],
  invalid: [
    { name: '--authentication-config enabling it everywhere', yaml: withAuthn('anonymous:\n  enabled: true'), findings: [{ messageId: 'configEnabled', line: 11 + base.length + 1 + 5, data: { apiserver: API, file: '/etc/kubernetes/authn.yaml' } }] },
    { name: '--authentication-config without an anonymous section: the flag default (true) applies', yaml: withAuthn('jwt: []'), findings: [{ messageId: 'enabled', line: 10 }] },
  ],
});
