import { controlPlane, fileIssues } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

const PKI = '/etc/kubernetes/pki';

export default defineRule({
  id: 'apiserver-pki-permissions',
  area: 'access',
  severity: 'high',
  uses: [controlPlane],
  title: 'Kubernetes PKI files readable or owned by others',
  description:
    'With `--node`: everything under /etc/kubernetes/pki must be owned by root:root; certificates (`*.crt`) must ' +
    'have mode 644 or stricter and private keys (`*.key`, or any file holding a PEM private key) 600 or stricter.',
  rationale:
    'The CA keys there sign any identity, system:masters included; the service-account key signs any token; ' +
    'the etcd client key reads every Secret. A readable key is a cluster-admin credential.',
  remediation: 'Run `chown -R root:root /etc/kubernetes/pki`, `chmod 644 /etc/kubernetes/pki/*.crt` and `chmod 600 /etc/kubernetes/pki/*.key` (and the same under pki/etcd).',
  references: [
    { framework: 'cis-k8s', control: '1.1.19' },
    { framework: 'cis-k8s', control: '1.1.20' },
    { framework: 'cis-k8s', control: '1.1.21' },
    { framework: 'mitre', control: 'T1552.004 Unsecured Credentials: Private Keys' },
  ],
  messages: {
    keyMode: 'private key {path} has mode {mode}; 600 or stricter expected.',
    certMode: 'certificate {path} has mode {mode}; 644 or stricter expected.',
    owner: '{path} is owned by {owner}; root:root expected.',
  },
  examples: {
    bad: `apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/pki/ca.key
spec: { path: /etc/kubernetes/pki/ca.key, type: file, mode: "0644", owner: root, group: root, privateKey: true }
`,
    good: `apiVersion: kubeward.io/v1
kind: NodeFile
metadata:
  name: /etc/kubernetes/pki/ca.key
spec: { path: /etc/kubernetes/pki/ca.key, type: file, mode: "0600", owner: root, group: root, privateKey: true }
`,
  },
  checkSet(_set, ctx) {
    const cp = ctx.use(controlPlane);
    for (const file of cp.nodeFiles.values()) {
      const p = file.spec.path;
      if ((p !== PKI && !p.startsWith(`${PKI}/`)) || file.spec.type === 'missing') continue;
      const isKey = p.endsWith('.key') || file.spec.privateKey === true;
      const isCert = !isKey && p.endsWith('.crt');
      const issues = fileIssues(file, isKey ? 0o600 : isCert ? 0o644 : 0o7777);
      if (issues.mode) ctx.reportOn(file.obj, isKey ? 'keyMode' : 'certMode', { path: p, mode: issues.mode }, ['spec', 'mode']);
      if (issues.owner) ctx.reportOn(file.obj, 'owner', { path: p, owner: issues.owner }, ['spec', 'owner']);
    }
  },
});
