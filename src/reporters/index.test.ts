import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers/repo.js';
import { allRules } from '../analysis/rules/index.js';
import { parseManifests, scanObjects } from '../index.js';
import { SCHEMA_VERSION, summarize, type ReportContext, type ScanResult } from '../model/index.js';
import { OUTPUT_FORMATS, renderReport, reportLines } from './index.js';

const ctx: ReportContext = { rules: [], toolVersion: '1.2.3', color: false, failOn: 'high' };
const empty: ScanResult = {
  schemaVersion: SCHEMA_VERSION, findings: [], errors: [], notes: [], notAssessed: [], files: [], objects: 0,
  summary: summarize([], 0, 0, 0),
};

describe('renderReport', () => {
  it('has a reporter of its own for every output format', () => {
    const starts: Record<(typeof OUTPUT_FORMATS)[number], RegExp> = {
      text: /^No findings\./,
      json: /^\{\n {2}"schemaVersion": 1,\n {2}"tool"/,
      sarif: /^\{\n {2}"\$schema": "https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json"/,
      junit: /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /,
      markdown: /^### ✅ kubeward: PASS/,
    };
    for (const format of OUTPUT_FORMATS) expect(renderReport(format, empty, ctx), format).toMatch(starts[format]);
  });
});

describe('reportLines', () => {
  it('gives, in every format, the lines of exactly what renderReport writes', () => {
    const docs = parseManifests(
      readFileSync(path.join(REPO_ROOT, 'examples/shop/insecure/database.yaml'), 'utf8'), 'examples/shop/insecure/database.yaml',
    );
    const result = scanObjects(docs.objects, { files: ['examples/shop/insecure/database.yaml'] });
    expect(result.findings.length).toBeGreaterThan(5);
    const full: ReportContext = { rules: allRules, toolVersion: '1.2.3', color: false, failOn: 'high' };
    for (const r of [result, empty]) {
      for (const format of OUTPUT_FORMATS) {
        expect(`${[...reportLines(format, r, full)].join('\n')}\n`, format).toBe(renderReport(format, r, full));
      }
    }
  });
});
