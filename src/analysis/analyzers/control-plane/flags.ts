import type { Path } from '../../../model/index.js';

/**
 * How a component reads its command line. Kubernetes components use spf13/pflag: `--name[=value]`,
 * `--name value` for non-boolean flags, flags and positionals interleaved, `_` read as `-` (the
 * component-base word-separator normaliser), and a single dash starting shorthand letters. etcd uses
 * Go's standard `flag` package: one or two dashes alike, and parsing stops at the first positional.
 */
export type FlagSyntax = 'pflag' | 'goflag';

/** One element of a container's command line (`command` then `args`), with where it is written. */
export interface ArgToken {
  text: string;
  path: Path;
}

/** One flag as written on the command line. */
export interface FlagOccurrence {
  /** The flag name without dashes, normalised as the component normalises it. */
  name: string;
  /** The value, or undefined for a bare boolean (`--client-cert-auth`). */
  value: string | undefined;
  /** Where the flag token is written. */
  path: Path;
  /** Where the value is written: the flag token itself (`--x=v`, bare) or the next one (`--x v`). */
  valuePath: Path;
}

/** Something on the command line that makes the component refuse to start. */
export interface FlagProblem {
  message: string;
  path: Path;
}

export interface FlagSpec {
  syntax: FlagSyntax;
  /** Boolean flags of the component: they never take the next argument as their value. */
  booleans: ReadonlySet<string>;
}

/** Go's strconv.ParseBool, which both pflag and the standard flag package use. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** A boolean flag's effective value. */
export interface BoolFlag {
  /** The value the component runs with; undefined when the flag is absent or its value unreadable. */
  value: boolean | undefined;
  /** The decisive occurrence (the last one), when the flag is written. */
  occurrence?: FlagOccurrence;
  /** Set when the written value is not a Go boolean: the component refuses to start. */
  invalid?: string;
}

/** The parsed command line of one component. */
export class FlagSet {
  private readonly byName = new Map<string, FlagOccurrence[]>();

  constructor(
    readonly occurrences: readonly FlagOccurrence[],
    readonly positionals: readonly ArgToken[],
    readonly problems: readonly FlagProblem[],
  ) {
    for (const occ of occurrences) {
      let list = this.byName.get(occ.name);
      if (!list) this.byName.set(occ.name, (list = []));
      list.push(occ);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Every occurrence of a flag, in order. */
  all(name: string): readonly FlagOccurrence[] {
    return this.byName.get(name) ?? [];
  }

  /** The occurrence that decides a scalar flag: the last one (each `Set` overwrites the value). */
  last(name: string): FlagOccurrence | undefined {
    const list = this.byName.get(name);
    return list?.[list.length - 1];
  }

  /** A scalar flag's value: the last occurrence's, `'true'` for a bare flag. */
  string(name: string): { value: string; occurrence: FlagOccurrence } | undefined {
    const occ = this.last(name);
    return occ ? { value: occ.value ?? 'true', occurrence: occ } : undefined;
  }

  bool(name: string): BoolFlag {
    const occ = this.last(name);
    if (!occ) return { value: undefined };
    if (occ.value === undefined) return { value: true, occurrence: occ };
    const value = parseGoBool(occ.value);
    return value === undefined ? { value: undefined, occurrence: occ, invalid: occ.value } : { value, occurrence: occ };
  }

  /**
   * A string-slice flag (`--authorization-mode`, `--enable-admission-plugins`...): pflag's first
   * `Set` replaces the default and every later one appends, so repeated flags add up. Values are
   * split at commas and not trimmed (pflag reads them as one CSV record).
   */
  list(name: string): { values: string[]; items: { value: string; occurrence: FlagOccurrence }[] } | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    const items: { value: string; occurrence: FlagOccurrence }[] = [];
    for (const occ of list) {
      const text = occ.value ?? '';
      if (text === '') continue;
      for (const value of text.split(',')) items.push({ value, occurrence: occ });
    }
    return { values: items.map((i) => i.value), items };
  }

  /**
   * A `key=bool` map flag (`--feature-gates`): every occurrence is merged in, later keys win.
   * Entries that do not parse are left out.
   */
  boolMap(name: string): Map<string, { value: boolean; occurrence: FlagOccurrence }> {
    const out = new Map<string, { value: boolean; occurrence: FlagOccurrence }>();
    for (const occ of this.all(name)) {
      for (const pair of (occ.value ?? '').split(',')) {
        const eq = pair.indexOf('=');
        if (eq < 0) continue;
        const value = parseGoBool(pair.slice(eq + 1).trim());
        if (value !== undefined) out.set(pair.slice(0, eq).trim(), { value, occurrence: occ });
      }
    }
    return out;
  }
}

/**
 * Parses a component's arguments (without the program name) exactly as its flag library would.
 * A flag we do not know to be boolean takes the next argument as its value unless that argument
 * starts with `-`: a bare boolean we have no list for is far more common than a value starting
 * with a dash.
 */
export function parseFlags(tokens: readonly ArgToken[], spec: FlagSpec): FlagSet {
  const occurrences: FlagOccurrence[] = [];
  const positionals: ArgToken[] = [];
  const problems: FlagProblem[] = [];
  const normalise = (name: string) => (spec.syntax === 'pflag' ? name.replace(/_/g, '-') : name);

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const text = tok.text;
    if (text === '--') {
      positionals.push(...tokens.slice(i + 1));
      break;
    }
    const dashes = text.startsWith('--') ? 2 : text.startsWith('-') && text.length > 1 ? 1 : 0;
    if (dashes === 0) {
      positionals.push(tok);
      // Go's flag package stops at the first non-flag argument; the rest are positionals too.
      if (spec.syntax === 'goflag') {
        positionals.push(...tokens.slice(i + 1));
        break;
      }
      continue;
    }
    if (dashes === 1 && spec.syntax === 'pflag') {
      // pflag reads `-abc` as the shorthands a, b, c; control-plane components define only `-v`.
      const body = text.slice(1);
      const letter = body[0]!;
      if (letter === 'v') {
        const rest = body.slice(1).replace(/^=/, '');
        if (rest !== '') occurrences.push({ name: 'v', value: rest, path: tok.path, valuePath: tok.path });
        else if (i + 1 < tokens.length) {
          occurrences.push({ name: 'v', value: tokens[i + 1]!.text, path: tok.path, valuePath: tokens[i + 1]!.path });
          i++;
        } else problems.push({ message: `flag needs an argument: ${text}`, path: tok.path });
      } else {
        problems.push({ message: `"${text}" is read as shorthand flags (one dash); write --${body.split('=')[0]}`, path: tok.path });
      }
      continue;
    }
    const body = text.slice(dashes);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) {
      problems.push({ message: `bad flag syntax: ${text}`, path: tok.path });
      continue;
    }
    const eq = body.indexOf('=');
    const name = normalise(eq >= 0 ? body.slice(0, eq) : body);
    if (eq >= 0) {
      occurrences.push({ name, value: body.slice(eq + 1), path: tok.path, valuePath: tok.path });
      continue;
    }
    if (spec.booleans.has(name)) {
      occurrences.push({ name, value: undefined, path: tok.path, valuePath: tok.path });
      continue;
    }
    const next = tokens[i + 1];
    if (next === undefined || (next.text.startsWith('-') && next.text.length > 1)) {
      occurrences.push({ name, value: undefined, path: tok.path, valuePath: tok.path });
      continue;
    }
    occurrences.push({ name, value: next.text, path: tok.path, valuePath: next.path });
    i++;
  }
  for (const p of positionals) {
    problems.push({ message: `unexpected argument "${p.text}": the component takes no positional arguments and refuses to start`, path: p.path });
  }
  return new FlagSet(occurrences, positionals, problems);
}
