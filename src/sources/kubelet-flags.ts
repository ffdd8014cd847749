/**
 * The kubelet's command line as systemd builds it on a node: the `ExecStart=` of the kubelet unit
 * and its drop-ins, with the `$VARIABLES` it names expanded from `Environment=` lines and
 * `EnvironmentFile=` files (kubeadm's /var/lib/kubelet/kubeadm-flags.env, /etc/default/kubelet,
 * /etc/sysconfig/kubelet). The result is the kubelet's argv, not its flags: reading them is the
 * analysis's job, with the same pflag parser as the other components. Every character keeps the
 * file, line and column it came from, so that a flag found here can be reported where it is written.
 */

import { LineIndex } from '../model/index.js';

/** One text file of the node, by its absolute path on the node. */
export interface FlagSourceFile {
  path: string;
  text: string;
}

/** Where a piece of the command line is written: 1-based, end exclusive. */
export interface FlagOrigin {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One word of the kubelet's argv, after systemd's unquoting and variable expansion. */
export interface KubeletArg {
  text: string;
  /** Where the word is written (for a word assembled from several files, its part in the first one). */
  origin: FlagOrigin;
}

/** The kubelet's command line, or why there is none. */
export interface KubeletCommandLine {
  /** The `ExecStart=` that starts the kubelet. */
  execStart: FlagOrigin;
  /** The kubelet's arguments in order, program name excluded; flags are left for the reader to parse. */
  args: KubeletArg[];
  /** `EnvironmentFile=` paths the unit names (those that exist were read). */
  environmentFiles: string[];
}

/** A character of a file with its position: `f` indexes the files, `o` is the offset in its text. */
interface Ch {
  c: string;
  f: number;
  o: number;
}

/** A word after quote removal, its characters still carrying their origin. */
type Word = Ch[];

const text = (w: readonly Ch[]): string => w.map((x) => x.c).join('');
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * Logical lines of a systemd unit: comments and blank lines dropped, a trailing backslash joining
 * the next line with a space (comment lines inside a continuation are skipped, as systemd does).
 */
function unitLines(file: FlagSourceFile, f: number): Ch[][] {
  const out: Ch[][] = [];
  const raw = file.text.split('\n');
  let offset = 0;
  let current: Ch[] | undefined;
  for (const line of raw) {
    const start = offset;
    offset += line.length + 1;
    const body = line.endsWith('\r') ? line.slice(0, -1) : line;
    const trimmed = body.trimStart();
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (current === undefined && trimmed === '') continue;
    const chars: Ch[] = [...body].map((c, i) => ({ c, f, o: start + i }));
    const continued = body.trimEnd().endsWith('\\');
    if (continued) {
      const cut = body.trimEnd().length - 1;
      chars.length = cut;
      chars.push({ c: ' ', f, o: start + cut });
    }
    current = current ? current.concat(chars) : chars;
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}

/** systemd's word splitting (extract_first_word with unquoting): quotes removed, backslash escapes one character. */
function splitWords(chars: readonly Ch[]): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && isBlank(chars[i]!.c)) i++;
    if (i >= chars.length) break;
    const w: Word = [];
    let quote: string | undefined;
    for (; i < chars.length; i++) {
      const ch = chars[i]!;
      if (quote) {
        if (ch.c === quote) quote = undefined;
        else if (ch.c === '\\' && quote === '"' && i + 1 < chars.length) w.push(chars[++i]!);
        else w.push(ch);
      } else if (isBlank(ch.c)) break;
      else if (ch.c === '"' || ch.c === "'") quote = ch.c;
      else if (ch.c === '\\' && i + 1 < chars.length) w.push(chars[++i]!);
      else w.push(ch);
    }
    words.push(w);
  }
  return words;
}

/**
 * A systemd environment file (`EnvironmentFile=`): `NAME=value` lines, `#` and `;` comment lines,
 * single- or double-quoted values (which may span lines), backslash escapes and continuations,
 * unquoted trailing blanks dropped. Later assignments win.
 */
export function parseEnvFile(file: FlagSourceFile, f = 0): Map<string, Ch[]> {
  const vars = new Map<string, Ch[]>();
  const t = file.text;
  let i = 0;
  const n = t.length;
  while (i < n) {
    while (i < n && (isBlank(t[i]) || t[i] === '\n' || t[i] === '\r')) i++;
    if (i >= n) break;
    if (t[i] === '#' || t[i] === ';') {
      while (i < n && t[i] !== '\n') i++;
      continue;
    }
    const keyStart = i;
    while (i < n && t[i] !== '=' && t[i] !== '\n') i++;
    if (t[i] !== '=') continue;
    const key = t.slice(keyStart, i).trim();
    i++;
    while (i < n && isBlank(t[i])) i++;
    const value: Ch[] = [];
    let lastSignificant = 0;
    while (i < n && t[i] !== '\n') {
      const c = t[i]!;
      if (c === "'") {
        i++;
        while (i < n && t[i] !== "'") value.push({ c: t[i]!, f, o: i++ });
        i++;
        lastSignificant = value.length;
      } else if (c === '"') {
        i++;
        while (i < n && t[i] !== '"') {
          if (t[i] === '\\' && i + 1 < n) {
            const next = t[i + 1]!;
            if (next === '\n') {
              i += 2;
              continue;
            }
            if ('"\\`$'.includes(next)) {
              value.push({ c: next, f, o: i + 1 });
              i += 2;
              continue;
            }
          }
          value.push({ c: t[i]!, f, o: i++ });
        }
        i++;
        lastSignificant = value.length;
      } else if (c === '\\' && i + 1 < n) {
        if (t[i + 1] === '\n') i += 2;
        else {
          value.push({ c: t[i + 1]!, f, o: i + 1 });
          i += 2;
          lastSignificant = value.length;
        }
      } else {
        if (c !== '\r') value.push({ c, f, o: i });
        if (!isBlank(c) && c !== '\r') lastSignificant = value.length;
        i++;
      }
    }
    value.length = lastSignificant;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) vars.set(key, value);
  }
  return vars;
}

/** Splits a variable's value at blanks and newlines, as systemd does for a lone `$NAME` argument. */
function splitValue(value: readonly Ch[]): Word[] {
  const out: Word[] = [];
  let w: Word = [];
  for (const ch of value) {
    if (isBlank(ch.c) || ch.c === '\n' || ch.c === '\r') {
      if (w.length > 0) out.push(w);
      w = [];
    } else w.push(ch);
  }
  if (w.length > 0) out.push(w);
  return out;
}

/** systemd's `${NAME}` substitution inside a word (no splitting); unknown variables become empty. */
function substituteBraced(word: Word, vars: ReadonlyMap<string, Ch[]>): Word {
  const s = text(word);
  if (!s.includes('${')) return word;
  const out: Word = [];
  let i = 0;
  while (i < word.length) {
    if (s[i] === '$' && s[i + 1] === '{') {
      const end = s.indexOf('}', i + 2);
      if (end > 0) {
        const name = s.slice(i + 2, end);
        out.push(...(vars.get(name) ?? []));
        i = end + 1;
        continue;
      }
    }
    out.push(word[i]!);
    i++;
  }
  return out;
}

/**
 * Builds the kubelet's command line from its unit files. `units` come in systemd's order (the main
 * unit, then drop-ins by file name); `readFile` returns an `EnvironmentFile=` by node path, or
 * undefined when it is missing or unreadable. Returns a reason instead when no unit starts a kubelet.
 */
export function kubeletCommandLine(
  units: readonly FlagSourceFile[],
  readFile: (nodePath: string) => FlagSourceFile | undefined,
): KubeletCommandLine | { problem: string } {
  const files: FlagSourceFile[] = [];
  let execStart: Ch[] | undefined;
  let environment: [string, Ch[]][] = [];
  let environmentFiles: string[] = [];
  for (const unit of units) {
    const f = files.push(unit) - 1;
    let section = '';
    for (const line of unitLines(unit, f)) {
      const s = text(line).trim();
      if (s.startsWith('[')) {
        section = s;
        continue;
      }
      if (section !== '[Service]') continue;
      const eq = s.indexOf('=');
      if (eq < 0) continue;
      const key = s.slice(0, eq).trim();
      const lead = text(line).indexOf('=') + 1;
      const value = line.slice(lead);
      const empty = text(value).trim() === '';
      if (key === 'ExecStart') execStart = empty ? undefined : line;
      else if (key === 'Environment') {
        // An empty assignment clears the list; each word is one NAME=value, quotes removed.
        if (empty) environment = [];
        for (const w of splitWords(value)) {
          const at = text(w).indexOf('=');
          if (at > 0) environment.push([text(w).slice(0, at), w.slice(at + 1)]);
        }
      } else if (key === 'EnvironmentFile') {
        if (empty) environmentFiles = [];
        else environmentFiles.push(text(value).trim());
      }
    }
  }
  if (!execStart) return { problem: units.length === 0 ? 'no kubelet systemd unit' : 'the kubelet unit has no ExecStart' };

  // EnvironmentFile= settings override Environment= ones; later files override earlier ones.
  const vars = new Map<string, Ch[]>(environment);
  const named: string[] = [];
  for (const entry of environmentFiles) {
    const p = entry.startsWith('-') ? entry.slice(1) : entry;
    named.push(p);
    const file = readFile(p);
    if (!file) continue;
    const f = files.push(file) - 1;
    for (const [k, v] of parseEnvFile(file, f)) vars.set(k, v);
  }

  const lead = text(execStart).indexOf('=') + 1;
  const words = splitWords(execStart.slice(lead));
  // Prefixes of the executable: `-` (ignore failure), `@` (next word is argv[0]), `:`, `+`, `!`, `!!`.
  const first = words[0];
  if (first) {
    const prefix = /^[-@:+!]*/.exec(text(first))![0];
    words[0] = first.slice(prefix.length);
    if (prefix.includes('@')) words.splice(1, 1);
  }
  const lines = files.map((file) => {
    const starts = [0];
    for (let i = 0; i < file.text.length; i++) if (file.text[i] === '\n') starts.push(i + 1);
    return new LineIndex(starts);
  });
  const span = (from: Ch, to: Ch): FlagOrigin => {
    const x = lines[from.f]!.position(from.o);
    const y = lines[to.f]!.position(to.o);
    return { file: files[from.f]!.path, line: x.line, column: x.column, endLine: y.line, endColumn: y.column + 1 };
  };
  const execOrigin = span(execStart.find((c) => !isBlank(c.c)) ?? execStart[0]!, execStart[execStart.length - 1]!);
  // A word that `${...}` assembled from other places is reported by the part written where it starts.
  const origin = (w: Word): FlagOrigin => {
    const from = w[0]!;
    let to = from;
    for (const c of w) if (c.f === from.f && c.o > to.o) to = c;
    return span(from, to);
  };
  const binary = words[0] ? text(words[0]) : '';
  if (!/(^|\/)kubelet$/.test(substituteBraced(words[0] ?? [], vars).map((c) => c.c).join('')) && !/(^|\/)kubelet$/.test(binary)) {
    return { problem: `the kubelet unit's ExecStart does not run a kubelet binary (${binary.split('/').pop() ?? ''})` };
  }
  const args: KubeletArg[] = [];
  for (const w of words.slice(1)) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(text(w));
    if (whole) {
      for (const part of splitValue(vars.get(whole[1]!) ?? [])) args.push({ text: text(part), origin: origin(part) });
      continue;
    }
    const word = substituteBraced(w, vars);
    // An empty argument (`""`, an unset `${NAME}`) is still one: it points where it is written.
    const at = word.length > 0 ? word : w.length > 0 ? w : undefined;
    args.push({ text: text(word), origin: at ? origin(at) : execOrigin });
  }
  return { execStart: execOrigin, args, environmentFiles: named };
}
