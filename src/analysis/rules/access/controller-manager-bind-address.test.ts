import { editArgs, KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import cmBind from './controller-manager-bind-address.js';
import cmProfiling from './controller-manager-profiling-disabled.js';
import rootCa from './controller-manager-root-ca-file.js';
import rotate from './controller-manager-rotate-kubelet-server-certificate.js';
import saKey from './controller-manager-service-account-private-key-file.js';
import saCreds from './controller-manager-use-service-account-credentials.js';
import schedBind from './scheduler-bind-address.js';
import schedProfiling from './scheduler-profiling-disabled.js';

const cm = KUBEADM_ARGS['kube-controller-manager'];
const sched = KUBEADM_ARGS['kube-scheduler'];
const CM = 'kube-controller-manager in Pod/kube-system/kube-controller-manager-cp1';
const SCHED = 'kube-scheduler in Pod/kube-system/kube-scheduler-cp1';
const cmPod = (args: readonly string[]) => staticPod('kube-controller-manager', args);
const schedPod = (args: readonly string[]) => staticPod('kube-scheduler', args);
const noBind = cmPod(editArgs(cm, { remove: ['bind-address'] }));
const allIf = schedPod(editArgs(sched, { set: { 'bind-address': '0.0.0.0' } }));

// kube-bench treats a missing --bind-address as compliant; the default is 0.0.0.0.
testRule(cmBind, {
  valid: [{ name: 'kubeadm: 127.0.0.1', yaml: cmPod(cm).yaml }, { name: '::1', yaml: cmPod(editArgs(cm, { set: { 'bind-address': '::1' } })).yaml }],
  invalid: [{ name: 'unset', yaml: noBind.yaml, findings: [{ messageId: 'exposed', line: noBind.commandLine, data: { manager: CM, address: 'all interfaces', state: 'not set (default 0.0.0.0)' } }] }],
});
testRule(schedBind, {
  valid: [{ name: 'kubeadm', yaml: schedPod(sched).yaml }],
  invalid: [
    { name: '0.0.0.0', yaml: allIf.yaml, findings: [{ messageId: 'exposed', line: allIf.flagLine('bind-address'), data: { scheduler: SCHED, address: 'all interfaces', state: '0.0.0.0' } }] },
    { name: 'a node address', yaml: schedPod(editArgs(sched, { set: { 'bind-address': '10.0.0.10' } })).yaml, findings: [{ messageId: 'exposed', line: 14, data: { scheduler: SCHED, address: '10.0.0.10', state: '10.0.0.10' } }] },
  ],
});

testRule(cmProfiling, {
  valid: [{ name: 'false', yaml: cmPod([...cm, '--profiling=false']).yaml }],
  invalid: [{ name: 'kubeadm: default true', yaml: cmPod(cm).yaml, findings: [{ messageId: 'wrong', line: 10, data: { manager: CM, state: 'not set (default true)' } }] }],
});

const noCreds = cmPod(editArgs(cm, { remove: ['use-service-account-credentials'] }));
testRule(saCreds, {
  valid: [{ name: 'kubeadm', yaml: cmPod(cm).yaml }],
  invalid: [{ name: 'unset (default false)', yaml: noCreds.yaml, findings: [{ messageId: 'wrong', line: noCreds.commandLine, data: { manager: CM, state: 'not set (default false)' } }] }],
});

testRule(saKey, {
  valid: [{ name: 'kubeadm', yaml: cmPod(cm).yaml }],
  invalid: [{ name: 'unset', yaml: cmPod(editArgs(cm, { remove: ['service-account-private-key-file'] })).yaml, findings: [{ messageId: 'missing', line: 10, data: { manager: CM } }] }],
});
testRule(rootCa, {
  valid: [{ name: 'kubeadm', yaml: cmPod(cm).yaml }],
  invalid: [{ name: 'unset', yaml: cmPod(editArgs(cm, { remove: ['root-ca-file'] })).yaml, findings: [{ messageId: 'missing', line: 10, data: { manager: CM } }] }],
});

const gateOff = cmPod([...cm, '--feature-gates=RotateKubeletServerCertificate=true,Foo=true', '--feature-gates=RotateKubeletServerCertificate=false']);
testRule(rotate, {
  valid: [{ name: 'default (on)', yaml: cmPod(cm).yaml }, { name: 'explicitly on', yaml: cmPod([...cm, '--feature-gates=RotateKubeletServerCertificate=true']).yaml }],
  invalid: [{ name: 'the last value of the gate wins', yaml: gateOff.yaml, findings: [{ messageId: 'off', line: gateOff.argLine(cm.length + 1), data: { manager: CM } }] }],
});

const withConfig = (enableProfiling: string | undefined) => `${schedPod([...sched, '--config=/etc/kubernetes/scheduler.yaml', '--profiling=false']).yaml}---
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
${enableProfiling === undefined ? 'parallelism: 16' : `enableProfiling: ${enableProfiling}`}
`;
testRule(schedProfiling, {
  valid: [
    { name: '--profiling=false', yaml: schedPod([...sched, '--profiling=false']).yaml },
    { name: '--config with enableProfiling: false (--profiling ignored)', yaml: withConfig('false') },
  ],
  invalid: [
    { name: 'kubeadm: default true', yaml: schedPod(sched).yaml, findings: [{ messageId: 'flag', line: 10, data: { scheduler: SCHED, state: 'not set (default true)' } }] },
    { name: '--config without enableProfiling: --profiling=false does not count', yaml: withConfig(undefined), findings: [{ messageId: 'config', line: 20, data: { scheduler: SCHED, state: 'not set (default true)', file: '/etc/kubernetes/scheduler.yaml' } }] },
  ],
});
