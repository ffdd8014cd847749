import { describe, expect, it } from 'vitest';
import {
  emptyConfig, LineIndex, NodeTableBuilder, ObjectSet, summarize, toKubeObject,
  type Finding, type KubeObject, type KubewardConfig, type ObjectSource,
} from '../model/index.js';
import { defineAnalyzer } from './analyzer.js';
import { defineRule, type ObjectRule, type Rule, type RuleContext, type SetRule } from './define-rule.js';
import { compareFindings, hasFindingsAtOrAbove, isRuleEnabled, runRules } from './engine.js';

/** Line starts 0, 1, 2...: offset n is line n+1, column 1. */
const LINES = new LineIndex(Int32Array.from({ length: 200 }, (_, i) => i));

interface ObjOptions {
  namespace?: string;
  annotations?: Record<string, string>;
  /** Where the object starts: a file and line, or a cluster reference. */
  file?: string;
  line?: number;
  ref?: string;
  apiVersion?: string;
}

/** A KubeObject whose location map has one node: the object itself, at `file:line:1`. */
function obj(kind: string, name: string, o: ObjOptions = {}): KubeObject {
  const metadata: Record<string, unknown> = { name };
  if (o.namespace !== undefined) metadata.namespace = o.namespace;
  if (o.annotations) metadata.annotations = o.annotations;
  let source: ObjectSource;
  if (o.ref !== undefined) source = { type: 'reference', ref: o.ref };
  else {
    const line = o.line ?? 1;
    const builder = new NodeTableBuilder();
    builder.close(builder.open(null, -1, line - 1, line));
    source = { type: 'file', file: o.file ?? 'manifests.yaml', lines: LINES, table: builder.build(), root: 0, docIndex: 0 };
  }
  const made = toKubeObject({ apiVersion: o.apiVersion ?? 'v1', kind, metadata }, source);
  if (!made) throw new Error('test object without kind');
  return made;
}

const META = {
  title: 'test rule',
  description: 'A rule for engine tests.',
  rationale: 'Tests need rules.',
  remediation: 'Nothing to do.',
  references: [],
  examples: { bad: '', good: '' },
};

function objectRule(id: string, area: Rule['area'], severity: Rule['severity'], kinds: readonly string[], check?: ObjectRule['check']): ObjectRule {
  return defineRule({
    ...META, id, area, severity, kinds,
    messages: { hit: '{kind} {name} hit by ' + id },
    check: check ?? ((o, ctx) => ctx.report('hit', { kind: o.kind, name: o.name })),
  });
}

const ruleA = objectRule('test-a', 'workload', 'high', ['Pod']);
const ruleB = objectRule('test-b', 'mtls', 'medium', ['Pod', 'DaemonSet']);
const ruleNs = objectRule('test-ns', 'access', 'low', ['Namespace']);

const pods = [
  obj('Pod', 'web', { namespace: 'prod', line: 1 }),
  obj('Pod', 'node-exporter-abc', { namespace: 'kube-system', line: 20 }),
  obj('Pod', 'other', { namespace: 'kube-system', line: 40 }),
  obj('Pod', 'node-exporter-x', { namespace: 'monitoring', line: 60 }),
  obj('Pod', 'nameless-ns', { line: 80 }),
];

function config(partial: Partial<KubewardConfig>): KubewardConfig {
  return { ...emptyConfig(), ...partial };
}

/** `rule object` for each finding, with the suppression kind when suppressed. */
function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.object.namespace ?? '-'}/${f.object.name}${f.suppressed ? ` [${f.suppressed.kind}: ${f.suppressed.reason}]` : ''}`);
}

describe('runRules: which rules run', () => {
  const set = new ObjectSet([pods[0]!]);

  it('runs every rule with an empty config', () => {
    const r = runRules(set, [ruleA, ruleB], emptyConfig());
    expect(brief(r.findings)).toEqual(['test-a prod/web', 'test-b prod/web']);
    expect(r.rulesRun.map((x) => x.id)).toEqual(['test-a', 'test-b']);
    expect(r.errors).toEqual([]);
  });

  it('turns a rule off by id', () => {
    const r = runRules(set, [ruleA, ruleB], config({ rules: { 'test-a': { enabled: false } } }));
    expect(brief(r.findings)).toEqual(['test-b prod/web']);
    expect(r.rulesRun.map((x) => x.id)).toEqual(['test-b']);
  });

  it('turns an area off', () => {
    const r = runRules(set, [ruleA, ruleB], config({ areas: { mtls: { enabled: false } } }));
    expect(brief(r.findings)).toEqual(['test-a prod/web']);
  });

  it('a rule setting beats its area setting, both ways', () => {
    const onInOffArea = config({ areas: { workload: { enabled: false } }, rules: { 'test-a': { enabled: true } } });
    expect(isRuleEnabled(ruleA, onInOffArea)).toBe(true);
    expect(brief(runRules(set, [ruleA, ruleB], onInOffArea).findings)).toEqual(['test-a prod/web', 'test-b prod/web']);
    const offInOnArea = config({ areas: { mtls: { enabled: true } }, rules: { 'test-b': { enabled: false } } });
    expect(isRuleEnabled(ruleB, offInOnArea)).toBe(false);
    // A setting with only a severity leaves the area's choice in force.
    const severityOnly = config({ areas: { mtls: { enabled: false } }, rules: { 'test-b': { severity: 'low' } } });
    expect(isRuleEnabled(ruleB, severityOnly)).toBe(false);
  });

  it('overrides a rule severity, which the fail-on threshold then sees', () => {
    const plain = runRules(set, [ruleA], emptyConfig());
    expect(plain.findings.map((f) => f.severity)).toEqual(['high']);
    expect(hasFindingsAtOrAbove(plain.findings, 'critical')).toBe(false);
    const raised = runRules(set, [ruleA], config({ rules: { 'test-a': { severity: 'critical' } } }));
    expect(raised.findings.map((f) => f.severity)).toEqual(['critical']);
    expect(hasFindingsAtOrAbove(raised.findings, 'critical')).toBe(true);
    const lowered = runRules(set, [ruleA], config({ rules: { 'test-a': { severity: 'info' } } }));
    expect(hasFindingsAtOrAbove(lowered.findings, 'low')).toBe(false);
    expect(hasFindingsAtOrAbove(lowered.findings, 'info')).toBe(true);
  });

  it('hands a rule its options, and an empty object when there are none', () => {
    const seen: unknown[] = [];
    const rule = objectRule('test-opts', 'workload', 'low', ['Pod'], (_o, ctx) => void seen.push(ctx.options));
    runRules(set, [rule], config({ rules: { 'test-opts': { options: { registries: ['ghcr.io/acme'] } } } }));
    runRules(set, [rule], emptyConfig());
    expect(seen).toEqual([{ registries: ['ghcr.io/acme'] }, {}]);
  });
});

describe('runRules: config exceptions', () => {
  const set = new ObjectSet(pods);

  it('suppresses findings matching every given glob, with the reason; omitted fields match anything', () => {
    const r = runRules(set, [ruleA, ruleB], config({
      exceptions: [
        { rule: 'test-a', namespace: 'kube-*', name: 'node-exporter*', reason: 'host metrics' },
        { rule: 'test-b', kind: 'DaemonSet', reason: 'only daemonsets' },
        { rule: 'test-*', namespace: 'default', reason: 'default namespace is a sandbox' },
      ],
    }));
    expect(brief(r.findings)).toEqual([
      'test-a prod/web',
      'test-b prod/web',
      'test-a kube-system/node-exporter-abc [config: host metrics]',
      'test-b kube-system/node-exporter-abc',
      'test-a kube-system/other',
      'test-b kube-system/other',
      'test-a monitoring/node-exporter-x',
      'test-b monitoring/node-exporter-x',
      'test-a default/nameless-ns [config: default namespace is a sandbox]',
      'test-b default/nameless-ns [config: default namespace is a sandbox]',
    ]);
  });

  it('an exception with only a rule suppresses that rule everywhere; "*" suppresses every rule', () => {
    expect(runRules(set, [ruleA, ruleB], config({ exceptions: [{ rule: 'test-b', reason: 'mesh not used' }] }))
      .findings.filter((f) => f.suppressed).map((f) => f.ruleId)).toEqual(['test-b', 'test-b', 'test-b', 'test-b', 'test-b']);
    expect(runRules(set, [ruleA, ruleB], config({ exceptions: [{ rule: '*', reason: 'all' }] }))
      .findings.every((f) => f.suppressed?.kind === 'config')).toBe(true);
  });

  it('a namespace glob never matches a cluster-scoped object; an omitted namespace does', () => {
    const nsSet = new ObjectSet([obj('Namespace', 'kube-system')]);
    expect(brief(runRules(nsSet, [ruleNs], config({ exceptions: [{ rule: 'test-ns', namespace: '*', reason: 'r' }] })).findings))
      .toEqual(['test-ns -/kube-system']);
    expect(brief(runRules(nsSet, [ruleNs], config({ exceptions: [{ rule: 'test-ns', name: 'kube-*', reason: 'r' }] })).findings))
      .toEqual(['test-ns -/kube-system [config: r]']);
  });

  it('globs match whole values, case-sensitively', () => {
    const r = runRules(set, [ruleA], config({
      exceptions: [{ rule: 'test-a', name: 'node', reason: 'prefix only' }, { rule: 'test-a', kind: 'pod', reason: 'wrong case' }],
    }));
    expect(r.findings.some((f) => f.suppressed)).toBe(false);
  });

  it('suppressed findings stay in the result and are counted apart', () => {
    const r = runRules(set, [ruleA], config({ exceptions: [{ rule: 'test-a', namespace: 'kube-system', reason: 'r' }] }));
    expect(r.findings).toHaveLength(5);
    const summary = summarize(r.findings, set.size, 1, 0);
    expect(summary.suppressed).toBe(2);
    expect(summary.bySeverity.high).toBe(3);
    expect(summary.byArea.workload).toBe(3);
    // Only suppressed findings at or above the threshold: the run passes.
    const onlySuppressed = runRules(new ObjectSet([pods[1]!]), [ruleA], config({ exceptions: [{ rule: 'test-a', reason: 'r' }] }));
    expect(hasFindingsAtOrAbove(onlySuppressed.findings, 'info')).toBe(false);
  });
});

describe('runRules: kubeward.io/ignore annotations', () => {
  const annotated = (annotations: Record<string, string>) => new ObjectSet([obj('Pod', 'p', { namespace: 'ns', annotations })]);

  it('ignores the listed rule ids, with the given reason', () => {
    const r = runRules(annotated({ 'kubeward.io/ignore': 'test-a, test-zzz', 'kubeward.io/ignore-reason': ' legacy app, ticket OPS-12 ' }), [ruleA, ruleB], emptyConfig());
    expect(brief(r.findings)).toEqual(['test-a ns/p [annotation: legacy app, ticket OPS-12]', 'test-b ns/p']);
  });

  it('ignores a whole area by name, or everything with *', () => {
    expect(brief(runRules(annotated({ 'kubeward.io/ignore': 'mtls' }), [ruleA, ruleB], emptyConfig()).findings))
      .toEqual(['test-a ns/p', 'test-b ns/p [annotation: no reason given (set kubeward.io/ignore-reason)]']);
    expect(runRules(annotated({ 'kubeward.io/ignore': '*' }), [ruleA, ruleB], emptyConfig()).findings.every((f) => f.suppressed?.kind === 'annotation')).toBe(true);
  });

  it('says when no reason was given, also for a blank one', () => {
    const r = runRules(annotated({ 'kubeward.io/ignore': 'test-a', 'kubeward.io/ignore-reason': '  ' }), [ruleA], emptyConfig());
    expect(r.findings[0]!.suppressed).toEqual({ kind: 'annotation', reason: 'no reason given (set kubeward.io/ignore-reason)' });
  });

  it('an empty or unrelated annotation suppresses nothing', () => {
    expect(runRules(annotated({ 'kubeward.io/ignore': '' }), [ruleA], emptyConfig()).findings[0]!.suppressed).toBeNull();
    expect(runRules(annotated({ 'kubeward.io/ignore-reason': 'why' }), [ruleA], emptyConfig()).findings[0]!.suppressed).toBeNull();
    // An id must match exactly: no prefix or glob matching in annotations.
    expect(runRules(annotated({ 'kubeward.io/ignore': 'test' }), [ruleA], emptyConfig()).findings[0]!.suppressed).toBeNull();
  });

  it('an annotation wins over a config exception for the same finding', () => {
    const r = runRules(annotated({ 'kubeward.io/ignore': 'test-a', 'kubeward.io/ignore-reason': 'from the manifest' }), [ruleA],
      config({ exceptions: [{ rule: 'test-a', reason: 'from the config' }] }));
    expect(r.findings[0]!.suppressed).toEqual({ kind: 'annotation', reason: 'from the manifest' });
  });
});

describe('runRules: rule failures', () => {
  it('a rule that throws gives an error naming the rule and object; other objects and rules still run', () => {
    const throwing = objectRule('test-throws', 'workload', 'high', ['Pod'], (o, ctx) => {
      if (o.name === 'other') throw new Error('boom');
      ctx.report('hit', { kind: o.kind, name: o.name });
    });
    const r = runRules(new ObjectSet(pods), [throwing, ruleB], emptyConfig());
    expect(r.errors).toEqual([{ file: 'manifests.yaml', line: 40, message: 'internal error: rule test-throws failed on Pod/kube-system/other: boom' }]);
    expect(r.findings.filter((f) => f.ruleId === 'test-throws').map((f) => f.object.name)).toEqual(['web', 'node-exporter-abc', 'node-exporter-x', 'nameless-ns']);
    expect(r.findings.filter((f) => f.ruleId === 'test-b')).toHaveLength(5);
  });

  it('a whole-set rule that throws, or throws something that is not an Error', () => {
    const setRule: SetRule = defineRule({ ...META, id: 'test-set', area: 'network', severity: 'low', messages: {}, checkSet: () => { throw 'plain string'; } });
    const r = runRules(new ObjectSet(pods), [setRule, ruleA], emptyConfig());
    expect(r.errors).toEqual([{ message: 'internal error: rule test-set failed: plain string' }]);
    expect(r.findings).toHaveLength(5);
  });

  it('reporting an unknown message id, or report() from a whole-set rule, is a rule error', () => {
    const badMessage = objectRule('test-msg', 'workload', 'low', ['Pod'], (_o, ctx) => ctx.report('nope'));
    const setReport: SetRule = defineRule({ ...META, id: 'test-setreport', area: 'network', severity: 'low', messages: { m: 'x' }, checkSet: (_s, ctx: RuleContext) => ctx.report('m') });
    const r = runRules(new ObjectSet([pods[0]!]), [badMessage, setReport], emptyConfig());
    expect(r.errors.map((e) => e.message)).toEqual([
      'internal error: rule test-msg failed on Pod/prod/web: rule test-msg has no message "nope"',
      'internal error: rule test-setreport failed: rule test-setreport: report() outside a per-object check; use reportOn()',
    ]);
  });
});

describe('runRules: whole-set rules, analyzers, notAssessed', () => {
  it('reportOn reports on any object; analyzers are computed once per run', () => {
    let computed = 0;
    const counter = defineAnalyzer({ id: 'count-pods', description: 'pods', compute: (s) => {
      computed++;
      return s.ofKind('Pod').length;
    } });
    const mk = (id: string): SetRule => defineRule({
      ...META, id, area: 'network', severity: 'medium', messages: { many: '{n} pods' },
      checkSet(s, ctx) {
        const n = ctx.use(counter);
        ctx.reportOn(s.ofKind('Pod')[0]!, 'many', { n });
        ctx.notAssessed(`${id} cannot see the cluster`);
      },
    });
    const r = runRules(new ObjectSet(pods), [mk('test-set-1'), mk('test-set-2')], emptyConfig());
    expect(computed).toBe(1);
    expect(r.findings.map((f) => `${f.ruleId} ${f.object.name} ${f.message}`)).toEqual(['test-set-1 web 5 pods', 'test-set-2 web 5 pods']);
    expect(r.notAssessed).toEqual([
      { area: 'network', ruleId: 'test-set-1', reason: 'test-set-1 cannot see the cluster' },
      { area: 'network', ruleId: 'test-set-2', reason: 'test-set-2 cannot see the cluster' },
    ]);
  });
});

describe('runRules: analyzer lifetimes (`uses`)', () => {
  const counting = () => {
    const log: string[] = [];
    const analyzer = defineAnalyzer({ id: 'count-pods', description: 'pods', compute: (s) => {
      log.push('compute');
      return { pods: s.ofKind('Pod').length };
    } });
    const mk = (id: string, uses: boolean, asks = uses): SetRule => defineRule({
      ...META, id, area: 'network', severity: 'medium', messages: { many: '{n} pods' },
      ...(uses ? { uses: [analyzer] } : {}),
      checkSet(s, ctx) {
        log.push(id);
        if (asks) ctx.reportOn(s.ofKind('Pod')[0]!, 'many', { n: ctx.use(analyzer).pods });
        ctx.notAssessed(`${id} cannot see the cluster`);
      },
    });
    return { log, mk };
  };

  it('runs the users of an analyzer one after another, computes it once, and reports in registry order', () => {
    const { log, mk } = counting();
    const rules = [mk('test-uses-1', true), mk('test-none', false), mk('test-uses-2', true)];
    const r = runRules(new ObjectSet(pods), rules, emptyConfig());
    expect(log).toEqual(['test-uses-1', 'compute', 'test-uses-2', 'test-none']);
    expect(r.rulesRun.map((x) => x.id)).toEqual(['test-uses-1', 'test-none', 'test-uses-2']);
    expect(r.notAssessed.map((n) => n.ruleId)).toEqual(['test-uses-1', 'test-none', 'test-uses-2']);
    expect(r.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual(['test-uses-1 5 pods', 'test-uses-2 5 pods']);
  });

  it('lets go of the result after its last declared user: a later undeclared use computes it again, with the same answer', () => {
    const { log, mk } = counting();
    const used: string[] = [];
    const rules = [mk('test-uses-1', true), mk('test-sneaky', false, true)];
    const r = runRules(new ObjectSet(pods), rules, emptyConfig(), { onUse: (rule, a) => void used.push(`${rule.id} ${a.id}`) });
    expect(log).toEqual(['test-uses-1', 'compute', 'test-sneaky', 'compute']);
    expect(used).toEqual(['test-uses-1 count-pods', 'test-sneaky count-pods']);
    expect(r.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual(['test-sneaky 5 pods', 'test-uses-1 5 pods']);
  });

  it('keeps errors of crashing rules in registry order too', () => {
    const { mk } = counting();
    const crash = (id: string, uses: boolean): SetRule => ({ ...mk(id, uses), checkSet: () => {
      throw new Error(`${id} broke`);
    } });
    const r = runRules(new ObjectSet(pods), [crash('test-a', false), crash('test-b', true)], emptyConfig());
    expect(r.errors.map((e) => e.message)).toEqual([
      'internal error: rule test-a failed: test-a broke',
      'internal error: rule test-b failed: test-b broke',
    ]);
  });
});

describe('finding order', () => {
  const scattered = [
    obj('Pod', 'b3', { file: 'b.yaml', line: 3 }),
    obj('Pod', 'a10', { file: 'a.yaml', line: 10 }),
    obj('Pod', 'a2', { file: 'a.yaml', line: 2 }),
    obj('Pod', 'live', { ref: 'cluster:prod/api/v1/namespaces/default/pods/live' }),
    obj('Pod', 'dir', { file: 'dir/a.yaml', line: 1 }),
  ];
  const expected = [
    'test-a default/a2', 'test-b default/a2',
    'test-a default/a10', 'test-b default/a10',
    'test-a default/b3', 'test-b default/b3',
    'test-a default/live', 'test-b default/live',
    'test-a default/dir', 'test-b default/dir',
  ];

  it('sorts by file, line, column, then rule id, whatever the input and rule order', () => {
    expect(brief(runRules(new ObjectSet(scattered), [ruleA, ruleB], emptyConfig()).findings)).toEqual(expected);
    expect(brief(runRules(new ObjectSet([...scattered].reverse()), [ruleB, ruleA], emptyConfig()).findings)).toEqual(expected);
  });

  it('breaks ties at one location by rule id, then message', () => {
    const twice = objectRule('test-twice', 'workload', 'low', ['Pod'], (o, ctx) => {
      ctx.report('hit', { kind: 'Z', name: o.name });
      ctx.report('hit', { kind: 'A', name: o.name });
    });
    const r = runRules(new ObjectSet([scattered[2]!]), [twice, ruleA], emptyConfig());
    expect(r.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
      'test-a: Pod a2 hit by test-a',
      'test-twice: A a2 hit by test-twice',
      'test-twice: Z a2 hit by test-twice',
    ]);
    expect(compareFindings(r.findings[1]!, r.findings[1]!)).toBe(0);
  });
});
