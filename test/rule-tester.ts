/**
 * Table-driven tests for one rule, in the manner of ESLint's RuleTester: YAML in, expected
 * findings (message id and line) out, through the real loader and engine.
 */
import { describe, expect, it } from 'vitest';
import { analyzerFamily } from '../src/analysis/analyzer.js';
import { compareFindings, runRules } from '../src/analysis/engine.js';
import { isObjectRule, type MessageData, type Rule } from '../src/analysis/define-rule.js';
import {
  emptyConfig, formatMessage, isFileLocation, ObjectSet,
  type Finding, type KubeObject, type ScanError,
} from '../src/model/index.js';
import { parseManifests } from '../src/sources/index.js';

/** A case that must give no finding. */
export interface ValidCase {
  /** Test name; defaults to the YAML's first lines. */
  name?: string;
  /** One or several YAML documents. */
  yaml: string;
  /** The rule's options (`rules.<id>.options` in `.kubeward.yaml`). */
  options?: Record<string, unknown>;
}

/** One finding a case must give. */
export interface ExpectedFinding {
  messageId: string;
  /** 1-based line in the case's YAML. */
  line: number;
  column?: number;
  /** When given, the message must equal the template filled with exactly this data. */
  data?: MessageData;
  /** When given, the formatted path, e.g. `spec.containers[0].securityContext.privileged`. */
  path?: string;
}

/** A case that must give exactly these findings, in the engine's order (line, column, rule, message). */
export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
}

/** A finding as the tester sees it: the engine's finding plus the message id that produced it. */
export interface TestFinding {
  messageId: string;
  message: string;
  line: number;
  column: number;
  path: string;
  finding: Finding;
}

/** What running a rule on YAML gave. */
export interface RuleRun {
  objects: KubeObject[];
  findings: TestFinding[];
  /** Parse errors and rule crashes. */
  errors: ScanError[];
  /** The analyzer families the rule asked for (`ctx.use`), sorted. */
  analyzersUsed: string[];
}

const TAG_START = '\u0001';
const TAG_END = '\u0002';

/**
 * Runs one rule on YAML text through `parseManifests`, an `ObjectSet` and `runRules` with an
 * empty config (plus the rule's options). Message ids are recovered exactly by running a copy of
 * the rule whose templates carry their id as an invisible prefix; the prefix is stripped and the
 * findings re-sorted, so messages and order are those the real rule gives.
 */
export function runRuleOnYaml(rule: Rule, yaml: string, options?: Record<string, unknown>, file = `${rule.id}.yaml`): RuleRun {
  const parsed = parseManifests(yaml, file);
  const tagged = {
    ...rule,
    messages: Object.fromEntries(Object.entries(rule.messages).map(([id, t]) => [id, `${TAG_START}${id}${TAG_END}${t}`])),
  } as Rule;
  const config = emptyConfig();
  if (options !== undefined) config.rules[rule.id] = { options };
  const analyzersUsed = new Set<string>();
  const result = runRules(new ObjectSet(parsed.objects), [tagged], config, { onUse: (_, a) => void analyzersUsed.add(analyzerFamily(a.id)) });
  const untagged = result.findings.map((f) => {
    const end = f.message.indexOf(TAG_END);
    if (!f.message.startsWith(TAG_START) || end < 0) throw new Error(`finding message without its id tag: ${f.message}`);
    return { messageId: f.message.slice(1, end), finding: { ...f, message: f.message.slice(end + 1) } };
  });
  untagged.sort((a, b) => compareFindings(a.finding, b.finding));
  const findings = untagged.map(({ messageId, finding }) => {
    if (!isFileLocation(finding.location)) throw new Error('a finding from YAML text has no file location');
    return { messageId, message: finding.message, line: finding.location.line, column: finding.location.column, path: finding.path, finding };
  });
  return { objects: parsed.objects, findings, errors: [...parsed.errors, ...result.errors], analyzersUsed: [...analyzersUsed].sort() };
}

function caseName(c: ValidCase): string {
  if (c.name !== undefined) return c.name;
  const flat = c.yaml.trim().split('\n').map((l) => l.trim()).join(' ');
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}

/** Fails on parse errors, rule crashes and cases that load nothing the rule looks at. */
function checkRun(rule: Rule, run: RuleRun): void {
  expect(run.errors, 'the case YAML must parse and the rule must not crash').toEqual([]);
  expect(run.objects.length, 'the case loads no object').toBeGreaterThan(0);
  if (isObjectRule(rule)) {
    const kinds = new Set<string>(rule.kinds);
    expect(run.objects.some((o) => kinds.has(o.kind)), `the case has no object of a kind ${rule.id} looks at`).toBe(true);
  }
  for (const f of run.findings) expect(f.message, 'a message placeholder was left unfilled').not.toMatch(/\{\w+\}/);
}

/**
 * Generates a `describe(rule.id)` block with one `it` per case: valid cases must give no finding;
 * invalid ones exactly the findings listed (message id and line, and column, data or path where
 * given), in order.
 */
export function testRule(rule: Rule, cases: { valid: readonly (string | ValidCase)[]; invalid: readonly InvalidCase[] }): void {
  describe(rule.id, () => {
    // vitest fails a suite without tests, so an empty list gets no block.
    if (cases.valid.length > 0) describe('valid', () => {
      for (const raw of cases.valid) {
        const c: ValidCase = typeof raw === 'string' ? { yaml: raw } : raw;
        it(caseName(c), () => {
          const run = runRuleOnYaml(rule, c.yaml, c.options);
          checkRun(rule, run);
          expect(run.findings.map((f) => `${f.line}:${f.column} ${f.messageId}: ${f.message}`)).toEqual([]);
        });
      }
    });
    if (cases.invalid.length > 0) describe('invalid', () => {
      for (const c of cases.invalid) {
        it(caseName(c), () => {
          expect(c.findings.length, 'an invalid case must expect at least one finding').toBeGreaterThan(0);
          for (const e of c.findings) {
            expect(Object.keys(rule.messages), `the test expects an unknown message id "${e.messageId}"`).toContain(e.messageId);
          }
          const run = runRuleOnYaml(rule, c.yaml, c.options);
          checkRun(rule, run);
          const expected = c.findings.map((e) => project(e, {
            messageId: e.messageId,
            line: e.line,
            column: e.column,
            message: e.data !== undefined ? formatMessage(rule.messages[e.messageId]!, e.data) : undefined,
            path: e.path,
          }));
          const actual = run.findings.map((f, i) => project(c.findings[i], {
            messageId: f.messageId, line: f.line, column: f.column, message: f.message, path: f.path,
          }));
          expect(actual).toEqual(expected);
        });
      }
    });
  });
}

/** Keeps the fields the expectation names, so a case asserts only what it states. */
function project(
  e: ExpectedFinding | undefined,
  v: { messageId: string; line: number; column: number | undefined; message: string | undefined; path: string | undefined },
): Record<string, unknown> {
  const out: Record<string, unknown> = { messageId: v.messageId, line: v.line };
  if (e?.column !== undefined) out.column = v.column;
  if (e?.data !== undefined) out.message = v.message;
  if (e?.path !== undefined) out.path = v.path;
  return out;
}

/** A workload manifest around a pod spec, with the mapping from the spec text to manifest lines. */
export interface WorkloadManifest {
  kind: string;
  yaml: string;
  /** The manifest line of line `n` (1-based) of the pod spec text. */
  line(n: number): number;
  /** The manifest column of column `c` (1-based) of the pod spec text. */
  column(c: number): number;
}

/** Headers up to the pod spec, and the spec's indent. Written out by hand, one per kind. */
const WORKLOAD_HEADERS: Record<string, { header: string; indent: number }> = {
  Pod: {
    header: `apiVersion: v1
kind: Pod
metadata:
  name: test
spec:
`,
    indent: 2,
  },
  Deployment: { header: appsHeader('Deployment'), indent: 6 },
  ReplicaSet: { header: appsHeader('ReplicaSet'), indent: 6 },
  StatefulSet: { header: appsHeader('StatefulSet'), indent: 6 },
  DaemonSet: { header: appsHeader('DaemonSet'), indent: 6 },
  ReplicationController: {
    header: `apiVersion: v1
kind: ReplicationController
metadata:
  name: test
spec:
  selector:
    app: test
  template:
    metadata:
      labels:
        app: test
    spec:
`,
    indent: 6,
  },
  Job: {
    header: `apiVersion: batch/v1
kind: Job
metadata:
  name: test
spec:
  template:
    metadata:
      labels:
        app: test
    spec:
`,
    indent: 6,
  },
  CronJob: {
    header: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: test
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            app: test
        spec:
`,
    indent: 10,
  },
  PodTemplate: {
    header: `apiVersion: v1
kind: PodTemplate
metadata:
  name: test
template:
  metadata:
    labels:
      app: test
  spec:
`,
    indent: 4,
  },
};

function appsHeader(kind: string): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: test
spec:
  selector:
    matchLabels:
      app: test
  template:
    metadata:
      labels:
        app: test
    spec:
`;
}

/** Every kind {@link inWorkload} can wrap a pod spec in. */
export const WRAPPABLE_KINDS: readonly string[] = Object.keys(WORKLOAD_HEADERS);

/**
 * Wraps a pod spec (YAML at indent 0; one leading newline is dropped) in a manifest of `kind`, so
 * one case can be checked in every workload kind with lines computed from the spec text.
 */
export function inWorkload(kind: string, podSpec: string): WorkloadManifest {
  const shape = WORKLOAD_HEADERS[kind];
  if (!shape) throw new Error(`inWorkload: no header for kind ${kind}`);
  const body = podSpec.replace(/^\n/, '').trimEnd().split('\n');
  const pad = ' '.repeat(shape.indent);
  const headerLines = shape.header.split('\n').length - 1;
  return {
    kind,
    yaml: shape.header + body.map((l) => (l.trim() === '' ? '' : pad + l)).join('\n') + '\n',
    line: (n) => headerLines + n,
    column: (c) => shape.indent + c,
  };
}
