import { testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './pss-admission-rejected.js';

/** A Namespace document: 4 lines, plus 1 + one per label when it has labels, then a `---` line. */
function ns(name: string, labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
${entries.length === 0 ? '' : `  labels:\n${entries.map(([k, v]) => `    ${k}: "${v}"`).join('\n')}\n`}---
`;
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const VERSION = 'pod-security.kubernetes.io/enforce-version';
const RESTRICTED_VIOLATIONS = 'allowPrivilegeEscalation, capabilities_restricted, runAsNonRoot, seccompProfile_restricted';

/** A bare nginx Pod in `namespace`; its container item is on line 8 of this text, column 7. */
function bareNginxPod(namespace: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: ${namespace}
spec:
  containers:
    - name: web
      image: nginx:1.27
`;
}

/** A Pod whose readiness probe targets another host (PSS baseline check hostProbesAndHostLifecycle, v1.34+); `host:` on line 13, column 13. */
const probeHostPod = `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
spec:
  containers:
    - name: api
      image: ghcr.io/example/api:2.1.0
      readinessProbe:
        httpGet:
          port: 8080
          host: 10.0.0.1
`;

const compliantPod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: { type: RuntimeDefault }
  containers:
    - name: web
      image: nginxinc/nginx-unprivileged:1.27
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: { drop: ["ALL"] }
`;

const valid: ValidCase[] = [
  { name: 'a Pod that meets restricted in a restricted namespace', yaml: ns('shop', { [ENFORCE]: 'restricted' }) + compliantPod },
  { name: 'a bare nginx Pod meets baseline', yaml: ns('shop', { [ENFORCE]: 'baseline' }) + bareNginxPod('shop') },
  { name: 'a privileged namespace admits anything', yaml: ns('shop', { [ENFORCE]: 'privileged' }) + bareNginxPod('shop') },
  { name: 'an unlabelled namespace admits anything (privileged by default)', yaml: ns('shop', {}) + bareNginxPod('shop') },
  { name: 'warn and audit labels do not reject', yaml: ns('shop', { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' }) + bareNginxPod('shop') },
  { name: 'a workload whose namespace is not in the input is not judged', yaml: ns('shop', { [ENFORCE]: 'restricted' }) + bareNginxPod('elsewhere') },
  { name: 'no Namespace objects at all', yaml: bareNginxPod('shop') },
  {
    name: 'a Pod without a namespace is in default, which is not in the input',
    yaml: ns('shop', { [ENFORCE]: 'restricted' }) + `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
`,
  },
  {
    name: 'baseline pinned to v1.33, before hostProbesAndHostLifecycle existed: a probe host is admitted',
    yaml: ns('shop', { [ENFORCE]: 'baseline', [VERSION]: 'v1.33' }) + probeHostPod,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'restricted namespace: a bare Pod is rejected, a Deployment is accepted but its pods are rejected',
    yaml: ns('shop', { [ENFORCE]: 'restricted' }) + bareNginxPod('shop') + `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
    findings: [
      {
        messageId: 'rejectedPod', line: 15, column: 7, path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
        data: { name: 'web', namespace: 'shop', level: 'restricted', version: 'latest', violations: RESTRICTED_VIOLATIONS },
      },
      {
        messageId: 'rejectedController', line: 31, column: 11, path: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
        data: { kind: 'Deployment', name: 'web', namespace: 'shop', level: 'restricted', version: 'latest', violations: RESTRICTED_VIOLATIONS },
      },
    ],
  },
  {
    name: 'baseline pinned to v1.34: the probe host check now exists',
    yaml: ns('shop', { [ENFORCE]: 'baseline', [VERSION]: 'v1.34' }) + probeHostPod,
    findings: [{
      messageId: 'rejectedPod', line: 21, column: 11, path: 'spec.containers[0].readinessProbe.httpGet.host',
      data: { name: 'api', namespace: 'shop', level: 'baseline', version: 'v1.34', violations: 'hostProbesAndHostLifecycle' },
    }],
  },
  {
    name: 'baseline without a version label means latest',
    yaml: ns('shop', { [ENFORCE]: 'baseline' }) + probeHostPod,
    findings: [{ messageId: 'rejectedPod', line: 20, data: { name: 'api', namespace: 'shop', level: 'baseline', version: 'latest', violations: 'hostProbesAndHostLifecycle' } }],
  },
  {
    name: 'an invalid enforce level enforces restricted; an invalid version means latest',
    yaml: ns('shop', { [ENFORCE]: 'strict', [VERSION]: '1.30' }) + bareNginxPod('shop'),
    findings: [{ messageId: 'rejectedPod', line: 16, data: { name: 'web', namespace: 'shop', level: 'restricted', version: 'latest', violations: RESTRICTED_VIOLATIONS } }],
  },
  {
    name: 'a CronJob with host networking in a baseline namespace',
    yaml: ns('batch', { [ENFORCE]: 'baseline', [VERSION]: 'v1.30' }) + `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: batch
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          containers:
            - name: report
              image: busybox:1.36
`,
    findings: [{
      messageId: 'rejectedController', line: 20, column: 11, path: 'spec.jobTemplate.spec.template.spec.hostNetwork',
      data: { kind: 'CronJob', name: 'report', namespace: 'batch', level: 'baseline', version: 'v1.30', violations: 'hostNamespaces' },
    }],
  },
];

testRule(rule, { valid, invalid });
