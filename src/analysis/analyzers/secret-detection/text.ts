/**
 * Light reading of embedded files and command lines for credentials: `.properties`, `.env`,
 * INI/TOML/HCL, YAML and JSON (one key per line, or minified), XML elements and attributes,
 * shell assignments and `--flag=value` / `--flag value` arguments. No format is parsed fully:
 * each line is read for `key <sep> value` pairs, which are judged by name and value like any
 * other pair, and then for credentials that announce themselves anywhere in the line.
 */
import { assessCredential, safeLabel, type CredentialMatch } from './credential.js';
import { detectValue, findPrivateKey } from './values.js';

/** A credential on one line of a text. */
export interface TextMatch extends CredentialMatch {
  /** 1-based line in the text. */
  line: number;
  /** The key it is under, when it is one and safe to print ({@link safeLabel}). */
  key?: string;
}

/** How much of a text is read: ConfigMaps are at most 1 MiB, and no line is a credential past that. */
const MAX_CHARS = 1 << 20;
const MAX_LINES = 20_000;

interface Pair {
  key: string;
  value: string;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'" || t[0] === '`') && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

const JSON_PAIR = /"((?:[^"\\]|\\.)+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const FLOW_PAIR = /[{,]\s*([A-Za-z_][\w.-]*)\s*:\s+("[^"]*"|'[^']*'|[^,}]+)/g;
const XML_ELEMENT = /<([A-Za-z_][\w.:-]*)(?:\s[^>]*)?>([^<]*)<\/\1\s*>/g;
const XML_ADD = /<add\s+key\s*=\s*"([^"]+)"\s+value\s*=\s*"([^"]*)"/gi;
const XML_ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/g;
const ASSIGNMENT = /^\s*(?:export\s+|set\s+|-\s+)?(["']?)([A-Za-z_][\w.\-[\]]*)\1\s*(?:=>|:=|=|:(?!\/\/))\s*(.*?)\s*$/;
const SHELL_ASSIGNMENT = /(?:^|[\s;&|("'])([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|)"']+)/g;
const FLAG = /(?:^|\s)--?([A-Za-z][\w.-]*)(?:=|\s+(?!-))("[^"]*"|'[^']*'|[^\s"']+)/g;
const SPACED = /^\s*([A-Za-z_][\w.-]*)\s+("[^"]*"|'[^']*'|[^\s"';]+);?\s*$/;
const AUTH_HEADER = /\bAuthorization["']?\s*[:=]?\s*["']?(?:Basic|Bearer|Token)\s+([A-Za-z0-9._~+/=-]{8,})/i;

/** Every `key <sep> value` pair a line may hold, most specific forms first. */
function pairsOf(line: string, properties: boolean): Pair[] {
  const pairs: Pair[] = [];
  const auth = AUTH_HEADER.exec(line);
  if (auth) pairs.push({ key: 'authorization', value: auth[1]! });
  if (line.includes('"') && line.includes(':')) {
    for (const m of line.matchAll(JSON_PAIR)) pairs.push({ key: m[1]!, value: m[2]! });
  }
  if (line.includes('{')) {
    for (const m of line.matchAll(FLOW_PAIR)) pairs.push({ key: m[1]!, value: unquote(m[2]!) });
  }
  if (line.includes('<')) {
    for (const m of line.matchAll(XML_ADD)) pairs.push({ key: m[1]!, value: m[2]! });
    for (const m of line.matchAll(XML_ELEMENT)) pairs.push({ key: m[1]!, value: m[2]! });
    if (line.trimStart().startsWith('<')) for (const m of line.matchAll(XML_ATTRIBUTE)) pairs.push({ key: m[1]!, value: m[2]! });
  }
  const a = ASSIGNMENT.exec(line);
  if (a) {
    let value = a[3]!;
    const quoted = /^["'`]/.test(value);
    // A trailing ` # comment` ends an unquoted YAML, shell, TOML or INI value, but not a .properties one.
    if (!quoted && !properties) value = value.replace(/\s+#.*$/, '');
    value = unquote(value.replace(/\s*[,;]$/, ''));
    pairs.push({ key: a[2]!, value });
  }
  if (line.includes('=')) for (const m of line.matchAll(SHELL_ASSIGNMENT)) pairs.push({ key: m[1]!, value: unquote(m[2]!) });
  if (line.includes('-')) for (const m of line.matchAll(FLAG)) pairs.push({ key: m[1]!, value: unquote(m[2]!) });
  const s = SPACED.exec(line);
  if (s) pairs.push({ key: s[1]!, value: unquote(s[2]!) });
  return pairs;
}

/** A line with its comment marker removed: commented-out credentials are still in the file. */
function uncomment(line: string): string {
  return line.replace(/^\s*(?:#+|\/\/+|;+|<!--)\s?/, '').replace(/\s*-->\s*$/, '');
}

/** Ranges of lines ([first, last], 0-based) taken by PEM private keys, with the line each starts on. */
function privateKeyBlocks(text: string, lineOf: (offset: number) => number): { first: number; last: number; encrypted: boolean }[] {
  const blocks: { first: number; last: number; encrypted: boolean }[] = [];
  let offset = 0;
  while (offset < text.length) {
    const found = findPrivateKey(text.slice(offset));
    if (!found) break;
    const start = offset + found.index;
    const endMarker = text.indexOf('-----END', start);
    const endLine = endMarker >= 0 ? text.indexOf('\n', endMarker) : -1;
    const end = endLine >= 0 ? endLine : endMarker >= 0 ? text.length : start + 1;
    blocks.push({ first: lineOf(start), last: lineOf(Math.max(start, end - 1)), encrypted: found.encrypted });
    offset = Math.max(end, start + 1);
  }
  return blocks;
}

/**
 * Credentials in a text, one per line at most, in line order. `fileName` (the ConfigMap key, e.g.
 * `application.properties`) only adjusts how comments are read. Never returns any of the text.
 */
export function scanText(text: string, fileName = ''): TextMatch[] {
  const body = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const lines = body.split('\n');
  if (lines.length > MAX_LINES) lines.length = MAX_LINES;
  const starts: number[] = [];
  let pos = 0;
  for (const l of lines) {
    starts.push(pos);
    pos += l.length + 1;
  }
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const properties = /\.properties$/i.test(fileName);
  const out: TextMatch[] = [];
  const taken = new Set<number>();
  for (const b of privateKeyBlocks(body, lineOf)) {
    out.push({ kind: 'private-key', what: b.encrypted ? 'an encrypted PEM private key' : 'a PEM private key', basis: 'value', line: b.first + 1 });
    for (let i = b.first; i <= b.last; i++) taken.add(i);
  }
  lines.forEach((raw, i) => {
    if (taken.has(i)) return;
    const line = uncomment(raw.replace(/\r$/, ''));
    if (line.trim() === '') return;
    for (const p of pairsOf(line, properties)) {
      const m = assessCredential(p.key, p.value);
      if (!m) continue;
      const key = safeLabel(p.key);
      out.push({ ...m, line: i + 1, ...(key !== undefined ? { key } : {}) });
      return;
    }
    const v = detectValue(line);
    if (v) out.push({ kind: v.kind, what: v.what, basis: 'value', line: i + 1 });
  });
  return out.sort((a, b) => a.line - b.line);
}
