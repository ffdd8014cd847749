/**
 * The test table shared by the two probe rules (liveness-probe, readiness-probe): they judge the
 * same containers of the same kinds and differ only in the probe field they require. (The body is
 * not indented: its YAML template literals must keep their columns.)
 */
import { describe, expect, it } from 'vitest';
import type { Rule } from '../src/analysis/define-rule.js';
import { LONG_RUNNING_KINDS } from '../src/model/index.js';
import { inWorkload, runRuleOnYaml, testRule, type InvalidCase, type ValidCase } from './rule-tester.js';

export function testProbeRule(rule: Rule, PROBE: 'livenessProbe' | 'readinessProbe'): void {
const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of LONG_RUNNING_KINDS) {
  valid.push({
    name: `${kind}: probes on the container and the sidecar; plain init and ephemeral containers need none`,
    yaml: inWorkload(kind, `
initContainers:
  - name: migrate
    image: ghcr.io/acme/migrate:1.0
  - name: proxy
    image: envoy:1.30
    restartPolicy: Always
    ${PROBE}:
      tcpSocket: { port: 15000 }
containers:
  - name: app
    image: nginx:1.27
    ${PROBE}:
      httpGet: { path: /healthz, port: 8080 }
ephemeralContainers:
  - name: debugger
    image: busybox:1.36
`).yaml,
  });

  const bad = inWorkload(kind, `
initContainers:
  - name: migrate
    image: ghcr.io/acme/migrate:1.0
  - name: proxy
    image: envoy:1.30
    restartPolicy: Always
containers:
  - name: app
    image: nginx:1.27
    startupProbe:
      httpGet: { path: /healthz, port: 8080 }
`);
  invalid.push({
    name: `${kind}: the sidecar and the container (a startup probe is not enough)`,
    yaml: bad.yaml,
    findings: [
      { messageId: 'sidecar', line: bad.line(4), column: bad.column(5), data: { name: 'proxy' } },
      { messageId: 'container', line: bad.line(8), column: bad.column(5), data: { name: 'app' } },
    ],
  });
}

const pod = (restartPolicy: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  restartPolicy: ${restartPolicy}
  containers:
    - name: app
      image: nginx:1.27
`;

valid.push(
  { name: 'a Pod with restartPolicy: Never runs to completion', yaml: pod('Never') },
  { name: 'a Pod with restartPolicy: OnFailure runs to completion', yaml: pod('OnFailure') },
);

invalid.push(
  {
    name: 'a bare Pod with restartPolicy: Always is long-running',
    yaml: pod('Always'),
    findings: [{ messageId: 'container', line: 8, column: 7, path: `spec.containers[0].${PROBE}`, data: { name: 'app' } }],
  },
  {
    name: 'a null probe is no probe; every regular container is judged',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: web
      image: nginx:1.27
      ${PROBE}:
        httpGet: { path: /, port: 80 }
    - name: worker
      image: ghcr.io/acme/worker:1.0
      ${PROBE}: null
`,
    findings: [{ messageId: 'container', line: 13, column: 7, data: { name: 'worker' } }],
  },
);

testRule(rule, { valid, invalid });

describe(`${rule.id}: kinds that run to completion or are only templates`, () => {
  for (const kind of ['Job', 'CronJob', 'PodTemplate']) {
    it(`${kind} is not judged`, () => {
      const run = runRuleOnYaml(rule, inWorkload(kind, `
restartPolicy: ${kind === 'PodTemplate' ? 'Always' : 'OnFailure'}
containers:
  - name: task
    image: busybox:1.36
`).yaml);
      expect(run.errors).toEqual([]);
      expect(run.objects.map((o) => o.kind)).toEqual([kind]);
      expect(run.findings).toEqual([]);
    });
  }
});
}
