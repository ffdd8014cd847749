import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'apiserver-audit-logging',
  area: 'access',
  severity: 'medium',
  uses: [controlPlane],
  title: 'API server writes no audit log',
  description:
    'kube-apiserver must have an audit backend (`--audit-log-path`, or `--audit-webhook-config-file`) and an ' +
    'audit policy (`--audit-policy-file`). Without a policy file the API server logs no audit events at all, ' +
    'whatever backend is set.',
  rationale:
    'The audit log is the only record of who read which Secret, who created which binding and who exec\'d into ' +
    'which pod; without it an intrusion cannot be reconstructed or even noticed.',
  remediation:
    'Set `--audit-policy-file` to a policy (at least Metadata level for Secrets, ConfigMaps and tokens) and ' +
    '`--audit-log-path=/var/log/kubernetes/audit/audit.log` (mounted from the host), or an audit webhook.',
  references: [
    { framework: 'cis-k8s', control: '1.2.16' },
    { framework: 'cis-k8s', control: '3.2.1' },
    { framework: 'mitre', control: 'T1562.008 Impair Defenses: Disable or Modify Cloud Logs' },
  ],
  messages: {
    noBackend: '{apiserver} has no audit backend: neither --audit-log-path nor --audit-webhook-config-file is set.',
    noPolicy: '{apiserver} logs no audit events: --audit-policy-file is not set.',
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
        - --audit-log-path=/var/log/kubernetes/audit.log
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
        - --audit-log-path=/var/log/kubernetes/audit.log
        - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const set = (name: string) => {
        const v = inst.flags.string(name);
        return v !== undefined && v.value !== '';
      };
      if (!set('audit-log-path') && !set('audit-webhook-config-file')) {
        ctx.reportOn(inst.obj, 'noBackend', { apiserver: inst.label }, flagPath(inst, 'audit-log-path'));
      }
      if (!set('audit-policy-file')) ctx.reportOn(inst.obj, 'noPolicy', { apiserver: inst.label }, flagPath(inst, 'audit-policy-file'));
    });
  },
});
