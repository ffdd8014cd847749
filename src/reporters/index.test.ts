import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, summarize, type ReportContext, type ScanResult } from '../model/index.js';
import { OUTPUT_FORMATS, renderReport } from './index.js';

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
