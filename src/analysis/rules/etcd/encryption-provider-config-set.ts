import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { ENCRYPTION_CONFIG_KINDS } from '../../analyzers/encryption/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'encryption-provider-config-set',
  area: 'etcd',
  severity: 'high',
  uses: [controlPlane],
  title: 'API server has no encryption at rest configured',
  description:
    'kube-apiserver must have `--encryption-provider-config`, the EncryptionConfiguration that says how ' +
    'resources are encrypted in etcd. Without it every resource, Secrets included, is stored unencrypted. With ' +
    '`--node`, the file must also exist on the node (through the Pod\'s hostPath mount) and hold an ' +
    'EncryptionConfiguration; what it configures is judged by encryption-secrets-at-rest and the other ' +
    'encryption-* rules.',
  rationale:
    'Secrets in etcd are only base64-encoded by default: etcd backups, snapshots, disks and anyone with etcd ' +
    'read access see them in clear.',
  remediation:
    'Write an EncryptionConfiguration (kms v2 or secretbox first for `secrets`), mount it into the API server Pod ' +
    'and set `--encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml`.',
  references: [
    { framework: 'cis-k8s', control: '1.2.27' },
    { framework: 'nsa-cisa', control: 'Secrets: encrypt Secrets at rest in etcd' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    missing: '{apiserver} stores every resource unencrypted: --encryption-provider-config is not set.',
    noFile: '{apiserver} reads --encryption-provider-config {path}, which is not on the node{where}: it will not start.',
    notConfig: '{apiserver} reads --encryption-provider-config {path}, which holds no EncryptionConfiguration.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.0
      command:
        - kube-apiserver
        - --etcd-servers=https://127.0.0.1:2379
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.0
      command:
        - kube-apiserver
        - --etcd-servers=https://127.0.0.1:2379
        - --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst, cp) => {
      const flag = inst.flags.string('encryption-provider-config');
      if (!flag || flag.value === '') {
        ctx.reportOn(inst.obj, 'missing', { apiserver: inst.label }, flagPath(inst, 'encryption-provider-config'));
        return;
      }
      if (!cp.nodeMode) return;
      const { host, file } = cp.fileOf(inst, flag.value);
      if (!file || file.spec.type !== 'file') {
        const where = host === undefined ? ' (it is not on a hostPath mount)' : host !== flag.value ? ` (${host} on the host)` : '';
        ctx.reportOn(inst.obj, 'noFile', { apiserver: inst.label, path: flag.value, where }, flag.occurrence.path);
        return;
      }
      if (!cp.objectsOf(file).some((o) => ENCRYPTION_CONFIG_KINDS.includes(o.kind))) {
        ctx.reportOn(inst.obj, 'notConfig', { apiserver: inst.label, path: flag.value }, flag.occurrence.path);
      }
    });
  },
});
