import { modeBits } from '../../../model/index.js';
import { controlPlane, forEachEtcd } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-data-dir-permissions',
  area: 'etcd',
  severity: 'high',
  uses: [controlPlane],
  title: 'etcd data directory readable by others',
  description:
    'The etcd data directory (`--data-dir`, mapped to the node through the Pod\'s hostPath mount) must have ' +
    'mode 700 or stricter. Needs the node\'s files: `kubeward scan --node`.',
  rationale:
    'The data directory is the database: every Secret is in it, unencrypted unless encryption at rest is on. ' +
    'Group or world access lets any local user or compromised agent on the node copy it.',
  remediation: 'Run `chmod 700 /var/lib/etcd` (your --data-dir) on every etcd node.',
  references: [
    { framework: 'cis-k8s', control: '1.1.11' },
    { framework: 'mitre', control: 'T1005 Data from Local System' },
  ],
  messages: {
    mode: '{etcd} keeps its data in {path} with mode {mode}; 700 or stricter expected.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: etcd-cp1
  namespace: kube-system
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.15-0
      command:
        - etcd
        - --data-dir=/var/lib/etcd
      volumeMounts:
        - name: etcd-data
          mountPath: /var/lib/etcd
  volumes:
    - name: etcd-data
      hostPath:
        path: /var/lib/etcd
---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /var/lib/etcd
spec:
  path: /var/lib/etcd
  type: directory
  mode: "0755"
  owner: etcd
  group: etcd
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: etcd-cp1
  namespace: kube-system
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.15-0
      command:
        - etcd
        - --data-dir=/var/lib/etcd
      volumeMounts:
        - name: etcd-data
          mountPath: /var/lib/etcd
  volumes:
    - name: etcd-data
      hostPath:
        path: /var/lib/etcd
---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /var/lib/etcd
spec:
  path: /var/lib/etcd
  type: directory
  mode: "0700"
  owner: etcd
  group: etcd
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd, cp) => {
      const dir = etcd.string('data-dir');
      if (!dir) {
        ctx.notAssessed(`${etcd.inst.label}: no --data-dir set (etcd then uses <name>.etcd in its working directory)`);
        return;
      }
      const { host, file } = cp.fileOf(etcd.inst, dir.value);
      if (!cp.nodeMode) {
        ctx.notAssessed(`${etcd.inst.label}: the data directory's mode needs the node's files (kubeward scan --node)`);
        return;
      }
      if (host === undefined) {
        ctx.notAssessed(`${etcd.inst.label}: --data-dir ${dir.value} is not on a hostPath volume`);
        return;
      }
      if (!file || file.spec.type === 'missing') {
        ctx.notAssessed(`${etcd.inst.label}: the data directory ${host} was not found on the node`);
        return;
      }
      const bits = modeBits(file.spec.mode);
      if (bits !== undefined && (bits & 0o077) !== 0) ctx.reportOn(file.obj, 'mode', { etcd: etcd.inst.label, path: host, mode: file.spec.mode! }, ['spec', 'mode']);
    });
  },
});
