import { CORE_RULES } from '../../test/core-rules.js';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManifests, scanObjects } from '../index.js';
import {
  SCHEMA_VERSION, summarize,
  type Finding, type ReportContext, type RuleMeta, type ScanResult,
} from '../model/index.js';
import { artifactLocation, FINGERPRINT_KEY, renderSarif, sarifReportLines } from './sarif.js';

const SCHEMA_PATH = new URL('../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', import.meta.url);

let validate: ValidateFunction;

beforeAll(() => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // The schema is draft-04, which Ajv 8 has no meta-schema for. It uses nothing that changed in
  // draft-06/07 except the top-level `id` (now `$id`), so it compiles as draft-07 once renamed.
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  const { $schema: _ignored, id, ...rest } = schema;
  // One of its patterns (`language`) has a stray `]` that only non-Unicode regular expressions accept.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  // Ajv 8 checks no formats by itself; these are strict enough to catch what a producer gets wrong.
  ajv.addFormat('uri', (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && isUriReference(s));
  ajv.addFormat('uri-reference', isUriReference);
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  validate = ajv.compile({ ...rest, $id: String(id) });
});

/** RFC 3986 characters only, and every `%` starting a valid escape. */
function isUriReference(s: string): boolean {
  return /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(s);
}

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

const rule = (id: string, over: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  area: 'workload',
  severity: 'high',
  title: `Title of ${id}`,
  description: `Description of ${id}.`,
  rationale: `Rationale of ${id}.`,
  remediation: `Remediation of ${id}.`,
  references: [{ framework: 'cis-k8s', control: '5.2.2' }, { framework: 'pss', control: 'baseline/x', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' }],
  messages: { m: 'message' },
  examples: { bad: '', good: '' },
  kinds: ['Deployment'],
  ...over,
});

const RULES: RuleMeta[] = [
  rule('no-privileged', { severity: 'critical' }),
  rule('run-as-non-root'),
  rule('default-deny', { area: 'network', severity: 'medium', kinds: undefined }),
  rule('info-rule', { severity: 'info' }),
  rule('low-rule', { severity: 'low' }),
];

const ctx: ReportContext = { rules: RULES, toolVersion: '1.2.3', color: false, failOn: 'high' };

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'run-as-non-root',
    area: 'workload',
    severity: 'high',
    message: 'Container "web" may run as root.',
    remediation: 'Set runAsNonRoot.',
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
    location: { file: 'deploy/web.yaml', line: 14, column: 11, endLine: 14, endColumn: 30 },
    path: 'spec.template.spec.containers[0].securityContext',
    suppressed: null,
    ...over,
  };
}

function resultOf(findings: Finding[], extra: Partial<ScanResult> = {}): ScanResult {
  const errors = extra.errors ?? [];
  return {
    schemaVersion: SCHEMA_VERSION,
    findings,
    errors,
    notes: [],
    notAssessed: [],
    files: ['deploy/web.yaml'],
    objects: 3,
    summary: summarize(findings, 3, 1, errors.length),
    ...extra,
  };
}

// Loosely typed access to the parsed log; the schema test checks its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const render = (result: ScanResult, c: ReportContext = ctx): Json => JSON.parse(renderSarif(result, c));

describe('renderSarif: schema validity', () => {
  it('is valid with no findings and no rules', () => {
    const log = render(resultOf([]), { ...ctx, rules: [] });
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  it('is valid with findings, with and without suppression, on files and cluster references', () => {
    const log = render(resultOf([
      finding(),
      finding({ ruleId: 'no-privileged', severity: 'critical', suppressed: { kind: 'config', reason: 'legacy, ticket SEC-1' } }),
      finding({ suppressed: { kind: 'annotation', reason: 'accepted by #sec' }, path: 'spec.template.spec.containers[1].securityContext' }),
      finding({ location: { ref: 'cluster:prod/apis/apps/v1/namespaces/shop/deployments/web' } }),
      finding({ ruleId: 'default-deny', area: 'network', severity: 'medium', object: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }, path: '' }),
    ]));
    expectValid(log);
    expect(log.runs[0].results).toHaveLength(5);
  });

  it('is valid with errors, notes and unassessed checks', () => {
    const log = render(resultOf([finding()], {
      errors: [{ file: 'bad.yaml', line: 3, column: 7, message: 'bad indentation' }, { message: 'internal error: rule x failed' }, { file: 'big.yaml', message: 'too big' }],
      notes: [{ file: 'a.yaml', line: 1, message: 'document 2 has no kind; skipped' }],
      notAssessed: [{ area: 'etcd', ruleId: 'default-deny', reason: 'no node files given' }, { area: 'mtls', reason: 'no mesh objects' }],
    }));
    expectValid(log);
  });

  it('is valid for a real scan of a YAML string', () => {
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          securityContext:\n            privileged: true\n';
    const parsed = parseManifests(yaml, 'web.yaml');
    const result = scanObjects(parsed.objects, { rules: CORE_RULES, files: ['web.yaml'] });
    expect(result.findings.length).toBeGreaterThan(0);
    const log = render(result);
    expectValid(log);
    const privileged = log.runs[0].results.find((r: Json) => r.ruleId === 'no-privileged');
    // `privileged: true` is on line 12; the key starts in column 13 (after 12 spaces).
    expect(privileged.locations[0].physicalLocation.region).toMatchObject({ startLine: 12, startColumn: 13 });
  });

  it('fails the schema check when the log is broken (the validator really validates)', () => {
    const log = render(resultOf([finding()]));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    const log2 = render(resultOf([finding()]));
    log2.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'dir with space/a.yaml';
    expect(validate(log2)).toBe(false);
  });
});

describe('renderSarif: driver and rules', () => {
  const log = render(resultOf([]));
  const driver = log.runs[0].tool.driver;

  it('describes the tool', () => {
    expect(driver).toMatchObject({ name: 'kubeward', version: '1.2.3', informationUri: 'https://github.com/kubeward/kubeward' });
  });

  it('has one reporting descriptor per rule, in order, with help and GitHub properties', () => {
    expect(driver.rules.map((r: Json) => r.id)).toEqual(['no-privileged', 'run-as-non-root', 'default-deny', 'info-rule', 'low-rule']);
    const r = driver.rules[0];
    expect(r.name).toBe('NoPrivileged');
    expect(r.shortDescription.text).toBe('Title of no-privileged');
    expect(r.fullDescription.text).toBe('Description of no-privileged.');
    expect(r.helpUri).toBe('https://github.com/kubeward/kubeward/blob/main/docs/rules/no-privileged.md');
    expect(r.help.text).toContain('Remediation of no-privileged.');
    expect(r.help.text).toContain('Rationale of no-privileged.');
    expect(r.help.text).toContain('CIS Kubernetes Benchmark: 5.2.2');
    expect(r.help.markdown).toContain('[baseline/x](https://kubernetes.io/docs/concepts/security/pod-security-standards/)');
    expect(r.defaultConfiguration.level).toBe('error');
    expect(r.properties).toEqual({ area: 'workload', severity: 'critical', tags: ['security', 'kubernetes', 'workload'], 'security-severity': '9.5' });
  });

  it('maps severities to levels and security-severity scores', () => {
    const byId = (id: string) => driver.rules.find((r: Json) => r.id === id);
    expect([byId('no-privileged'), byId('run-as-non-root'), byId('default-deny'), byId('low-rule'), byId('info-rule')]
      .map((r: Json) => [r.defaultConfiguration.level, r.properties['security-severity']]))
      .toEqual([['error', '9.5'], ['error', '8.0'], ['warning', '5.5'], ['note', '3.0'], ['note', '1.0']]);
  });
});

describe('renderSarif: results', () => {
  it('carries rule id and index, level, message, region and the object', () => {
    const log = render(resultOf([finding({ location: { file: 'deploy/web.yaml', line: 14, column: 11, endLine: 16, endColumn: 5 } })]));
    const r = log.runs[0].results[0];
    expect(r.ruleId).toBe('run-as-non-root');
    expect(r.ruleIndex).toBe(1);
    expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe('run-as-non-root');
    expect(r.level).toBe('error');
    expect(r.message.text).toBe('Container "web" may run as root.');
    expect(r.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'deploy/web.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 14, startColumn: 11, endLine: 16, endColumn: 5 },
    });
    expect(r.locations[0].logicalLocations).toEqual([{ name: 'web', fullyQualifiedName: 'Deployment/shop/web', kind: 'resource' }]);
    expect(r.suppressions).toEqual([]);
  });

  it('uses the finding severity for the level (config can override the rule default)', () => {
    const log = render(resultOf([finding({ severity: 'low' }), finding({ severity: 'medium', path: 'x' })]));
    expect(log.runs[0].results.map((r: Json) => r.level)).toEqual(['note', 'warning']);
  });

  it('gives a cluster object a logical location only', () => {
    const ref = 'cluster:prod/apis/apps/v1/namespaces/shop/deployments/web';
    const r = render(resultOf([finding({ location: { ref } })])).runs[0].results[0];
    expect(r.locations[0].physicalLocation).toBeUndefined();
    expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toBe('Deployment/shop/web');
    expect(r.locations[0].message.text).toBe(ref);
  });

  it('names cluster-scoped objects without a namespace', () => {
    const r = render(resultOf([finding({ object: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' } })])).runs[0].results[0];
    expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toBe('Namespace/shop');
  });

  it('marks config exceptions external and annotations in source, with the reason', () => {
    const log = render(resultOf([
      finding({ suppressed: { kind: 'config', reason: 'legacy app' } }),
      finding({ path: 'p2', suppressed: { kind: 'annotation', reason: 'owned by team x' } }),
    ]));
    expect(log.runs[0].results.map((r: Json) => r.suppressions)).toEqual([
      [{ kind: 'external', status: 'accepted', justification: 'legacy app' }],
      [{ kind: 'inSource', status: 'accepted', justification: 'owned by team x' }],
    ]);
  });

  it('leaves out ruleIndex for a rule the context does not describe', () => {
    const r = render(resultOf([finding({ ruleId: 'unknown-rule' })])).runs[0].results[0];
    expect(r.ruleId).toBe('unknown-rule');
    expect('ruleIndex' in r).toBe(false);
  });

  it('drops a region end that lies before its start instead of writing an invalid region', () => {
    const r = render(resultOf([finding({ location: { file: 'a.yaml', line: 5, column: 9, endLine: 5, endColumn: 2 } })])).runs[0].results[0];
    expect(r.locations[0].physicalLocation.region).toEqual({ startLine: 5, startColumn: 9 });
  });
});

describe('renderSarif: rendered files', () => {
  it('names the chart or overlay in the result properties, and only there', () => {
    const via = render(resultOf([finding({
      location: { file: 'charts/web/templates/deploy.yaml', line: 12, column: 3, endLine: 12, endColumn: 9, via: 'charts/web' },
    })])).runs[0].results[0];
    expect(via.properties).toEqual({ severity: 'high', area: 'workload', path: 'spec.template.spec.containers[0].securityContext', renderedFrom: 'charts/web' });
    expect(via.locations[0].physicalLocation.artifactLocation.uri).toBe('charts/web/templates/deploy.yaml');
    expect(render(resultOf([finding()])).runs[0].results[0].properties.renderedFrom).toBeUndefined();
  });
});

describe('renderSarif: fingerprints', () => {
  const fp = (f: Finding) => render(resultOf([f])).runs[0].results[0].partialFingerprints[FINGERPRINT_KEY] as string;

  it('does not change when the finding moves to other lines or files', () => {
    const a = fp(finding());
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(fp(finding({ location: { file: 'deploy/web.yaml', line: 40, column: 3, endLine: 41, endColumn: 1 } }))).toBe(a);
    expect(fp(finding({ location: { file: 'moved/web.yaml', line: 14, column: 11, endLine: 14, endColumn: 30 } }))).toBe(a);
  });

  it('changes with the rule, the object and the path', () => {
    const a = fp(finding());
    expect(fp(finding({ ruleId: 'no-privileged' }))).not.toBe(a);
    expect(fp(finding({ object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'other', name: 'web' } }))).not.toBe(a);
    expect(fp(finding({ object: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'shop', name: 'web' } }))).not.toBe(a);
    expect(fp(finding({ path: 'spec.template.spec.containers[1].securityContext' }))).not.toBe(a);
  });

  it('tells apart two findings with the same identity in one run', () => {
    const log = render(resultOf([finding(), finding({ location: { file: 'other/web.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 } })]));
    const [x, y] = log.runs[0].results.map((r: Json) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(x).not.toBe(y);
    expect(x).toBe(fp(finding()));
  });
});

describe('renderSarif: artifact URIs', () => {
  it('percent-encodes relative paths and roots them at %SRCROOT%', () => {
    expect(artifactLocation('dir with space/a#b%c.yaml')).toEqual({ uri: 'dir%20with%20space/a%23b%25c.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('./k8s/ü.yaml')).toEqual({ uri: 'k8s/%C3%BC.yaml', uriBaseId: '%SRCROOT%' });
    // A colon in the first segment would otherwise read as a URI scheme.
    expect(artifactLocation('c:d.yaml')).toEqual({ uri: 'c%3Ad.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('turns backslashes into slashes', () => {
    expect(artifactLocation('k8s\\base\\deploy.yaml')).toEqual({ uri: 'k8s/base/deploy.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('writes files outside the scanned folder as file: URIs, without a base', () => {
    expect(artifactLocation('/srv/other repo/a.yaml')).toEqual({ uri: 'file:///srv/other%20repo/a.yaml' });
    expect(artifactLocation('C:\\work\\a.yaml')).toEqual({ uri: 'file:///C:/work/a.yaml' });
  });

  it('gives standard input a description and no URI', () => {
    expect(artifactLocation('<stdin>')).toEqual({ description: { text: 'standard input' } });
  });

  it('keeps the log valid for every kind of file name', () => {
    const files = ['dir with space/a#b.yaml', '/srv/x.yaml', '<stdin>', 'C:\\w\\a.yaml'];
    const log = render(resultOf(files.map((file, i) => finding({ path: `p${i}`, location: { file, line: 1, column: 1, endLine: 1, endColumn: 5 } }))));
    expectValid(log);
  });
});

describe('renderSarif: invocation', () => {
  it('reports errors as error notifications and marks the run unsuccessful', () => {
    const log = render(resultOf([], {
      errors: [{ file: 'bad.yaml', line: 3, column: 7, message: 'bad indentation' }, { message: 'internal error' }],
      notAssessed: [{ area: 'network', ruleId: 'default-deny', reason: 'no NetworkPolicy API in input' }],
    }));
    const inv = log.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    const [e1, e2, na] = inv.toolExecutionNotifications;
    expect(e1).toEqual({
      level: 'error',
      message: { text: 'bad.yaml:3:7: bad indentation' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'bad.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 7 } } }],
    });
    expect(e2).toEqual({ level: 'error', message: { text: 'internal error' } });
    expect(na).toEqual({ level: 'warning', message: { text: 'network: not assessed: no NetworkPolicy API in input' }, associatedRule: { id: 'default-deny', index: 2 } });
  });

  it('is written exactly as JSON.stringify(log, null, 2) writes the whole log, results made one by one', () => {
    const findings = Array.from({ length: 40 }, (_, i) => finding({
      path: `p${i}`,
      message: i % 3 === 0 ? `line one\nline "two" of ${i}` : `finding ${i}`,
      suppressed: i % 5 === 0 ? { kind: 'annotation', reason: 'accepted\nrisk' } : null,
    }));
    for (const list of [findings, findings.slice(0, 1), []]) {
      const out = renderSarif(resultOf(list), ctx);
      expect(out).toBe(`${JSON.stringify(JSON.parse(out), null, 2)}\n`);
      expect((JSON.parse(out) as Json).runs[0].results).toHaveLength(list.length);
      expect([...sarifReportLines(resultOf(list), ctx)].join('\n')).toBe(out.slice(0, -1));
    }
  });

  it('embeds no absolute path of the machine', () => {
    const out = renderSarif(resultOf([finding()]), ctx);
    expect(out).not.toContain(process.cwd());
    expect(out).not.toContain('file://');
  });
});
