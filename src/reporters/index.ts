import type { ReportContext, ScanResult } from '../model/index.js';
import { jsonReportLines, renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText, textReportLines } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A reporter: a pure function from a scan result to the text of one output format. */
export type Reporter = (result: ScanResult, ctx: ReportContext) => string;

const REPORTERS: Record<OutputFormat, Reporter> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
};

/** Renders a result in one of {@link OUTPUT_FORMATS}. */
export function renderReport(format: OutputFormat, result: ScanResult, ctx: ReportContext): string {
  return REPORTERS[format](result, ctx);
}

export { jsonReportLines, renderJson, renderJunit, renderMarkdown, renderSarif, renderText, textReportLines };
