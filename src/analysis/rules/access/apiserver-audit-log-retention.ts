import { controlPlane, flagPath, forEachComponent } from '../../analyzers/control-plane/index.js';
import { defineRule } from '../../define-rule.js';

/** CIS minimums: days kept, files kept, megabytes per file. 0 (the default) means no age or count limit. */
const LIMITS: ReadonlyArray<{ flag: string; min: number; control: string }> = [
  { flag: 'audit-log-maxage', min: 30, control: '1.2.17' },
  { flag: 'audit-log-maxbackup', min: 10, control: '1.2.18' },
  { flag: 'audit-log-maxsize', min: 100, control: '1.2.19' },
];

export default defineRule({
  id: 'apiserver-audit-log-retention',
  area: 'access',
  severity: 'low',
  uses: [controlPlane],
  title: 'API server keeps too little audit log',
  description:
    'When kube-apiserver writes its audit log to a file (`--audit-log-path` other than `-`), ' +
    '`--audit-log-maxage` should be at least 30 days, `--audit-log-maxbackup` at least 10 files and ' +
    '`--audit-log-maxsize` at least 100 MB, as CIS recommends (or what your retention policy demands).',
  rationale: 'Intrusions are often found weeks later; rotated-away audit logs cannot tell what happened.',
  remediation: 'Set `--audit-log-maxage=30`, `--audit-log-maxbackup=10` and `--audit-log-maxsize=100`, or ship the log to a central store.',
  references: [
    { framework: 'cis-k8s', control: '1.2.17' },
    { framework: 'cis-k8s', control: '1.2.18' },
    { framework: 'cis-k8s', control: '1.2.19' },
    { framework: 'mitre', control: 'T1070 Indicator Removal' },
  ],
  messages: {
    low: '{apiserver} keeps little audit log: --{flag} is {value}, below {min}.',
    unset: '{apiserver} keeps little audit log: --{flag} is not set (CIS asks for at least {min}).',
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
        - --audit-log-maxage=7
        - --audit-log-maxbackup=10
        - --audit-log-maxsize=100
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
        - --audit-log-maxage=30
        - --audit-log-maxbackup=10
        - --audit-log-maxsize=100
`,
  },
  checkSet(_set, ctx) {
    forEachComponent(ctx, 'kube-apiserver', (inst) => {
      const logPath = inst.flags.string('audit-log-path');
      // Retention applies to a file; `-` writes to stdout and the runtime's log rotation decides.
      if (!logPath || logPath.value === '' || logPath.value === '-') return;
      for (const { flag, min } of LIMITS) {
        const v = inst.flags.string(flag);
        if (!v) {
          ctx.reportOn(inst.obj, 'unset', { apiserver: inst.label, flag, min }, flagPath(inst, flag));
          continue;
        }
        const n = Number(v.value);
        if (!Number.isInteger(n) || n < min) ctx.reportOn(inst.obj, 'low', { apiserver: inst.label, flag, value: v.value, min }, v.occurrence.path);
      }
    });
  },
});
