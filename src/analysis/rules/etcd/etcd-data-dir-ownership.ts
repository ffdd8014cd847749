import { controlPlane, forEachEtcd } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-data-dir-ownership',
  area: 'etcd',
  severity: 'low',
  uses: [controlPlane],
  title: 'etcd data directory not owned by etcd',
  description:
    'The etcd data directory (`--data-dir`, mapped to the node through the Pod\'s hostPath mount) must be owned ' +
    'by user and group `etcd`, as names on the node itself resolve them (its /etc/passwd and /etc/group). ' +
    'Needs the node\'s files: `kubeward scan --node`.',
  rationale:
    'An owner other than the etcd service account (a login user, a shared service account) can read the ' +
    'database, every Secret included, or change its mode.',
  remediation: 'Run `chown -R etcd:etcd /var/lib/etcd` (your --data-dir) on every etcd node, and run etcd as that user.',
  references: [{ framework: 'cis-k8s', control: '1.1.12' }],
  messages: {
    owner: '{etcd} keeps its data in {path}, owned by {owner}:{group}; etcd:etcd expected.',
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
      command: [etcd, --data-dir=/var/lib/etcd]
      volumeMounts:
        - { name: etcd-data, mountPath: /var/lib/etcd }
  volumes:
    - { name: etcd-data, hostPath: { path: /var/lib/etcd } }
---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /var/lib/etcd
spec: { path: /var/lib/etcd, type: directory, mode: "0700", owner: root, group: root, uid: 0, gid: 0 }
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
      command: [etcd, --data-dir=/var/lib/etcd]
      volumeMounts:
        - { name: etcd-data, mountPath: /var/lib/etcd }
  volumes:
    - { name: etcd-data, hostPath: { path: /var/lib/etcd } }
---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /var/lib/etcd
spec: { path: /var/lib/etcd, type: directory, mode: "0700", owner: etcd, group: etcd, uid: 998, gid: 998 }
`,
  },
  checkSet(_set, ctx) {
    forEachEtcd(ctx, (etcd, cp) => {
      const dir = etcd.string('data-dir');
      if (!dir || !cp.nodeMode) return;
      const { file } = cp.fileOf(etcd.inst, dir.value);
      if (!file || file.spec.type === 'missing') return;
      const owner = file.spec.owner ?? String(file.spec.uid ?? '?');
      const group = file.spec.group ?? String(file.spec.gid ?? '?');
      if (owner !== 'etcd' || group !== 'etcd') {
        ctx.reportOn(file.obj, 'owner', { etcd: etcd.inst.label, path: file.spec.path, owner, group }, ['spec', 'owner']);
      }
    });
  },
});
