import { CORE_RULES } from '../../test/core-rules.js';
import { describe, expect, it } from 'vitest';
import { parseManifests, scanObjects } from '../index.js';
import {
  SCHEMA_VERSION, summarize,
  type Finding, type ObjectRef, type ReportContext, type RuleMeta, type ScanResult,
} from '../model/index.js';
import { renderJunit, xmlAttr, xmlText } from './junit.js';

// A strict little XML 1.0 reader, enough for JUnit files: it rejects what real parsers reject
// (characters XML forbids, a raw `<` or bare `&` in values, unquoted or duplicate attributes,
// mismatched tags) and decodes values the way they do, so tests compare what CI tools will read.
interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

const XML_CHARS = /^[\t\n\r\u{20}-\u{D7FF}\u{E000}-\u{FFFD}\u{10000}-\u{10FFFF}]*$/u;

function decode(raw: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/.test(raw)) throw new Error(`bare & in ${JSON.stringify(raw)}`);
  return raw.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    const cp = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    const c = String.fromCodePoint(cp);
    if (!XML_CHARS.test(c)) throw new Error(`reference to a forbidden character: &${e};`);
    return c;
  });
}

function parseXml(xml: string): El {
  if (!XML_CHARS.test(xml)) throw new Error('a character XML 1.0 forbids');
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (!decl) throw new Error('no XML declaration');
  let i = decl[0].length;
  const src = xml.replace(/\r\n?/g, '\n');
  const element = (): El => {
    const open = /^<([A-Za-z_][\w.-]*)/.exec(src.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${src.slice(i, i + 30)}`);
    i += open[0].length;
    const el: El = { name: open[1]!, attrs: {}, children: [], text: '' };
    for (;;) {
      const ws = /^\s*/.exec(src.slice(i))![0];
      i += ws.length;
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src.startsWith('>', i)) {
        i += 1;
        break;
      }
      if (ws === '') throw new Error(`no space before attribute at ${i}`);
      const a = /^([A-Za-z_][\w.:-]*)="([^"<]*)"/.exec(src.slice(i));
      if (!a) throw new Error(`bad attribute at ${i}: ${src.slice(i, i + 30)}`);
      if (a[1]! in el.attrs) throw new Error(`duplicate attribute ${a[1]}`);
      // Attribute-value normalisation: raw whitespace characters become spaces.
      el.attrs[a[1]!] = decode(a[2]!.replace(/[\t\n]/g, ' '));
      i += a[0].length;
    }
    for (;;) {
      if (src.startsWith('</', i)) {
        const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(src.slice(i));
        if (!close || close[1] !== el.name) throw new Error(`mismatched close of ${el.name} at ${i}`);
        i += close[0].length;
        return el;
      }
      if (src.startsWith('<', i)) {
        el.children.push(element());
        continue;
      }
      const end = src.indexOf('<', i);
      if (end < 0) throw new Error(`unclosed ${el.name}`);
      const raw = src.slice(i, end);
      if (raw.includes(']]>')) throw new Error(']]> in text');
      el.text += decode(raw);
      i = end;
    }
  };
  const root = element();
  if (src.slice(i).trim() !== '') throw new Error('content after the root element');
  return root;
}

const all = (el: El, name: string): El[] => [
  ...(el.name === name ? [el] : []),
  ...el.children.flatMap((c) => all(c, name)),
];

const rule = (id: string, over: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  area: 'workload',
  severity: 'high',
  title: id,
  description: '',
  rationale: '',
  remediation: '',
  references: [],
  messages: {},
  examples: { bad: '', good: '' },
  kinds: ['Deployment', 'StatefulSet'],
  ...over,
});

const RULES: RuleMeta[] = [
  rule('no-privileged', { severity: 'critical' }),
  rule('run-as-non-root'),
  rule('default-deny', { area: 'network', kinds: undefined }),
  rule('disabled-rule'),
];

const ctx: ReportContext = { rules: RULES, toolVersion: '1.2.3', color: false, failOn: 'high' };

const web: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
const db: ObjectRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'shop', name: 'db' };
const cm: ObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'conf' };

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'run-as-non-root',
    area: 'workload',
    severity: 'high',
    message: 'Container "web" may run as root.',
    remediation: 'Set runAsNonRoot.',
    object: web,
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
    objectRefs: [web, db, cm],
    rulesRun: ['no-privileged', 'run-as-non-root', 'default-deny'],
    summary: summarize(findings, 3, 1, errors.length),
    ...extra,
  };
}

const parse = (result: ScanResult, c: ReportContext = ctx) => parseXml(renderJunit(result, c));
const caseOf = (root: El, classname: string, name: string) =>
  all(root, 'testcase').find((t) => t.attrs.classname === classname && t.attrs.name === name);

/** Checks that every count attribute matches the elements it counts. */
function expectConsistentCounts(root: El): void {
  const count = (el: El) => {
    const cases = all(el, 'testcase');
    return {
      tests: String(cases.length),
      failures: String(cases.filter((c) => c.children.some((x) => x.name === 'failure')).length),
      errors: String(cases.filter((c) => c.children.some((x) => x.name === 'error')).length),
      skipped: String(cases.filter((c) => c.children.some((x) => x.name === 'skipped')).length),
    };
  };
  const pick = (el: El) => ({ tests: el.attrs.tests, failures: el.attrs.failures, errors: el.attrs.errors, skipped: el.attrs.skipped });
  expect(pick(root)).toEqual(count(root));
  for (const suite of root.children) expect(pick(suite)).toEqual(count(suite));
}

describe('renderJunit', () => {
  it('names the chart or overlay a rendered file came from in a failure', () => {
    const root = parse(resultOf([finding({
      location: { file: 'charts/web/templates/deploy.yaml', line: 12, column: 3, endLine: 12, endColumn: 9, via: 'charts/web' },
    })]));
    const failure = all(root, 'failure')[0]!;
    expect(failure.text).toContain('charts/web/templates/deploy.yaml:12:3 (rendered from charts/web): high: ');
  });

  it('writes one suite per area and one case per rule x object, with passing cases', () => {
    const root = parse(resultOf([finding()]));
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => s.attrs.name)).toEqual(['network', 'workload']);
    const workload = root.children[1]!;
    const cases = workload.children.filter((c) => c.name === 'testcase').map((c) => `${c.attrs.classname} ${c.attrs.name}`);
    // ConfigMap is not a kind these rules check; disabled-rule did not run.
    expect(cases).toEqual([
      'no-privileged Deployment/shop/web',
      'no-privileged StatefulSet/shop/db',
      'run-as-non-root Deployment/shop/web',
      'run-as-non-root StatefulSet/shop/db',
    ]);
    expect(caseOf(root, 'no-privileged', 'Deployment/shop/web')!.children).toEqual([]);
    expect(caseOf(root, 'default-deny', 'all objects')!.children).toEqual([]);
    expect(root.attrs).toMatchObject({ name: 'kubeward', tests: '5', failures: '1', errors: '0', skipped: '0' });
    expectConsistentCounts(root);
  });

  it('puts the findings of a case in one failure typed with the worst severity', () => {
    const root = parse(resultOf([
      finding({ ruleId: 'no-privileged', severity: 'medium', message: 'first', location: { file: 'deploy/web.yaml', line: 20, column: 13, endLine: 20, endColumn: 29 } }),
      finding({ ruleId: 'no-privileged', severity: 'critical', message: 'second', path: 'spec.x' }),
    ]));
    const failure = caseOf(root, 'no-privileged', 'Deployment/shop/web')!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs.type).toBe('critical');
    expect(failure.attrs.message).toBe('2 findings, worst critical: first');
    expect(failure.text.split('\n')).toEqual([
      'deploy/web.yaml:20:13: medium: first (at spec.template.spec.containers[0].securityContext)',
      'deploy/web.yaml:14:11: critical: second (at spec.x)',
      'fix: Set runAsNonRoot.',
    ]);
    expect(caseOf(root, 'no-privileged', 'Deployment/shop/web')!.attrs.file).toBe('deploy/web.yaml');
  });

  it('skips a case whose findings are all suppressed, and fails one with any unsuppressed', () => {
    const root = parse(resultOf([
      finding({ suppressed: { kind: 'config', reason: 'legacy' } }),
      finding({ object: db, message: 'db root', suppressed: null }),
      finding({ object: db, path: 'other', suppressed: { kind: 'annotation', reason: 'fine' } }),
    ]));
    const skipped = caseOf(root, 'run-as-non-root', 'Deployment/shop/web')!.children;
    expect(skipped).toEqual([{ name: 'skipped', attrs: { message: 'suppressed (config): legacy' }, children: [], text: '' }]);
    const failed = caseOf(root, 'run-as-non-root', 'StatefulSet/shop/db')!.children[0]!;
    expect(failed.name).toBe('failure');
    expect(failed.attrs.message).toBe('db root');
    expect(failed.text).toContain('suppressed (annotation: fine)');
    expect(root.attrs).toMatchObject({ tests: '5', failures: '1', skipped: '1', errors: '0' });
    expectConsistentCounts(root);
  });

  it('lists only cases with findings when the result does not say what was scanned', () => {
    const root = parse(resultOf([finding()], { objectRefs: undefined, rulesRun: undefined }));
    expect(all(root, 'testcase').map((c) => `${c.attrs.classname} ${c.attrs.name}`)).toEqual(['run-as-non-root Deployment/shop/web']);
    expectConsistentCounts(root);
  });

  it('names cluster-scoped objects Kind/name and keeps one case for an object found twice', () => {
    const ns: ObjectRef = { apiVersion: 'v1', kind: 'Namespace', name: 'shop' };
    const rules = [rule('ns-rule', { kinds: ['Namespace'] })];
    const root = parse(resultOf([], { objectRefs: [ns, ns], rulesRun: ['ns-rule'] }), { ...ctx, rules });
    expect(all(root, 'testcase').map((c) => c.attrs.name)).toEqual(['Namespace/shop']);
  });

  it('reports unassessed checks as skipped, with no passing cases for that rule', () => {
    const root = parse(resultOf([], {
      notAssessed: [{ area: 'network', ruleId: 'default-deny', reason: 'no policies API' }, { area: 'etcd', reason: 'no node files' }],
    }));
    expect(caseOf(root, 'default-deny', 'all objects')).toBeUndefined();
    expect(caseOf(root, 'default-deny', 'not assessed')!.children[0]).toMatchObject({ name: 'skipped', attrs: { message: 'no policies API' } });
    expect(caseOf(root, 'etcd', 'not assessed')!.children[0]).toMatchObject({ name: 'skipped', attrs: { message: 'no node files' } });
    expect(root.children.map((s) => s.attrs.name)).toEqual(['etcd', 'network', 'workload']);
    expectConsistentCounts(root);
  });

  it('reports scan errors as error cases in their own suite', () => {
    const root = parse(resultOf([], {
      errors: [{ file: 'bad.yaml', line: 3, column: 7, message: 'bad indentation' }, { file: 'bad.yaml', line: 3, column: 7, message: 'again' }, { message: 'rule crashed' }],
    }));
    const suite = root.children.at(-1)!;
    expect(suite.attrs).toMatchObject({ name: 'errors', tests: '3', errors: '3', failures: '0' });
    expect(suite.children.filter((c) => c.name === 'testcase').map((c) => [c.attrs.name, c.children[0]!.attrs.message])).toEqual([
      ['bad.yaml:3:7', 'bad indentation'],
      ['bad.yaml:3:7 (2)', 'again'],
      ['scan', 'rule crashed'],
    ]);
    expect(root.attrs.errors).toBe('3');
    expectConsistentCounts(root);
  });

  it('escapes markup and quotes, and writes characters XML forbids visibly', () => {
    const nasty = 'a <b> & "c" \'d\' ]]> \u0001\u001b[31m\uD800 \uFFFE tab\tnl\ncr\r end';
    const root = parse(resultOf([
      finding({ message: nasty, remediation: 'fix <it> & "now"', object: { ...web, name: 'we<b>&"' } }),
    ], { objectRefs: [], rulesRun: [] }));
    const c = all(root, 'testcase')[0]!;
    expect(c.attrs.name).toBe('Deployment/shop/we<b>&"');
    const failure = c.children[0]!;
    const visible = 'a <b> & "c" \'d\' ]]> \\u0001\\u001B[31m\\uD800 \\uFFFE tab\tnl\ncr\r end';
    // Tab, newline and carriage return survive in attributes as references.
    expect(failure.attrs.message).toBe(visible);
    expect(failure.text).toContain(`: high: ${visible} (at`);
    expect(failure.text).toContain('fix: fix <it> & "now"');
  });

  it('escapes by hand as expected', () => {
    expect(xmlText('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;');
    expect(xmlAttr('say "hi" & \'bye\'\n')).toBe('say &quot;hi&quot; &amp; &apos;bye&apos;&#10;');
    expect(xmlText('bell\u0007')).toBe('bell\\u0007');
  });

  it('writes an empty but valid report for an empty scan', () => {
    const root = parse(resultOf([], { objectRefs: [], rulesRun: [] }));
    expect(root.attrs).toMatchObject({ tests: '0', failures: '0', errors: '0', skipped: '0' });
    expect(root.children).toEqual([]);
  });

  it('covers a real scan: every Deployment checked by each workload rule', () => {
    const yaml = [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: good', 'spec:', '  template:', '    spec:',
      '      securityContext:', '        runAsNonRoot: true', '        runAsUser: 1000', '      containers:', '        - name: app',
      '          image: app:1', '          securityContext:', '            allowPrivilegeEscalation: false',
      '---',
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: bad', 'spec:', '  template:', '    spec:',
      '      containers:', '        - name: app', '          image: app:1', '          securityContext:', '            privileged: true', '',
    ].join('\n');
    const scanned = scanObjects(parseManifests(yaml, 'app.yaml').objects, { rules: CORE_RULES, files: ['app.yaml'] });
    const rules = RULES.filter((r) => scanned.rulesRun!.includes(r.id));
    const root = parse(scanned, { ...ctx, rules: [...rules, rule('no-privilege-escalation', { severity: 'medium' })] });
    expect(caseOf(root, 'no-privileged', 'Deployment/default/good')!.children).toEqual([]);
    const bad = caseOf(root, 'no-privileged', 'Deployment/default/bad')!.children[0]!;
    expect(bad.attrs.type).toBe('critical');
    // `privileged: true` is line 28 of the file (line 12 of the second document).
    expect(bad.text).toMatch(/^app\.yaml:28:13: critical: /);
    expect(caseOf(root, 'no-privilege-escalation', 'Deployment/default/good')!.children).toEqual([]);
    expect(caseOf(root, 'no-privilege-escalation', 'Deployment/default/bad')!.children[0]!.name).toBe('failure');
    expectConsistentCounts(root);
  });
});

describe('the test XML reader', () => {
  it('rejects what is not well-formed', () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(() => parseXml(`${head}<a b="<"/>`)).toThrow();
    expect(() => parseXml(`${head}<a>&</a>`)).toThrow();
    expect(() => parseXml(`${head}<a>\u0001</a>`)).toThrow();
    expect(() => parseXml(`${head}<a>&#1;</a>`)).toThrow();
    expect(() => parseXml(`${head}<a><b></a></b>`)).toThrow();
    expect(() => parseXml(`${head}<a b="1" b="2"/>`)).toThrow();
    expect(parseXml(`${head}<a b="&quot;&#10;"> x &amp; y </a>`)).toEqual({ name: 'a', attrs: { b: '"\n' }, children: [], text: ' x & y ' });
  });
});
