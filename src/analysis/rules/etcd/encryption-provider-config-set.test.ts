import { KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import rule from './encryption-provider-config-set.js';

const base = KUBEADM_ARGS['kube-apiserver'];
const API = 'kube-apiserver in Pod/kube-system/kube-apiserver-cp1';
const withFlag = staticPod('kube-apiserver', [...base, '--encryption-provider-config=/etc/kubernetes/enc/enc.yaml'], {
  extra: 'volumeMounts:\n  - { name: enc, mountPath: /etc/kubernetes/enc, readOnly: true }',
  podExtra: 'volumes:\n  - { name: enc, hostPath: { path: /srv/enc } }',
});
const otherFile = `---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata: { name: /etc/kubernetes/admin.conf }
spec: { path: /etc/kubernetes/admin.conf, type: file, mode: "0600" }
`;
const encFile = `---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata: { name: /srv/enc/enc.yaml }
spec: { path: /srv/enc/enc.yaml, type: file, mode: "0600" }
---
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers: [{ identity: {} }]
`;
const noFlag = staticPod('kube-apiserver', base);

testRule(rule, {
  valid: [
    { name: 'flag set (manifests only: the file cannot be checked)', yaml: withFlag.yaml },
    { name: 'node mode: the file is on the node, under its hostPath', yaml: withFlag.yaml + encFile },
  ],
  invalid: [
    { name: 'kubeadm sets no encryption config', yaml: noFlag.yaml, findings: [{ messageId: 'missing', line: noFlag.commandLine, data: { apiserver: API } }] },
    {
      name: 'node mode: the file is not on the node',
      yaml: withFlag.yaml + otherFile,
      findings: [{ messageId: 'noFile', line: withFlag.argLine(base.length), data: { apiserver: API, path: '/etc/kubernetes/enc/enc.yaml', where: ' (/srv/enc/enc.yaml on the host)' } }],
    },
  ],
});
