import { isRecord, isWindowsPod, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { safeSysctls } from '../../analyzers/pss/checks/sysctls.js';
import { PSS_LATEST_MINOR } from '../../analyzers/pss/version.js';
import { defineRule } from '../../define-rule.js';

const SAFE = safeSysctls(PSS_LATEST_MINOR);

/**
 * A sysctl name in dotted form: like the kubelet, `net/ipv4/ip_local_port_range` reads as
 * `net.ipv4.ip_local_port_range` (with `/` as separator, a `.` inside a segment swaps to `/`).
 */
function dotted(name: string): string {
  const first = name.search(/[./]/);
  if (first < 0 || name[first] === '.') return name;
  return name.replace(/[./]/g, (ch) => (ch === '.' ? '/' : '.'));
}

export default defineRule({
  id: 'no-unsafe-sysctls',
  area: 'workload',
  severity: 'medium',
  title: 'Pods that set unsafe sysctls',
  kinds: WORKLOAD_KINDS,
  description:
    'Every name in the pod\'s `securityContext.sysctls` must be in the safe set of the Pod Security ' +
    `Standards (baseline, newest version): ${[...SAFE].join(', ')}. Names written with \`/\` separators ` +
    'are read as the kubelet reads them (`kernel/shm_rmid_forced` is `kernel.shm_rmid_forced`), although ' +
    'Pod Security Admission compares names exactly and rejects that spelling. The kubelet refuses pods ' +
    'with other sysctls unless its `allowedUnsafeSysctls` lets them through, which a manifest cannot show. ' +
    'Windows pods (`spec.os.name: windows`) are not judged.',
  rationale:
    'Sysctls outside the safe set are either not namespaced, so the pod changes kernel settings for the ' +
    'whole node and every pod on it, or namespaced but without resource accounting, so one pod can ' +
    'exhaust kernel memory or tables shared with its neighbours.',
  remediation:
    'Remove the sysctl. If a workload truly needs a namespaced unsafe sysctl, allow it on a dedicated, ' +
    'tainted node pool (kubelet `allowedUnsafeSysctls`) and suppress the finding with a reason.',
  references: [
    { framework: 'pss', control: 'baseline/sysctls' },
    { framework: 'cis-k8s', control: '5.6.3' },
  ],
  messages: { unsafe: 'The pod sets sysctl "{sysctl}", which is not in the safe set.' },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  securityContext:
    sysctls:
      - name: net.core.somaxconn
        value: "4096"
  containers:
    - name: redis
      image: redis:7.4
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.ip_local_port_range
        value: "1024 65000"
  containers:
    - name: redis
      image: redis:7.4
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isWindowsPod(tpl)) return;
    const sc = tpl.spec.securityContext;
    const sysctls = isRecord(sc) ? sc.sysctls : undefined;
    if (!Array.isArray(sysctls)) return;
    sysctls.forEach((s, i) => {
      const name = isRecord(s) && typeof s.name === 'string' ? s.name : '';
      if (SAFE.has(dotted(name))) return;
      ctx.report('unsafe', { sysctl: name }, [...tpl.specPath, 'securityContext', 'sysctls', i, 'name']);
    });
  },
});
