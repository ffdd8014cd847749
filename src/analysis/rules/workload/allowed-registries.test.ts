import { describe, expect, it } from 'vitest';
import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import { emptyConfig, ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { runRules } from '../../engine.js';
import rule from './allowed-registries.js';

const ACME = { registries: ['ghcr.io/acme', 'registry.example.com'] };

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: images from the allowed registries`,
    options: ACME,
    yaml: inWorkload(kind, `
initContainers:
  - name: init
    image: registry.example.com/tools/busybox:1.36
containers:
  - name: app
    image: ghcr.io/acme/app:2.8.0
`).yaml,
  });

  const bad = inWorkload(kind, `
initContainers:
  - name: init
    image: busybox:1.36
containers:
  - name: app
    image: ghcr.io/acme/app:2.8.0
`);
  invalid.push({
    name: `${kind}: Docker Hub shorthand is docker.io/library`,
    options: ACME,
    yaml: bad.yaml,
    findings: [{
      messageId: 'notAllowed', line: bad.line(3), column: bad.column(5),
      data: { name: 'init', image: 'busybox:1.36', source: 'docker.io/library/busybox', allowed: 'ghcr.io/acme, registry.example.com' },
    }],
  });
}

const pod = (image: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: ${image}
`;

valid.push(
  { name: 'no allow-list: nothing is judged', yaml: pod('evil.example.net/miner:1') },
  { name: 'an empty allow-list counts as none', options: { registries: [] }, yaml: pod('evil.example.net/miner:1') },
  { name: 'docker.io/library allows official images', options: { registries: ['docker.io/library'] }, yaml: pod('nginx:1.27') },
  { name: 'docker.io allows all of Docker Hub', options: { registries: ['docker.io'] }, yaml: pod('bitnami/redis:7.4') },
  { name: 'index.docker.io in an image is docker.io', options: { registries: ['docker.io/library'] }, yaml: pod('index.docker.io/library/nginx:1.27') },
  { name: 'index.docker.io in the list is docker.io', options: { registries: ['index.docker.io'] }, yaml: pod('nginx:1.27') },
  { name: 'hosts compare without case; trailing slash ignored', options: { registries: ['GHCR.io/Acme/'] }, yaml: pod('GHCR.IO/acme/app:1') },
  { name: 'a repository prefix matches the whole prefix', options: { registries: ['ghcr.io/acme'] }, yaml: pod('ghcr.io/acme:1') },
  { name: 'a registry with a port', options: { registries: ['registry.local:5000'] }, yaml: pod('registry.local:5000/team/app:1.0') },
  { name: 'localhost is a registry', options: { registries: ['localhost'] }, yaml: pod('localhost/app:dev') },
  {
    name: 'a wildcard matches subdomains (ECR)',
    options: { registries: ['*.dkr.ecr.eu-west-1.amazonaws.com'] },
    yaml: pod('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0'),
  },
  {
    name: 'digest-pinned images match by name',
    options: ACME,
    yaml: pod('ghcr.io/acme/app@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31'),
  },
);

invalid.push(
  {
    name: 'a repository prefix stops at path components',
    options: { registries: ['ghcr.io/acme'] },
    yaml: pod('ghcr.io/acme-evil/app:1'),
    findings: [{ messageId: 'notAllowed', line: 8, column: 7, path: 'spec.containers[0].image', data: { name: 'app', image: 'ghcr.io/acme-evil/app:1', source: 'ghcr.io/acme-evil/app', allowed: 'ghcr.io/acme' } }],
  },
  {
    name: 'a wildcard does not match the domain itself',
    options: { registries: ['*.example.com'] },
    yaml: pod('example.com/app:1'),
    findings: [{ messageId: 'notAllowed', line: 8, column: 7 }],
  },
  {
    name: 'a host without a port does not allow the same host with one',
    options: { registries: ['registry.local'] },
    yaml: pod('registry.local:5000/app:1'),
    findings: [{ messageId: 'notAllowed', line: 8, column: 7, data: { name: 'app', image: 'registry.local:5000/app:1', source: 'registry.local:5000/app', allowed: 'registry.local' } }],
  },
  {
    name: 'docker.io/library does not allow other Docker Hub namespaces',
    options: { registries: ['docker.io/library'] },
    yaml: pod('bitnami/redis:7.4'),
    findings: [{ messageId: 'notAllowed', line: 8, column: 7, data: { name: 'app', image: 'bitnami/redis:7.4', source: 'docker.io/bitnami/redis', allowed: 'docker.io/library' } }],
  },
  {
    name: 'a host that merely ends with an allowed host is another host',
    options: { registries: ['example.com'] },
    yaml: pod('evilexample.com/app:1'),
    findings: [{ messageId: 'notAllowed', line: 8, column: 7 }],
  },
  {
    name: 'with an allow-list, an image that is not a valid reference fails closed',
    options: ACME,
    yaml: pod('"{{ .Values.image }}"'),
    findings: [{ messageId: 'unparseable', line: 8, column: 7, data: { name: 'app', image: '{{ .Values.image }}' } }],
  },
  {
    name: 'invalid entries are ignored, valid ones still apply',
    options: { registries: ['https://ghcr.io', 42, 'registry.example.com'] },
    yaml: pod('ghcr.io/acme/app:1'),
    findings: [{ messageId: 'notAllowed', line: 8, column: 7, data: { name: 'app', image: 'ghcr.io/acme/app:1', source: 'ghcr.io/acme/app', allowed: 'registry.example.com' } }],
  },
  {
    name: 'ephemeral containers are judged',
    options: ACME,
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
`,
    findings: [{ messageId: 'notAllowed', line: 11, column: 7, path: 'spec.ephemeralContainers[0].image' }],
  },
);

testRule(rule, { valid, invalid });

/** Runs the rule through the engine and returns its not-assessed notes and finding count. */
function notes(yaml: string, options?: Record<string, unknown>): { reasons: string[]; findings: number } {
  const config = emptyConfig();
  if (options !== undefined) config.rules[rule.id] = { options };
  const result = runRules(new ObjectSet(parseManifests(yaml, 'x.yaml').objects), [rule], config);
  expect(result.errors).toEqual([]);
  for (const n of result.notAssessed) expect(n).toMatchObject({ area: 'workload', ruleId: 'allowed-registries' });
  return { reasons: result.notAssessed.map((n) => n.reason), findings: result.findings.length };
}

const THREE_PODS = [pod('nginx:1'), pod('redis:7'), pod('ghcr.io/acme/app:1')].join('---\n');

describe('allowed-registries: not assessed', () => {
  it('says so once per run without an allow-list, however many workloads', () => {
    const r = notes(THREE_PODS);
    expect(r.findings).toBe(0);
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]).toContain('rules.allowed-registries.options.registries');
  });

  it('says so again in a second run', () => {
    expect(notes(THREE_PODS).reasons).toHaveLength(1);
    expect(notes(THREE_PODS).reasons).toHaveLength(1);
  });

  it('says nothing when there is no workload to judge', () => {
    expect(notes('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n').reasons).toEqual([]);
  });

  it('says nothing when a valid allow-list is configured', () => {
    const r = notes(THREE_PODS, { registries: ['ghcr.io/acme'] });
    expect(r.reasons).toEqual([]);
    expect(r.findings).toBe(2);
  });

  it('reports a list that is not a list, and judges nothing', () => {
    const r = notes(THREE_PODS, { registries: 'ghcr.io/acme' });
    expect(r.findings).toBe(0);
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]).toMatch(/must be a list/);
  });

  it('names ignored entries once, and judges with the rest', () => {
    const r = notes(THREE_PODS, { registries: ['https://ghcr.io', 'ghcr.io/acme'] });
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]).toContain('ignored "https://ghcr.io"');
    expect(r.reasons[0]).not.toContain('not judged');
    expect(r.findings).toBe(2);
  });

  it('judges nothing when every entry is invalid', () => {
    const r = notes(THREE_PODS, { registries: ['http://x'] });
    expect(r.findings).toBe(0);
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]).toContain('image sources were not judged');
  });
});
