import { controlPlane, fileIssues, forEachComponent, type NodeFileRef } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'etcd-file-permissions',
  area: 'etcd',
  severity: 'medium',
  uses: [controlPlane],
  title: 'etcd manifest writable or readable by others',
  description: 'With `--node`: the etcd static Pod manifest must have mode 600 or stricter and be owned by root:root.',
  rationale:
    'Whoever can write these files runs code as the control plane (the kubelet starts what the manifest says) ' +
    'or takes its identity; whoever can read a kubeconfig has its credentials.',
  remediation: 'Run `chmod 600` and `chown root:root` on the files named in the finding.',
  references: [
    { framework: 'cis-k8s', control: '1.1.7' },
    { framework: 'cis-k8s', control: '1.1.8' },
  ],
  messages: {
    mode: '{component}: {what} {path} has mode {mode}; 600 or stricter expected.',
    owner: '{component}: {what} {path} is owned by {owner}; root:root expected.',
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
      command: [etcd]
---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/manifests/etcd.yaml
spec: { path: /etc/kubernetes/manifests/etcd.yaml, type: file, mode: "0644", owner: root, group: root }
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
      command: [etcd]
---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/manifests/etcd.yaml
spec: { path: /etc/kubernetes/manifests/etcd.yaml, type: file, mode: "0600", owner: root, group: root }
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'etcd', (inst, cp) => {
      if (!cp.nodeMode) {
        ctx.notAssessed(`${inst.label}: file modes and owners need the node's files (kubeward scan --node)`);
        return;
      }
      const targets: { file: NodeFileRef; what: string }[] = [];
      const manifest = cp.nodeFileOfObject(inst.obj);
      if (manifest) targets.push({ file: manifest, what: 'static Pod manifest' });
      for (const { file, what } of targets) {
        const issues = fileIssues(file, 0o600);
        const data = { component: inst.label, what, path: file.spec.path };
        if (issues.mode) ctx.reportOn(file.obj, 'mode', { ...data, mode: issues.mode }, ['spec', 'mode']);
        if (issues.owner) ctx.reportOn(file.obj, 'owner', { ...data, owner: issues.owner }, ['spec', 'owner']);
      }
    });
  },
});
