import type { ReportContext, ScanResult } from '../model/index.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type Reporter = (result: ScanResult, ctx: ReportContext) => string;

const REPORTERS: Record<OutputFormat, Reporter> = {
  text: renderText,
  json: renderJson,
  sarif: renderJson, // TODO(reporters)
  junit: renderJson, // TODO(reporters)
  markdown: renderJson, // TODO(reporters)
};

export function renderReport(format: OutputFormat, result: ScanResult, ctx: ReportContext): string {
  return REPORTERS[format](result, ctx);
}

export { renderJson, renderText };
