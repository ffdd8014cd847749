import { CORE_RULES } from '../../test/core-rules.js';
import { describe, expect, it } from 'vitest';
import { parseManifests, scanObjects } from '../index.js';
import {
  SCHEMA_VERSION, summarize,
  type Finding, type ReportContext, type ScanResult,
} from '../model/index.js';
import { code, escape, MAX_FINDINGS, renderMarkdown } from './markdown.js';

const ctx: ReportContext = { rules: [], toolVersion: '1.2.3', color: false, failOn: 'high' };
const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'run-as-non-root',
    area: 'workload',
    severity: 'high',
    message: 'Root.',
    remediation: 'Set runAsNonRoot.',
    object: web,
    location: { file: 'deploy.yaml', line: 14, column: 11, endLine: 14, endColumn: 30 },
    path: '',
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
    files: [],
    objects: 5,
    summary: summarize(findings, 5, 2, errors.length),
    ...extra,
  };
}

const RULE_DOCS = 'https://github.com/kubeward/kubeward/blob/main/docs/rules';

describe('renderMarkdown', () => {
  it('has a verdict headline, counts per area x severity, and findings worst first', () => {
    const out = renderMarkdown(resultOf([
      finding(),
      finding({ ruleId: 'no-privileged', severity: 'critical', message: 'Runs privileged.', location: { file: 'deploy.yaml', line: 20, column: 13, endLine: 20, endColumn: 29 } }),
      finding({ ruleId: 'default-deny', area: 'network', message: 'No policy.', object: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }, location: { ref: 'cluster:prod/api/v1/namespaces/shop' } }),
      finding({ ruleId: 'no-escalation', severity: 'medium', suppressed: { kind: 'config', reason: 'legacy' } }),
    ]), ctx);
    expect(out).toBe(`### ❌ kubeward: FAIL: 3 findings at or above high

Scanned 5 objects in 2 files · 1 suppressed (not counted).

| Area | critical | high | medium | low | info | total |
|---|--:|--:|--:|--:|--:|--:|
| network | 0 | 1 | 0 | 0 | 0 | 1 |
| workload | 1 | 1 | 0 | 0 | 0 | 2 |
| **total** | 1 | 2 | 0 | 0 | 0 | **3** |

| Severity | Rule | Object | Location | Message |
|---|---|---|---|---|
| **critical** | [no-privileged](${RULE_DOCS}/no-privileged.md) | \`Deployment/shop/web\` | \`deploy.yaml:20\` | Runs privileged. |
| **high** | [run-as-non-root](${RULE_DOCS}/run-as-non-root.md) | \`Deployment/shop/web\` | \`deploy.yaml:14\` | Root. |
| **high** | [default-deny](${RULE_DOCS}/default-deny.md) | \`Namespace/shop\` | \`cluster:prod/api/v1/namespaces/shop\` | No policy. |
`);
  });

  it('passes with a clear line when nothing is found', () => {
    expect(renderMarkdown(resultOf([]), ctx)).toBe('### ✅ kubeward: PASS: nothing at or above high\n\nScanned 5 objects in 2 files.\n\nNo findings.\n');
  });

  it('passes at the threshold even with findings below it', () => {
    const out = renderMarkdown(resultOf([finding({ severity: 'low' })]), ctx);
    expect(out.split('\n')[0]).toBe('### ✅ kubeward: PASS: nothing at or above high');
    expect(out).toContain('| workload | 0 | 0 | 0 | 1 | 0 | 1 |');
  });

  it('lists errors and unassessed checks, and warns instead of passing', () => {
    const out = renderMarkdown(resultOf([], {
      errors: [{ file: 'bad.yaml', line: 3, column: 7, message: 'bad <indentation>' }, { message: 'rule crashed' }],
      notAssessed: [{ area: 'etcd', ruleId: 'etcd-tls', reason: 'no node files' }],
    }), ctx);
    expect(out.split('\n')[0]).toBe('### ⚠️ kubeward: ERROR: scan incomplete (2 errors); nothing at or above high in what was read');
    expect(out).toContain('Scanned 5 objects in 2 files · 2 errors · 1 not assessed.');
    expect(out).toContain('#### Errors (2)\n\n- `bad.yaml:3:7`: bad \\<indentation\\>\n- rule crashed\n');
    expect(out).toContain('#### Not assessed (1)\n\n- etcd (`etcd-tls`): no node files\n');
  });

  it(`shows at most ${MAX_FINDINGS} findings and says how many more there are`, () => {
    const many = Array.from({ length: 62 }, (_, i) => finding({ message: `m${i}`, severity: i === 61 ? 'critical' : 'medium' }));
    const out = renderMarkdown(resultOf(many), ctx);
    const rows = out.split('\n').filter((l) => /^\| (\*\*)?(critical|high|medium|low|info)/.test(l));
    expect(rows).toHaveLength(MAX_FINDINGS);
    // The critical one, last in the input, comes first.
    expect(rows[0]).toContain('| m61 |');
    expect(rows.at(-1)).toContain('| m48 |');
    expect(out).toContain('…and 12 more findings');
    expect(out).toContain('| workload | 1 | 0 | 61 | 0 | 0 | 62 |');
  });

  it('names the chart or overlay a rendered file came from', () => {
    const out = renderMarkdown(resultOf([finding({
      location: { file: 'charts/web/templates/deploy.yaml', line: 12, column: 3, endLine: 12, endColumn: 9, via: 'charts/web' },
    })]), ctx);
    expect(out).toContain('`charts/web/templates/deploy.yaml:12 (rendered from charts/web)`');
  });

  it('escapes text that would break the table or be read as Markdown or HTML', () => {
    const out = renderMarkdown(resultOf([finding({
      message: 'a | b `c` *d* _e_ <img src=x> @alice & [x](y) ~f~ back\\slash',
      object: { ...web, name: 'we|b`x' },
      location: { file: 'dir|x/`a`.yaml', line: 2, column: 1, endLine: 2, endColumn: 5 },
    })]), ctx);
    const row = out.split('\n').find((l) => l.startsWith('| **high**'))!;
    expect(row).toBe(`| **high** | [run-as-non-root](${RULE_DOCS}/run-as-non-root.md) | \`\`Deployment/shop/we\\|b\`x\`\` | \`\`dir\\|x/\`a\`.yaml:2\`\` | `
      + 'a \\| b \\`c\\` \\*d\\* \\_e\\_ \\<img src=x\\> \\@alice &amp; \\[x\\](y) \\~f\\~ back\\\\slash |');
    // Every row has exactly the table's six unescaped pipes.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
  });

  it('builds code spans that survive backticks and pipes', () => {
    expect(code('plain', false)).toBe('`plain`');
    expect(code('a`b', false)).toBe('``a`b``');
    expect(code('`x``', false)).toBe('``` `x`` ```');
    expect(code('a|b', true)).toBe('`a\\|b`');
    expect(code('a|b', false)).toBe('`a|b`');
    expect(code('line\nbreak', false)).toBe('`line break`');
  });

  it('escapes control characters and newlines in text', () => {
    expect(escape('x\ny\u001b[1m')).toBe('x y\\u001b\\[1m');
  });

  it('renders a real scan', () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext:\n        privileged: true\n';
    const scanned = scanObjects(parseManifests(yaml, 'pod.yaml').objects, { rules: CORE_RULES, files: ['pod.yaml'] });
    const out = renderMarkdown(scanned, ctx);
    expect(out).toMatch(/^### ❌ kubeward: FAIL: \d+ findings? at or above high\n/);
    // `privileged: true` is line 10.
    expect(out).toContain(`| **critical** | [no-privileged](${RULE_DOCS}/no-privileged.md) | \`Pod/default/p\` | \`pod.yaml:10\` |`);
  });
});
