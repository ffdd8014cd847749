/**
 * The kubelet's command line as systemd builds it on a node: the `ExecStart=` of the kubelet unit
 * and its drop-ins, with the `$VARIABLES` it names expanded from `Environment=` lines and
 * `EnvironmentFile=` files (kubeadm's /var/lib/kubelet/kubeadm-flags.env, /etc/default/kubelet,
 * /etc/sysconfig/kubelet), then parsed the way the kubelet's flag library (pflag) does. Every
 * character keeps the file, line and column it came from, so that a flag found here can be
 * reported where it is written.
 */

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

/** One flag in effect: the value pflag ends up with and the occurrence that decides it. */
export interface KubeletFlag {
  value: string;
  origin: FlagOrigin;
}

/** The kubelet's command line, or why there is none. */
export interface KubeletCommandLine {
  /** The `ExecStart=` that starts the kubelet. */
  execStart: FlagOrigin;
  /** Flags in effect, by name without dashes, in order of first appearance. */
  flags: Map<string, KubeletFlag>;
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
 * Boolean flags of the kubelet (cmd/kubelet/app/options): pflag lets them stand alone (`--flag`
 * means true) and never takes the next word as their value. Other flags take the next word when
 * they have no `=`.
 */
const BOOL_FLAGS = new Set([
  'anonymous-auth', 'authentication-token-webhook', 'rotate-certificates', 'rotate-server-certificates',
  'make-iptables-util-chains', 'protect-kernel-defaults', 'seccomp-default', 'fail-swap-on', 'enable-server',
  'enable-debugging-handlers', 'cgroups-per-qos', 'enable-controller-attach-detach', 'register-node',
  'register-schedulable', 'exit-on-lock-contention', 'runonce', 'contention-profiling', 'cpu-cfs-quota',
  'serialize-image-pulls', 'keep-terminated-pod-volumes', 'kernel-memcg-notification', 'local-storage-capacity-isolation',
  'fail-cgroupv1', 'enable-load-reader', 'help', 'version', 'alsologtostderr', 'logtostderr', 'one-output',
  'skip-headers', 'skip-log-headers', 'add-dir-header',
]);

/** String-slice flags: pflag appends repeated occurrences instead of replacing the value. */
const LIST_FLAGS = new Set(['tls-cipher-suites', 'cluster-dns', 'allowed-unsafe-sysctls', 'enforce-node-allocatable']);

class Positions {
  private readonly starts: number[][];
  constructor(readonly files: readonly FlagSourceFile[]) {
    this.starts = files.map((f) => {
      const s = [0];
      for (let i = 0; i < f.text.length; i++) if (f.text[i] === '\n') s.push(i + 1);
      return s;
    });
  }

  at(f: number, o: number): { line: number; column: number } {
    const s = this.starts[f]!;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - s[lo]! + 1 };
  }

  span(first: Ch, last: Ch): FlagOrigin {
    const a = this.at(first.f, first.o);
    const b = this.at(last.f, last.o);
    return { file: this.files[first.f]!.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column + 1 };
  }
}

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
  const positions = () => new Positions(files);
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
  let words = splitWords(execStart.slice(lead));
  // Prefixes of the executable: `-` (ignore failure), `@` (next word is argv[0]), `:`, `+`, `!`, `!!`.
  const first = words[0];
  if (first) {
    const prefix = /^[-@:+!]*/.exec(text(first))![0];
    words[0] = first.slice(prefix.length);
    if (prefix.includes('@')) words.splice(1, 1);
  }
  const pos = positions();
  const execOrigin = pos.span(execStart.find((c) => !isBlank(c.c)) ?? execStart[0]!, execStart[execStart.length - 1]!);
  const binary = words[0] ? text(words[0]) : '';
  if (!/(^|\/)kubelet$/.test(substituteBraced(words[0] ?? [], vars).map((c) => c.c).join('')) && !/(^|\/)kubelet$/.test(binary)) {
    return { problem: `the kubelet unit's ExecStart does not run a kubelet binary (${binary.split('/').pop() ?? ''})` };
  }
  const args: Word[] = [];
  for (const w of words.slice(1)) {
    const s = text(w);
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(s);
    if (whole) args.push(...splitValue(vars.get(whole[1]!) ?? []));
    else args.push(substituteBraced(w, vars));
  }
  words = args;

  const flags = new Map<string, KubeletFlag>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const s = text(w);
    if (s === '--') break;
    if (!s.startsWith('--')) {
      // Shorthands (-v 4): the value may be the next word.
      if (/^-[a-z]$/.test(s) && i + 1 < words.length) i++;
      continue;
    }
    const eq = s.indexOf('=');
    const name = eq >= 0 ? s.slice(2, eq) : s.slice(2);
    if (name === '') continue;
    let value: string;
    let last: Ch = w[w.length - 1]!;
    if (eq >= 0) value = s.slice(eq + 1);
    else if (BOOL_FLAGS.has(name)) value = 'true';
    else if (i + 1 < words.length && !text(words[i + 1]!).startsWith('--')) {
      const next = words[++i]!;
      value = text(next);
      last = next[next.length - 1] ?? last;
    } else value = 'true';
    const before = flags.get(name);
    if (before && LIST_FLAGS.has(name)) value = `${before.value},${value}`;
    // The decisive occurrence is the last one; a re-set flag moves to the end of the order.
    flags.delete(name);
    flags.set(name, { value, origin: pos.span(w[0]!, last.f === w[0]!.f ? last : w[w.length - 1]!) });
  }
  return { execStart: execOrigin, flags, environmentFiles: named };
}
