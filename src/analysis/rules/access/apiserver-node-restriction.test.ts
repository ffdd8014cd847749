import { editArgs, KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import alwaysPull from './apiserver-always-pull-images.js';
import defaults from './apiserver-default-admission-plugins.js';
import alwaysAdmit from './apiserver-no-always-admit.js';
import nodeRestriction from './apiserver-node-restriction.js';

const base = KUBEADM_ARGS['kube-apiserver'];
const API = 'kube-apiserver in Pod/kube-system/kube-apiserver-cp1';
const pod = (args: string[]) => staticPod('kube-apiserver', args);
const noPlugins = pod(editArgs(base, { remove: ['enable-admission-plugins'] }));
const disabledToo = pod([...base, '--disable-admission-plugins=NodeRestriction']);
const other = pod(editArgs(base, { set: { 'enable-admission-plugins': 'PodSecurity,EventRateLimit' } }));
const repeated = pod([...editArgs(base, { set: { 'enable-admission-plugins': 'PodSecurity' } }), '--enable-admission-plugins=NodeRestriction']);
const admit = pod(editArgs(base, { set: { 'enable-admission-plugins': 'NodeRestriction,AlwaysAdmit' } }));
const disableSa = pod([...base, '--disable-admission-plugins=DefaultStorageClass,ServiceAccount', '--disable-admission-plugins=NamespaceLifecycle']);

testRule(nodeRestriction, {
  valid: [
    { name: 'kubeadm', yaml: pod([...base]).yaml },
    { name: 'in the second of two --enable-admission-plugins flags', yaml: repeated.yaml },
  ],
  invalid: [
    { name: 'no --enable-admission-plugins (not a default plugin)', yaml: noPlugins.yaml, findings: [{ messageId: 'off', line: noPlugins.commandLine, data: { apiserver: API } }] },
    { name: 'other plugins only', yaml: other.yaml, findings: [{ messageId: 'off', line: other.flagLine('enable-admission-plugins') }] },
    { name: 'enabled and disabled: disabled wins', yaml: disabledToo.yaml, findings: [{ messageId: 'disabled', line: disabledToo.argLine(base.length), data: { apiserver: API } }] },
  ],
});

testRule(alwaysAdmit, {
  valid: [{ name: 'kubeadm', yaml: pod([...base]).yaml }, { name: 'AlwaysAdmit only disabled', yaml: pod([...base, '--disable-admission-plugins=AlwaysAdmit']).yaml }],
  invalid: [{ name: 'AlwaysAdmit enabled', yaml: admit.yaml, findings: [{ messageId: 'enabled', line: admit.flagLine('enable-admission-plugins'), data: { apiserver: API } }] }],
});

testRule(defaults, {
  valid: [{ name: 'kubeadm', yaml: pod([...base]).yaml }],
  invalid: [{
    name: 'ServiceAccount and NamespaceLifecycle disabled over two flags',
    yaml: disableSa.yaml,
    findings: [
      { messageId: 'disabled', line: disableSa.argLine(base.length), data: { apiserver: API, plugin: 'ServiceAccount' } },
      { messageId: 'disabled', line: disableSa.argLine(base.length + 1), data: { apiserver: API, plugin: 'NamespaceLifecycle' } },
    ],
  }],
});

testRule(alwaysPull, {
  valid: [{ name: 'enabled', yaml: pod(editArgs(base, { set: { 'enable-admission-plugins': 'NodeRestriction,AlwaysPullImages' } })).yaml }],
  invalid: [{ name: 'kubeadm does not enable it', yaml: pod([...base]).yaml, findings: [{ messageId: 'off', line: 16 }] }],
});
