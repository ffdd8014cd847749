import { controlPlane, fileIssues, forEachComponent, type NodeFileRef } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'scheduler-file-permissions',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'Scheduler files readable by others',
  description: 'With `--node`: the kube-scheduler static Pod manifest and its `--kubeconfig` (scheduler.conf) must have mode 600 or stricter and be owned by root:root.',
  rationale:
    'Whoever can write these files runs code as the control plane (the kubelet starts what the manifest says) ' +
    'or takes its identity; whoever can read a kubeconfig has its credentials.',
  remediation: 'Run `chmod 600` and `chown root:root` on the files named in the finding.',
  references: [
    { framework: 'cis-k8s', control: '1.1.5' },
    { framework: 'cis-k8s', control: '1.1.6' },
    { framework: 'cis-k8s', control: '1.1.15' },
    { framework: 'cis-k8s', control: '1.1.16' },
  ],
  messages: {
    mode: '{component}: {what} {path} has mode {mode}; 600 or stricter expected.',
    owner: '{component}: {what} {path} is owned by {owner}; root:root expected.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.31.0
      command: [kube-scheduler]
---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/manifests/kube-scheduler.yaml
spec: { path: /etc/kubernetes/manifests/kube-scheduler.yaml, type: file, mode: "0644", owner: root, group: root }
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler-cp1
  namespace: kube-system
spec:
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.31.0
      command: [kube-scheduler]
---
apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/manifests/kube-scheduler.yaml
spec: { path: /etc/kubernetes/manifests/kube-scheduler.yaml, type: file, mode: "0600", owner: root, group: root }
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-scheduler', (inst, cp) => {
      if (!cp.nodeMode) {
        ctx.notAssessed(`${inst.label}: file modes and owners need the node's files (kubeward scan --node)`);
        return;
      }
      const targets: { file: NodeFileRef; what: string }[] = [];
      const manifest = cp.nodeFileOfObject(inst.obj);
      if (manifest) targets.push({ file: manifest, what: 'static Pod manifest' });
      const kubeconfig = inst.flags.string('kubeconfig');
      if (kubeconfig && kubeconfig.value !== '') {
        const f = cp.fileOf(inst, kubeconfig.value).file;
        if (f) targets.push({ file: f, what: 'kubeconfig (--kubeconfig)' });
      }
      for (const { file, what } of targets) {
        const issues = fileIssues(file, 0o600);
        const data = { component: inst.label, what, path: file.spec.path };
        if (issues.mode) ctx.reportOn(file.obj, 'mode', { ...data, mode: issues.mode }, ['spec', 'mode']);
        if (issues.owner) ctx.reportOn(file.obj, 'owner', { ...data, owner: issues.owner }, ['spec', 'owner']);
      }
    });
  },
});
