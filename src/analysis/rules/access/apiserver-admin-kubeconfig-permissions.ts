import { controlPlane, fileIssues } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

const ADMIN_FILES = ['/etc/kubernetes/admin.conf', '/etc/kubernetes/super-admin.conf'];

export default defineRule({
  id: 'apiserver-admin-kubeconfig-permissions',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'Administrator kubeconfig readable by others',
  description:
    'With `--node`: /etc/kubernetes/admin.conf and (Kubernetes 1.29+) super-admin.conf must have mode 600 or ' +
    'stricter and be owned by root:root.',
  rationale:
    'These files hold client certificates for cluster-admin (super-admin.conf: system:masters, which RBAC cannot ' +
    'restrict). Any local user who can read them controls the whole cluster.',
  remediation: 'Run `chmod 600 /etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf` and `chown root:root` on them.',
  references: [
    { framework: 'cis-k8s', control: '1.1.13' },
    { framework: 'cis-k8s', control: '1.1.14' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
  ],
  messages: {
    mode: '{path} (cluster-admin credentials) has mode {mode}; 600 or stricter expected.',
    owner: '{path} (cluster-admin credentials) is owned by {owner}; root:root expected.',
  },
  examples: {
    bad: `apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/admin.conf
spec: { path: /etc/kubernetes/admin.conf, type: file, mode: "0644", owner: root, group: root }
`,
    good: `apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/admin.conf
spec: { path: /etc/kubernetes/admin.conf, type: file, mode: "0600", owner: root, group: root }
`,
  },
  checkSet(_set, ctx) {
    const cp = ctx.use(controlPlane);
    for (const p of ADMIN_FILES) {
      const file = cp.nodeFile(p);
      if (!file) continue;
      const issues = fileIssues(file, 0o600);
      if (issues.mode) ctx.reportOn(file.obj, 'mode', { path: p, mode: issues.mode }, ['spec', 'mode']);
      if (issues.owner) ctx.reportOn(file.obj, 'owner', { path: p, owner: issues.owner }, ['spec', 'owner']);
    }
  },
});
