import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import {
  isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument,
  type Document, type Node as YamlNode, type YAMLMap,
} from 'yaml';
import {
  AREAS, emptyConfig, isArea, isSeverity, SEVERITIES,
  type ConfigException, type KubewardConfig, type RuleSetting, type ScanError, type Severity,
} from '../model/index.js';
import { CONFIG_FILE_NAMES, decodeManifest } from './files.js';

/** Top-level keys of `.kubeward.yaml`. */
export const CONFIG_KEYS = ['failOn', 'areas', 'rules', 'exclude', 'exceptions'] as const;
const RULE_SETTING_KEYS = ['enabled', 'severity', 'options'] as const;
const AREA_SETTING_KEYS = ['enabled'] as const;
const EXCEPTION_KEYS = ['rule', 'namespace', 'kind', 'name', 'reason'] as const;

/** The nearest config file (`.kubeward.yaml` or `.kubeward.yml`) in `startDir` or its parents. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A validated config and every mistake found in it; the config keeps only the valid parts. */
export interface LoadedConfig {
  config: KubewardConfig;
  errors: ScanError[];
}

/**
 * Reads and validates a config file (format in docs/configuration.md). Mistakes come back as
 * errors with line and column; the config keeps what is valid.
 *
 * @param knownRuleIds ids of every rule, to catch misspelt ones.
 * @throws Error with a one-line reason when the file cannot be read at all.
 */
export function loadConfigFile(file: string, knownRuleIds: readonly string[], displayName = file): LoadedConfig {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(readFailure(e), { cause: e });
  }
  const decodeErrors: ScanError[] = [];
  const text = decodeManifest(bytes, displayName, decodeErrors);
  if (text === undefined) {
    const config = emptyConfig();
    config.file = displayName;
    return { config, errors: decodeErrors };
  }
  return parseConfig(text, knownRuleIds, displayName);
}

function readFailure(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return (e as NodeJS.ErrnoException).code ?? String((e as Error)?.message ?? e);
  }
}

/** Validates config text; see {@link loadConfigFile}. */
export function parseConfig(text: string, knownRuleIds: readonly string[], displayName: string): LoadedConfig {
  const config = emptyConfig();
  config.file = displayName;
  const errors: ScanError[] = [];
  const lineCounter = new LineCounter();
  // Duplicate keys are found below, so that they get a message that names the key.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    // A document that does not parse is not used at all: a half-read config could turn off the
    // wrong rules or suppress the wrong findings. Later syntax errors often follow from the first.
    const e = doc.errors[0]!;
    const what = e.code === 'MULTIPLE_DOCS' ? 'a config file holds one YAML document, this one has more' : e.message.split('\n')[0];
    errors.push({ file: displayName, ...at(e.pos[0]), message: `invalid YAML: ${what}; the config file is ignored` });
    return { config, errors };
  }
  new ConfigValidator(doc, knownRuleIds, displayName, at, config, errors).run();
  // Sections are checked one after another; users read the mistakes top to bottom.
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { config, errors };
}

type Position = (offset: number) => { line: number; column: number };

class ConfigValidator {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly knownRuleIds: readonly string[],
    private readonly file: string,
    private readonly at: Position,
    private readonly config: KubewardConfig,
    private readonly errors: ScanError[],
  ) {}

  private error(node: YamlNode | null | undefined, message: string, fallback?: YamlNode | null): void {
    const offset = node?.range?.[0] ?? fallback?.range?.[0] ?? 0;
    this.errors.push({ file: this.file, ...this.at(offset), message });
  }

  /** Follows aliases, so `rules: *shared` reads like the anchored node. */
  private resolve(node: unknown): YamlNode | null {
    let cur = node as YamlNode | null;
    for (let hops = 0; cur && isAlias(cur) && hops < 100; hops++) cur = (cur.resolve(this.doc) as YamlNode | undefined) ?? null;
    return cur && isAlias(cur) ? null : cur;
  }

  /** Entries of a mapping with string keys; reports non-string and duplicate keys. */
  private entries(map: YAMLMap, where: string): { key: string; keyNode: YamlNode; value: YamlNode | null }[] {
    const out: { key: string; keyNode: YamlNode; value: YamlNode | null }[] = [];
    const seen = new Set<string>();
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      const keyNode = this.resolve(pair.key);
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object' || typeof keyNode.value === 'symbol') {
        this.error(keyNode, `${where}: keys must be plain names`, map);
        continue;
      }
      const key = String(keyNode.value);
      if (seen.has(key)) {
        this.error(keyNode, `${where}: duplicate key "${key}"; the first one is used`);
        continue;
      }
      seen.add(key);
      out.push({ key, keyNode, value: this.resolve(pair.value) });
    }
    return out;
  }

  run(): void {
    const root = this.resolve(this.doc.contents);
    if (root === null || (isScalar(root) && root.value === null)) return;
    if (!isMap(root)) {
      this.error(root, `the config must be a mapping with the keys ${CONFIG_KEYS.join(', ')}`);
      return;
    }
    for (const { key, keyNode, value } of this.entries(root, 'config')) {
      switch (key) {
        case 'failOn': {
          const s = this.severity(value, keyNode, 'failOn');
          if (s) this.config.failOn = s;
          break;
        }
        case 'areas': this.areas(value, keyNode); break;
        case 'rules': this.rules(value, keyNode); break;
        case 'exclude': this.exclude(value, keyNode); break;
        case 'exceptions': this.exceptions(value, keyNode); break;
        default:
          this.error(keyNode, `unknown key "${key}"${didYouMean(key, CONFIG_KEYS)}; the keys are ${CONFIG_KEYS.join(', ')}`);
      }
    }
  }

  private severity(node: YamlNode | null, keyNode: YamlNode, where: string): Severity | undefined {
    const value = isScalar(node) ? node.value : undefined;
    if (isSeverity(value)) return value;
    const what = isScalar(node) && node.value !== null ? `invalid severity "${String(node.value)}"` : 'no severity given';
    const hint = typeof value === 'string' ? didYouMean(value, SEVERITIES) : '';
    this.error(node, `${where}: ${what}${hint}; expected one of ${SEVERITIES.join(', ')}`, keyNode);
    return undefined;
  }

  /** `on`/`off`/`true`/`false`, or undefined (reported) for anything else. */
  private switchValue(node: YamlNode | null, keyNode: YamlNode, where: string, expected: string): boolean | undefined {
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'boolean') return v;
      if (v === 'on' || v === 'true') return true;
      if (v === 'off' || v === 'false') return false;
    }
    const shown = isScalar(node) && node.value !== null ? ` "${String(node.value)}"` : '';
    this.error(node, `${where}: invalid value${shown}; expected ${expected}`, keyNode);
    return undefined;
  }

  private areas(node: YamlNode | null, keyNode: YamlNode): void {
    if (!isMap(node)) {
      this.error(node, `areas must be a mapping of area names (${AREAS.join(', ')}) to on or off`, keyNode);
      return;
    }
    for (const { key, keyNode: areaKey, value } of this.entries(node, 'areas')) {
      if (!isArea(key)) {
        this.error(areaKey, `unknown area "${key}"${didYouMean(key, AREAS)}; the areas are ${AREAS.join(', ')}`);
        continue;
      }
      const enabled = this.onOff(value, areaKey, `areas.${key}`, AREA_SETTING_KEYS);
      if (enabled !== undefined) this.config.areas[key] = { enabled };
    }
  }

  /** `on`/`off` or `{ enabled: bool }` (with `extraKeys` allowed and ignored here). */
  private onOff(node: YamlNode | null, keyNode: YamlNode, where: string, allowed: readonly string[]): boolean | undefined {
    const expected = `on, off, true, false or { enabled: true|false }`;
    if (!isMap(node)) return this.switchValue(node, keyNode, where, expected);
    let enabled: boolean | undefined;
    for (const { key, keyNode: k, value } of this.entries(node, where)) {
      if (key === 'enabled') enabled = this.switchValue(value, k, `${where}.enabled`, 'on, off, true or false');
      else if (!allowed.includes(key)) this.error(k, `${where}: unknown field "${key}"${didYouMean(key, allowed)}; the fields are ${allowed.join(', ')}`);
    }
    return enabled;
  }

  private rules(node: YamlNode | null, keyNode: YamlNode): void {
    if (!isMap(node)) {
      this.error(node, 'rules must be a mapping of rule ids to settings', keyNode);
      return;
    }
    for (const { key, keyNode: ruleKey, value } of this.entries(node, 'rules')) {
      if (!this.knownRuleIds.includes(key)) {
        this.error(ruleKey, `unknown rule "${key}"${didYouMean(key, this.knownRuleIds)} (kubeward rules lists them)`);
        continue;
      }
      const where = `rules.${key}`;
      if (!isMap(value)) {
        const enabled = this.switchValue(value, ruleKey, where, 'on, off, true, false or { enabled, severity, options }');
        if (enabled !== undefined) this.config.rules[key] = { enabled };
        continue;
      }
      const setting: RuleSetting = {};
      for (const { key: field, keyNode: k, value: v } of this.entries(value, where)) {
        if (field === 'enabled') {
          const enabled = this.switchValue(v, k, `${where}.enabled`, 'on, off, true or false');
          if (enabled !== undefined) setting.enabled = enabled;
        } else if (field === 'severity') {
          const s = this.severity(v, k, `${where}.severity`);
          if (s) setting.severity = s;
        } else if (field === 'options') {
          const options = this.options(v, k, `${where}.options`);
          if (options) setting.options = options;
        } else {
          this.error(k, `${where}: unknown field "${field}"${didYouMean(field, RULE_SETTING_KEYS)}; the fields are ${RULE_SETTING_KEYS.join(', ')}`);
        }
      }
      this.config.rules[key] = setting;
    }
  }

  private options(node: YamlNode | null, keyNode: YamlNode, where: string): Record<string, unknown> | undefined {
    if (!isMap(node)) {
      this.error(node, `${where} must be a mapping`, keyNode);
      return undefined;
    }
    try {
      // maxAliasCount keeps an alias bomb in options from expanding without bound.
      return node.toJS(this.doc, { maxAliasCount: 100 }) as Record<string, unknown>;
    } catch (e) {
      const alias = /alias/i.test((e as Error).message);
      this.error(node, `${where}: ${alias ? 'too many aliases (a YAML alias bomb?)' : (e as Error).message}; options ignored`);
      return undefined;
    }
  }

  private exclude(node: YamlNode | null, keyNode: YamlNode): void {
    if (!isSeq(node)) {
      this.error(node, 'exclude must be a list of globs, e.g. exclude: ["vendor/**"]', keyNode);
      return;
    }
    for (const item of node.items) {
      const glob = this.resolve(item);
      if (isScalar(glob) && typeof glob.value === 'string' && glob.value !== '') this.config.exclude.push(glob.value);
      else this.error(glob, 'exclude: each entry must be a non-empty glob string', node);
    }
  }

  private exceptions(node: YamlNode | null, keyNode: YamlNode): void {
    if (!isSeq(node)) {
      this.error(node, 'exceptions must be a list of { rule, namespace, kind, name, reason }', keyNode);
      return;
    }
    for (const raw of node.items) {
      const item = this.resolve(raw);
      const ex = this.exception(item, node);
      if (ex) this.config.exceptions.push(ex);
    }
  }

  /** One exception, or undefined (reported) when any part of it is wrong: a half-understood exception could suppress more than meant. */
  private exception(item: YamlNode | null, list: YamlNode): ConfigException | undefined {
    if (!isMap(item)) {
      this.error(item, 'exceptions: each entry must be a mapping with rule, reason and optionally namespace, kind, name', list);
      return undefined;
    }
    const line = this.at(item.range?.[0] ?? 0).line;
    const before = this.errors.length;
    const fields: Partial<Record<(typeof EXCEPTION_KEYS)[number], string>> = {};
    let ruleGiven = false;
    for (const { key, keyNode, value } of this.entries(item, 'exception')) {
      if (!(EXCEPTION_KEYS as readonly string[]).includes(key)) {
        this.error(keyNode, `exception: unknown field "${key}"${didYouMean(key, EXCEPTION_KEYS)}; the fields are ${EXCEPTION_KEYS.join(', ')}`);
        continue;
      }
      if (key === 'rule') ruleGiven = true;
      const text = isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number') ? String(value.value) : undefined;
      if (text === undefined) {
        this.error(value, `exception: ${key} must be a string`, keyNode);
        continue;
      }
      fields[key as (typeof EXCEPTION_KEYS)[number]] = text;
      if (key === 'rule') this.checkExceptionRule(text, value!);
    }
    if (!ruleGiven && fields.namespace === undefined && fields.kind === undefined && fields.name === undefined && this.errors.length === before) {
      this.error(item, 'exception that matches every finding: give at least one of rule, namespace, kind, name');
    }
    if (fields.reason === undefined || fields.reason.trim() === '') {
      this.error(item, 'exception without a reason: say why the risk is accepted (reason: "...")');
    }
    if (this.errors.length > before) return undefined;
    const ex: ConfigException = { rule: fields.rule ?? '*', reason: fields.reason!.trim(), line };
    if (fields.namespace !== undefined) ex.namespace = fields.namespace;
    if (fields.kind !== undefined) ex.kind = fields.kind;
    if (fields.name !== undefined) ex.name = fields.name;
    return ex;
  }

  private checkExceptionRule(pattern: string, node: YamlNode): void {
    if (picomatch.scan(pattern).isGlob) {
      const matches = picomatch(pattern, { dot: true });
      if (!this.knownRuleIds.some((id) => matches(id))) this.error(node, `exception: rule pattern "${pattern}" matches no rule`);
    } else if (!this.knownRuleIds.includes(pattern)) {
      this.error(node, `exception: unknown rule "${pattern}"${didYouMean(pattern, this.knownRuleIds)} (kubeward rules lists them)`);
    }
  }
}

/**
 * ` (did you mean "x"?)` for the closest candidate within a few edits (case ignored), else an
 * empty string.
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // A third of the word, at least 1 and at most 3 edits, so that unrelated names are not offered.
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  return best !== undefined && bestDistance <= limit ? ` (did you mean "${best}"?)` : '';
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
