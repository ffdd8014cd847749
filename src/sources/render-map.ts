/**
 * Mapping objects produced by a renderer (helm template, kustomize build) back to the files they
 * came from, so that findings point into templates, bases and patches instead of a temporary text.
 */
import {
  SPAN_CELLS, type KubeObject, type NodeTable, type RenderedSource, type ScanError, type ScanNote,
} from '../model/index.js';

/** What rendering one chart or overlay yields. */
export interface RenderResult {
  objects: KubeObject[];
  errors: ScanError[];
  notes: ScanNote[];
  /** Files the objects were mapped into, as findings name them. */
  files: string[];
}

/** A range in one of a rendered source's files: file index, line, column, end line, end column. */
export type MappedSpan = readonly [file: number, line: number, column: number, endLine: number, endColumn: number];

/**
 * Builds the {@link RenderedSource} of one rendered object: `spanOf` gives the mapped range of each
 * node of the object's subtree in the rendered document's table.
 */
export function renderedSource(
  table: NodeTable, root: number, via: string, files: readonly string[], spanOf: (node: number) => MappedSpan,
): RenderedSource {
  const end = table.subtreeEnd(root);
  const spans = new Int32Array((end - root) * SPAN_CELLS);
  for (let node = root; node < end; node++) spans.set(spanOf(node), (node - root) * SPAN_CELLS);
  return { type: 'rendered', via, table, root, files, spans };
}

/** The same object with another source. */
export function withSource(obj: KubeObject, source: RenderedSource): KubeObject {
  return { ...obj, source };
}

/** A template line split into what the matcher compares. */
interface TemplateLine {
  text: string;
  /** Literal text before the first `{{` (the whole line when it has none). */
  prefix: string;
  hasAction: boolean;
  /** Whether the line's first action writes output (not if/end/range/with/define, an assignment or a comment). */
  outputs: boolean;
  /** 1-based column of the first non-blank character. */
  indentColumn: number;
}

const CONTROL_ACTION = /^\{\{-?\s*(?:if|else|end|range|with|define|block|break|continue|\/\*|\$[\w]*\s*:?=)/;

function templateLine(raw: string): TemplateLine {
  const text = raw.replace(/\s+$/, '');
  const action = text.indexOf('{{');
  const prefix = action < 0 ? text : text.slice(0, action);
  const indent = text.length - text.trimStart().length;
  return {
    text, prefix, hasAction: action >= 0,
    outputs: action >= 0 && !CONTROL_ACTION.test(text.slice(action)),
    indentColumn: indent + 1,
  };
}

/** Line scores: an identical line is an anchor; a line matching a template line's literal start is a weaker one. */
const EXACT = 3;
const PREFIX = 2;
const WEAK_PREFIX = 1;
/** Above this many cells the alignment falls back to a greedy forward scan (memory and time). */
const MAX_DP_CELLS = 4_000_000;

function score(rendered: string, t: TemplateLine): number {
  if (rendered === '' || t.text === '') return 0;
  if (!t.hasAction) return rendered === t.text ? EXACT : 0;
  // `image: "{{ .Values.image }}"` renders to `image: "nginx:1.27"`: the literal start still matches.
  if (t.prefix.trim() === '' || !rendered.startsWith(t.prefix)) return 0;
  return /\w/.test(t.prefix) ? PREFIX : WEAK_PREFIX;
}

/**
 * Where each line of a rendered document came from in its template.
 *
 * Helm writes template text through unchanged, so the lines of a rendered object that are literal
 * template text (or start with the literal text before a `{{ ... }}`) can be found in the template
 * again. The alignment is a weighted longest common subsequence of the two line lists: matched
 * lines keep their column. Every other rendered line came from an action (`toYaml`, `include`,
 * a loop's further iterations): it maps to the first template line between the surrounding matched
 * lines whose action writes output (`{{ toYaml .Values.x | nindent 8 }}`), or else to the matched
 * line before it, at that line's first non-blank column. This is an approximation: lines written
 * by an included helper point at the `include`, not into `_helpers.tpl`, and the second and later
 * iterations of a `range` point at the first.
 */
export class TemplateAlignment {
  private readonly tpl: TemplateLine[];
  /** Template line (1-based) of each rendered line (0-based index). */
  private readonly lineOf: Int32Array;
  /** 1 where the rendered line matched its template line, so its columns carry over. */
  private readonly matched: Uint8Array;

  constructor(template: string, rendered: readonly string[]) {
    this.tpl = template.split('\n').map(templateLine);
    const r = rendered.map((l) => l.replace(/\s+$/, ''));
    const match = this.tpl.length * r.length <= MAX_DP_CELLS ? this.lcs(r) : this.greedy(r);
    this.lineOf = new Int32Array(r.length);
    this.matched = new Uint8Array(r.length);
    let prev = -1;
    for (let i = 0; i < r.length; i++) {
      if (match[i]! >= 0) {
        this.lineOf[i] = match[i]! + 1;
        this.matched[i] = 1;
        prev = match[i]!;
        continue;
      }
      let next = this.tpl.length;
      for (let k = i + 1; k < r.length; k++) if (match[k]! >= 0) { next = match[k]!; break; }
      let target = -1;
      for (let j = prev + 1; j < next; j++) if (this.tpl[j]!.outputs) { target = j; break; }
      if (target < 0) target = prev >= 0 ? prev : next < this.tpl.length ? next : 0;
      this.lineOf[i] = target + 1;
    }
  }

  /** Template line and column of a 1-based rendered position. */
  position(line: number, column: number): { line: number; column: number } {
    const i = Math.min(Math.max(line - 1, 0), this.lineOf.length - 1);
    const tLine = this.lineOf[i] ?? 1;
    const t = this.tpl[tLine - 1];
    if (!t) return { line: tLine, column: 1 };
    if (this.matched[i]) return { line: tLine, column: Math.min(column, t.text.length + 1) };
    return { line: tLine, column: t.indentColumn };
  }

  /** Template line of a 1-based rendered line, with the column just past its end. */
  lineEnd(line: number): { line: number; column: number } {
    const i = Math.min(Math.max(line - 1, 0), this.lineOf.length - 1);
    const tLine = this.lineOf[i] ?? 1;
    return { line: tLine, column: (this.tpl[tLine - 1]?.text.length ?? 0) + 1 };
  }

  /** Template line index matched by each rendered line, -1 for none: weighted LCS. */
  private lcs(r: readonly string[]): Int32Array {
    const n = r.length;
    const m = this.tpl.length;
    const w = m + 1;
    const dp = new Int32Array((n + 1) * w);
    for (let i = 1; i <= n; i++) {
      for (let j = 1; j <= m; j++) {
        const s = score(r[i - 1]!, this.tpl[j - 1]!);
        let best = Math.max(dp[(i - 1) * w + j]!, dp[i * w + j - 1]!);
        if (s > 0) best = Math.max(best, dp[(i - 1) * w + j - 1]! + s);
        dp[i * w + j] = best;
      }
    }
    const match = new Int32Array(n).fill(-1);
    let i = n;
    let j = m;
    while (i > 0 && j > 0) {
      const here = dp[i * w + j]!;
      const s = score(r[i - 1]!, this.tpl[j - 1]!);
      if (s > 0 && here === dp[(i - 1) * w + j - 1]! + s) {
        match[i - 1] = j - 1;
        i--;
        j--;
      } else if (here === dp[(i - 1) * w + j]!) i--;
      else j--;
    }
    return match;
  }

  /** For huge documents: each rendered line takes the next template line that matches it exactly. */
  private greedy(r: readonly string[]): Int32Array {
    const match = new Int32Array(r.length).fill(-1);
    let from = 0;
    for (let i = 0; i < r.length; i++) {
      for (let j = from; j < Math.min(this.tpl.length, from + 200); j++) {
        if (score(r[i]!, this.tpl[j]!) === EXACT) {
          match[i] = j;
          from = j + 1;
          break;
        }
      }
    }
    return match;
  }
}
