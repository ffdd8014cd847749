/** A command-line usage mistake: reported in one line with exit code 2, never as a stack trace. */
export class UsageError extends Error {}

export interface OptionSpec {
  /** Long name without dashes, e.g. `fail-on`. */
  name: string;
  short?: string;
  /** Takes a value (`--x v` or `--x=v`); otherwise a boolean flag (`--no-x` turns it off). */
  value?: boolean;
  /** May repeat; values collect in order. */
  repeat?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | boolean | string[]>;
}

/** Parses argv for one command. `-` is a positional (stdin); `--` ends options. */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const positionals: string[] = [];
  const options = new Map<string, string | boolean | string[]>();
  const set = (spec: OptionSpec, value: string | boolean) => {
    if (spec.repeat) {
      const list = (options.get(spec.name) as string[] | undefined) ?? [];
      list.push(String(value));
      options.set(spec.name, list);
    } else options.set(spec.name, value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    let negated = false;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      spec = byLong.get(name);
      if (!spec && name.startsWith('no-')) {
        spec = byLong.get(name.slice(3));
        negated = spec !== undefined && !spec.value;
        if (!negated) spec = undefined;
      }
      if (!spec) throw new UsageError(`unknown option --${name}`);
    } else {
      const short = arg.slice(1, 2);
      spec = byShort.get(short);
      if (!spec) throw new UsageError(`unknown option -${short}`);
      if (arg.length > 2) inline = arg.slice(2);
    }
    if (spec.value) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`option --${spec.name} needs a value`);
      set(spec, value);
    } else {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      set(spec, !negated);
    }
  }
  return { positionals, options };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function listOption(args: ParsedArgs, name: string): string[] {
  const v = args.options.get(name);
  return Array.isArray(v) ? v : [];
}

export function flagOption(args: ParsedArgs, name: string): boolean | undefined {
  const v = args.options.get(name);
  return typeof v === 'boolean' ? v : undefined;
}

/** Checks a value against a fixed set, with a message listing the choices. */
export function choice<T extends string>(value: string | undefined, choices: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} must be one of ${choices.join(', ')} (got "${value}")`);
  }
  return value as T;
}
