import type { ReportContext, ScanResult } from '../model/index.js';
import { jsonReportLines, renderJson } from './json.js';
import { junitReportLines, renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, sarifReportLines } from './sarif.js';
import { renderText, textReportLines } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A reporter: a pure function from a scan result to the text of one output format. */
export type Reporter = (result: ScanResult, ctx: ReportContext) => string;

/** A reporter's output one line at a time, without line ends: the text is these lines, each ended by `\n`. */
export type LineReporter = (result: ScanResult, ctx: ReportContext) => Iterable<string>;

const REPORTERS: Record<OutputFormat, Reporter> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
};

// Every format but Markdown (a short summary) makes its lines as they are written: a scan with 150k
// findings would otherwise hold a report of 100-200 MB, and SARIF and JUnit much more as objects.
const LINE_REPORTERS: Record<OutputFormat, LineReporter> = {
  text: textReportLines,
  json: jsonReportLines,
  sarif: sarifReportLines,
  junit: junitReportLines,
  markdown: (result, ctx) => linesOf(renderMarkdown(result, ctx)),
};

/** Renders a result in one of {@link OUTPUT_FORMATS}. */
export function renderReport(format: OutputFormat, result: ScanResult, ctx: ReportContext): string {
  return REPORTERS[format](result, ctx);
}

/** {@link renderReport}, one line at a time (without line ends), for output written as it is made. */
export function reportLines(format: OutputFormat, result: ScanResult, ctx: ReportContext): Iterable<string> {
  return LINE_REPORTERS[format](result, ctx);
}

/** The lines of a text that ends with a line end. */
function linesOf(text: string): string[] {
  if (!text.endsWith('\n')) throw new Error('a report must end with a line end');
  return text.slice(0, -1).split('\n');
}

export { jsonReportLines, renderJson, renderJunit, renderMarkdown, renderSarif, renderText, textReportLines };
