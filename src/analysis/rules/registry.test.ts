import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runRuleOnYaml } from '../../../test/rule-tester.js';
import { AREAS, FRAMEWORKS, isArea, isSeverity } from '../../model/index.js';
// Tests stand outside the layering: this one checks the generated docs against the renderer.
import { renderRuleDocFiles, renderRuleDocPage } from '../../reporters/rule-doc.js';
import { analyzerFamily } from '../analyzer.js';
import { isObjectRule, type Rule } from '../define-rule.js';
import { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from '../engine.js';
import { allRules } from './index.js';

const rulesDir = path.dirname(fileURLToPath(import.meta.url));
const docsDir = path.resolve(rulesDir, '../../../docs/rules');

/**
 * Rule files found on disk: `<area>/<id>.ts`, tests left out, and files whose name starts with `_`
 * (what several rules of an area share, such as example documents).
 */
const ruleFiles = readdirSync(rulesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(rulesDir, d.name))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .map((f) => ({ folder: d.name, id: f.slice(0, -3), file: path.join(rulesDir, d.name, f) })))
  .sort((a, b) => (a.file < b.file ? -1 : 1));

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

describe('the rule registry', () => {
  it('has rules, with unique ids', () => {
    expect(allRules.length).toBeGreaterThan(0);
    const ids = allRules.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('holds exactly the rule files under rules/<area>/', async () => {
    expect(ruleFiles.length).toBeGreaterThan(0);
    const loaded: Rule[] = [];
    for (const f of ruleFiles) {
      const mod = (await import(pathToFileURL(f.file).href)) as { default?: Rule };
      expect(mod.default, `${f.folder}/${f.id}.ts has no default export`).toBeDefined();
      expect(allRules, `${f.folder}/${f.id}.ts is not in allRules (src/analysis/rules/index.ts)`).toContain(mod.default);
      loaded.push(mod.default!);
    }
    const unlisted = allRules.filter((r) => !loaded.includes(r)).map((r) => r.id);
    expect(unlisted, 'rules in allRules without a file of their own under rules/<area>/').toEqual([]);
  });

  it('has only area folders', () => {
    const folders = [...new Set(ruleFiles.map((f) => f.folder))];
    expect(folders.filter((f) => !isArea(f)), `folders must be one of ${AREAS.join(', ')}`).toEqual([]);
  });
});

describe.each(ruleFiles)('$folder/$id.ts', ({ folder, id, file }) => {
  let rule: Rule | undefined;
  const load = async (): Promise<Rule> => (rule ??= ((await import(pathToFileURL(file).href)) as { default: Rule }).default);

  it('id equals the file name, is kebab-case, and its area is the folder', async () => {
    const r = await load();
    expect(r.id).toBe(id);
    expect(r.id).toMatch(KEBAB);
    expect(r.area).toBe(folder);
    expect(isSeverity(r.severity), `severity "${r.severity}"`).toBe(true);
  });

  it('has a title, description, rationale and remediation', async () => {
    const r = await load();
    for (const field of ['title', 'description', 'rationale', 'remediation'] as const) {
      expect(r[field].trim(), `${field} is empty`).not.toBe('');
    }
    expect(r.title, 'a title is a noun phrase without a final period').not.toMatch(/\.$/);
  });

  it('has references to known frameworks, with controls in each framework\'s form', async () => {
    const r = await load();
    expect(r.references.length).toBeGreaterThan(0);
    for (const ref of r.references) {
      expect(FRAMEWORKS).toContain(ref.framework);
      expect(ref.control.trim()).not.toBe('');
      if (ref.framework === 'cis-k8s') expect(ref.control, 'a CIS id such as 5.2.7').toMatch(/^\d+(\.\d+)+$/);
      if (ref.framework === 'mitre') expect(ref.control, 'a MITRE ATT&CK technique such as T1611 Escape to Host').toMatch(/^T\d{4}(\.\d{3})?\b/);
      if (ref.url !== undefined) expect(ref.url).toMatch(/^https:\/\//);
    }
  });

  it('has messages and, for a per-object rule, kinds', async () => {
    const r = await load();
    expect(Object.keys(r.messages).length).toBeGreaterThan(0);
    for (const [mid, template] of Object.entries(r.messages)) expect(template.trim(), `message ${mid}`).not.toBe('');
    if (isObjectRule(r)) expect(r.kinds.length).toBeGreaterThan(0);
  });

  it('reports its bad example, every placeholder filled', async () => {
    const r = await load();
    const run = runRuleOnYaml(r, r.examples.bad, r.examples.options, 'bad.yaml');
    expect(run.errors).toEqual([]);
    expect(run.findings.length, 'the bad example gives no finding').toBeGreaterThan(0);
    for (const f of run.findings) {
      expect(f.finding.ruleId).toBe(r.id);
      expect(f.message, `message ${f.messageId} leaves a placeholder unfilled`).not.toMatch(/\{\w+\}/);
    }
  });

  it('does not report its good example', async () => {
    const r = await load();
    const run = runRuleOnYaml(r, r.examples.good, r.examples.options, 'good.yaml');
    expect(run.errors).toEqual([]);
    expect(run.objects.length, 'the good example loads no object').toBeGreaterThan(0);
    expect(run.findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
  });

  it('declares in `uses` exactly the analyzers its examples ask for', async () => {
    const r = await load();
    const used = new Set<string>();
    for (const yaml of [r.examples.bad, r.examples.good]) {
      for (const family of runRuleOnYaml(r, yaml, r.examples.options).analyzersUsed) used.add(family);
    }
    const declared = [...new Set((r.uses ?? []).map((a) => analyzerFamily(a.id)))].sort();
    expect(declared).toEqual([...used].sort());
  });

  it('documents the suppression annotations the engine reads', async () => {
    const page = renderRuleDocPage(await load());
    expect(page).toContain(`${IGNORE_ANNOTATION}: ${id}`);
    expect(page).toContain(`${IGNORE_REASON_ANNOTATION}:`);
  });
});

describe('docs/rules', () => {
  it('is up to date with the rules (run `npm run docs` to regenerate)', () => {
    const expected = renderRuleDocFiles(allRules);
    let onDisk: string[] = [];
    try {
      onDisk = readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort();
    } catch {
      // A missing folder shows up as every file missing below.
    }
    const stale: string[] = [];
    for (const { name, content } of expected) {
      if (!onDisk.includes(name)) stale.push(`${name}: missing`);
      else if (readFileSync(path.join(docsDir, name), 'utf8').replace(/\r\n/g, '\n') !== content) stale.push(`${name}: out of date`);
    }
    for (const name of onDisk) if (!expected.some((e) => e.name === name)) stale.push(`${name}: page of a rule that no longer exists`);
    expect(stale, 'docs/rules is out of date: run `npm run docs`').toEqual([]);
  });
});
