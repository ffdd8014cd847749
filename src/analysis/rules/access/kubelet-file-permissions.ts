import { controlPlane, fileIssues, KUBELET_FLAGS_KIND, kubeletField, type NodeFileRef } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

/** kubeadm's kubelet files: the systemd unit or drop-in (4.1.1), kubelet.conf (4.1.5) and config.yaml (4.1.9). */
const SERVICE_FILES = ['/etc/systemd/system/kubelet.service.d/10-kubeadm.conf', '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf', '/lib/systemd/system/kubelet.service', '/etc/systemd/system/kubelet.service'];
const KUBECONFIG = '/etc/kubernetes/kubelet.conf';
const CONFIG = '/var/lib/kubelet/config.yaml';

export default defineRule({
  id: 'kubelet-file-permissions',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'Kubelet files readable or writable by others',
  description:
    'With `--node`: the kubelet service file, its kubeconfig (/etc/kubernetes/kubelet.conf) and its config ' +
    '(/var/lib/kubelet/config.yaml) must have mode 600 or stricter, its client CA file (`clientCAFile`) 644 or ' +
    'stricter, all owned by root:root.',
  rationale:
    'Whoever writes these files changes how the kubelet authenticates and authorizes (turning on anonymous ' +
    'access, say); whoever reads kubelet.conf has the node\'s credentials.',
  remediation: 'Run `chmod 600` (644 for the client CA) and `chown root:root` on the files named in the finding.',
  references: [
    { framework: 'cis-k8s', control: '4.1.1' },
    { framework: 'cis-k8s', control: '4.1.2' },
    { framework: 'cis-k8s', control: '4.1.5' },
    { framework: 'cis-k8s', control: '4.1.6' },
    { framework: 'cis-k8s', control: '4.1.7' },
    { framework: 'cis-k8s', control: '4.1.8' },
    { framework: 'cis-k8s', control: '4.1.9' },
    { framework: 'cis-k8s', control: '4.1.10' },
  ],
  messages: {
    mode: 'kubelet {what} {path} has mode {mode}; {expected} or stricter expected.',
    owner: 'kubelet {what} {path} is owned by {owner}; root:root expected.',
  },
  examples: {
    bad: `apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /var/lib/kubelet/config.yaml
spec: { path: /var/lib/kubelet/config.yaml, type: file, mode: "0644", owner: root, group: root }
`,
    good: `apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /var/lib/kubelet/config.yaml
spec: { path: /var/lib/kubelet/config.yaml, type: file, mode: "0600", owner: root, group: root }
`,
  },
  checkSet(_set, ctx) {
    const cp = ctx.use(controlPlane);
    const targets: { file: NodeFileRef; what: string; max: number }[] = [];
    const add = (p: string | undefined, what: string, max: number) => {
      const file = p === undefined ? undefined : cp.nodeFile(p);
      if (file && file.spec.type !== 'missing' && !targets.some((t) => t.file === file)) targets.push({ file, what, max });
    };
    for (const p of SERVICE_FILES) add(p, 'service file', 0o600);
    add(KUBECONFIG, 'kubeconfig', 0o600);
    add(CONFIG, 'config file', 0o600);
    const config = cp.nodeFile(CONFIG);
    for (const k of cp.kubelets) {
      if (config && k.obj.kind !== KUBELET_FLAGS_KIND && !cp.objectsOf(config).includes(k.obj)) continue;
      const ca = kubeletField(k, 'authentication.x509.clientCAFile').value;
      if (typeof ca === 'string' && ca !== '') add(ca, 'client CA file', 0o644);
    }
    for (const { file, what, max } of targets) {
      const issues = fileIssues(file, max);
      const data = { what, path: file.spec.path };
      if (issues.mode) ctx.reportOn(file.obj, 'mode', { ...data, mode: issues.mode, expected: max.toString(8) }, ['spec', 'mode']);
      if (issues.owner) ctx.reportOn(file.obj, 'owner', { ...data, owner: issues.owner }, ['spec', 'owner']);
    }
  },
});
