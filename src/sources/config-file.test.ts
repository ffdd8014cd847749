import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { didYouMean, findConfigFile, loadConfigFile, parseConfig } from './config-file.js';

const RULES = ['no-privileged', 'no-privilege-escalation', 'run-as-non-root', 'no-host-network'];
const parse = (text: string) => parseConfig(text, RULES, '.kubeward.yaml');
/** Errors as `line:column message` for compact, exact assertions. */
const errs = (text: string) => parse(text).errors.map((e) => `${e.line}:${e.column} ${e.message}`);

describe('parseConfig: the documented format', () => {
  it('reads every section of the example in docs/configuration.md', () => {
    const { config, errors } = parse(`failOn: medium
areas:
  mtls: off
  network: { enabled: false }
  etcd: on
rules:
  no-privilege-escalation: off
  run-as-non-root: { severity: critical }
  no-host-network: { enabled: true, severity: low, options: { registries: [ghcr.io/acme] } }
exclude: ["vendor/**", "charts/*/tests/**"]
exceptions:
  - rule: run-as-non-root
    namespace: "kube-*"
    kind: DaemonSet
    name: "node-exporter*"
    reason: "needs root to read host metrics; reviewed 2026-10"
`);
    expect(errors).toEqual([]);
    expect(config).toEqual({
      file: '.kubeward.yaml',
      failOn: 'medium',
      areas: { mtls: { enabled: false }, network: { enabled: false }, etcd: { enabled: true } },
      rules: {
        'no-privilege-escalation': { enabled: false },
        'run-as-non-root': { severity: 'critical' },
        'no-host-network': { enabled: true, severity: 'low', options: { registries: ['ghcr.io/acme'] } },
      },
      exclude: ['vendor/**', 'charts/*/tests/**'],
      exceptions: [{
        rule: 'run-as-non-root', namespace: 'kube-*', kind: 'DaemonSet', name: 'node-exporter*',
        reason: 'needs root to read host metrics; reviewed 2026-10', line: 12,
      }],
    });
  });

  it('accepts on/off/true/false, quoted or not, for areas and rules', () => {
    const { config, errors } = parse(`areas:
  mtls: "off"
  secrets: true
  access: 'on'
  etcd: false
rules:
  no-privileged: "true"
  run-as-non-root: { enabled: off }
`);
    expect(errors).toEqual([]);
    expect(config.areas).toEqual({ mtls: { enabled: false }, secrets: { enabled: true }, access: { enabled: true }, etcd: { enabled: false } });
    expect(config.rules).toEqual({ 'no-privileged': { enabled: true }, 'run-as-non-root': { enabled: false } });
  });

  it('treats an empty file or a comment-only file as an empty config', () => {
    expect(parse('')).toEqual({ config: { file: '.kubeward.yaml', rules: {}, areas: {}, exclude: [], exceptions: [] }, errors: [] });
    expect(parse('# nothing yet\n').errors).toEqual([]);
  });

  it('resolves anchors and aliases', () => {
    const { config, errors } = parse(`x-common: &why "shared reason"
exclude: &ex ["a/**"]
`);
    // x-common is not a known key: reported, but the alias-using parts still load.
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('unknown key "x-common"')]);
    expect(config.exclude).toEqual(['a/**']);
  });
});

describe('parseConfig: mistakes are reported with line and column, the rest still applies', () => {
  it('unknown top-level keys, with a suggestion when close', () => {
    expect(errs('failon: low\nrule:\n  no-privileged: off\nfoo: 1\n')).toEqual([
      '1:1 unknown key "failon" (did you mean "failOn"?); the keys are failOn, areas, rules, exclude, exceptions',
      '2:1 unknown key "rule" (did you mean "rules"?); the keys are failOn, areas, rules, exclude, exceptions',
      '4:1 unknown key "foo"; the keys are failOn, areas, rules, exclude, exceptions',
    ]);
  });

  it('unknown rule ids and area names; the valid ones still apply', () => {
    const { config, errors } = parse(`areas:
  mlts: off
  network: off
rules:
  no-privilegd: off
  run-as-non-root: off
  totally-made-up: off
`);
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '2:3 unknown area "mlts" (did you mean "mtls"?); the areas are etcd, network, mtls, secrets, workload, access',
      '5:3 unknown rule "no-privilegd" (did you mean "no-privileged"?) (kubeward rules lists them)',
      '7:3 unknown rule "totally-made-up" (kubeward rules lists them)',
    ]);
    expect(errors.every((e) => e.file === '.kubeward.yaml')).toBe(true);
    expect(config.areas).toEqual({ network: { enabled: false } });
    expect(config.rules).toEqual({ 'run-as-non-root': { enabled: false } });
  });

  it('invalid severities, in failOn and in rule settings', () => {
    const { config, errors } = parse(`failOn: hgh
rules:
  no-privileged: { enabled: true, severity: Critical }
  run-as-non-root:
    severity: severe
`);
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '1:9 failOn: invalid severity "hgh" (did you mean "high"?); expected one of critical, high, medium, low, info',
      '3:45 rules.no-privileged.severity: invalid severity "Critical" (did you mean "critical"?); expected one of critical, high, medium, low, info',
      '5:15 rules.run-as-non-root.severity: invalid severity "severe"; expected one of critical, high, medium, low, info',
    ]);
    expect(config.failOn).toBeUndefined();
    // The valid part of a setting is kept.
    expect(config.rules['no-privileged']).toEqual({ enabled: true });
  });

  it('values that are neither on/off nor a setting', () => {
    expect(errs('areas:\n  mtls: maybe\nrules:\n  no-privileged: 3\n  run-as-non-root: { enabled: sometimes, color: red }\n')).toEqual([
      '2:9 areas.mtls: invalid value "maybe"; expected on, off, true, false or { enabled: true|false }',
      '4:18 rules.no-privileged: invalid value "3"; expected on, off, true, false or { enabled, severity, options }',
      '5:31 rules.run-as-non-root.enabled: invalid value "sometimes"; expected on, off, true or false',
      '5:42 rules.run-as-non-root: unknown field "color"; the fields are enabled, severity, options',
    ]);
  });

  it('exclude that is not a list, and non-string entries', () => {
    expect(errs('exclude: "vendor/**"\n')).toEqual(['1:10 exclude must be a list of globs, e.g. exclude: ["vendor/**"]']);
    const { config, errors } = parse('exclude:\n  - ok/**\n  - { a: 1 }\n  - ""\n');
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '3:5 exclude: each entry must be a non-empty glob string',
      '4:5 exclude: each entry must be a non-empty glob string',
    ]);
    expect(config.exclude).toEqual(['ok/**']);
  });

  it('exceptions without a reason, with an empty reason, with an unknown field, or for an unknown rule are dropped', () => {
    const { config, errors } = parse(`exceptions:
  - rule: run-as-non-root
    namespace: kube-system
  - rule: no-privileged
    reason: "   "
  - rule: no-privileged
    namspace: monitoring
    reason: typo in a field name must not widen the exception
  - rule: no-privilegd
    reason: misspelt rule
  - rule: "no-*"
    reason: glob over rule ids is fine
  - rule: "zz-*"
    reason: glob that matches nothing
  - namespace: kube-system
    reason: no rule given means every rule
  - reason: nothing to match on
  - just a string
`);
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '2:5 exception without a reason: say why the risk is accepted (reason: "...")',
      '4:5 exception without a reason: say why the risk is accepted (reason: "...")',
      '7:5 exception: unknown field "namspace" (did you mean "namespace"?); the fields are rule, namespace, kind, name, reason',
      '9:11 exception: unknown rule "no-privilegd" (did you mean "no-privileged"?) (kubeward rules lists them)',
      '13:11 exception: rule pattern "zz-*" matches no rule',
      '17:5 exception that matches every finding: give at least one of rule, namespace, kind, name',
      '18:5 exceptions: each entry must be a mapping with rule, reason and optionally namespace, kind, name',
    ]);
    expect(config.exceptions).toEqual([
      { rule: 'no-*', reason: 'glob over rule ids is fine', line: 11 },
      { rule: '*', namespace: 'kube-system', reason: 'no rule given means every rule', line: 15 },
    ]);
  });

  it('exceptions that are not a list', () => {
    expect(errs('exceptions:\n  rule: no-privileged\n  reason: x\n')).toEqual([
      '2:3 exceptions must be a list of { rule, namespace, kind, name, reason }',
    ]);
  });

  it('a severity key without a value', () => {
    expect(errs('rules: {no-privileged: {severity: }}\n')).toEqual([
      '1:35 rules.no-privileged.severity: no severity given; expected one of critical, high, medium, low, info',
    ]);
  });

  it('more than one YAML document', () => {
    const { config, errors } = parse('failOn: low\n---\nfailOn: high\n');
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '2:1 invalid YAML: a config file holds one YAML document, this one has more; the config file is ignored',
    ]);
    expect(config.failOn).toBeUndefined();
  });

  it('a config that is not a mapping', () => {
    expect(errs('- failOn: low\n')).toEqual(['1:1 the config must be a mapping with the keys failOn, areas, rules, exclude, exceptions']);
  });

  it('duplicate keys are reported and the first one is used', () => {
    const { config, errors } = parse('failOn: low\nrules:\n  no-privileged: off\n  no-privileged: on\nfailOn: critical\n');
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '4:3 rules: duplicate key "no-privileged"; the first one is used',
      '5:1 config: duplicate key "failOn"; the first one is used',
    ]);
    expect(config.failOn).toBe('low');
    expect(config.rules).toEqual({ 'no-privileged': { enabled: false } });
  });

  it('a YAML syntax error is reported at its position and the whole file is ignored', () => {
    const { config, errors } = parse('failOn: low\nrules:\n  no-privileged: [off\nexclude: ["a"]\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: '.kubeward.yaml', line: 4, column: 1 });
    expect(errors[0]!.message).toMatch(/^invalid YAML: .*; the config file is ignored$/);
    expect(config).toEqual({ file: '.kubeward.yaml', rules: {}, areas: {}, exclude: [], exceptions: [] });
  });

  it('an alias bomb in rule options is refused, not expanded', () => {
    const lines = ['rules:', '  no-privileged:', '    options:', '      a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`      a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const started = Date.now();
    const { config, errors } = parse(lines.join('\n') + '\n');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 4, column: 7 });
    expect(errors[0]!.message).toBe('rules.no-privileged.options: too many aliases (a YAML alias bomb?); options ignored');
    expect(config.rules['no-privileged']).toEqual({});
  });
});

describe('loadConfigFile and findConfigFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubeward-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('throws one clear reason when the file cannot be read', () => {
    expect(() => loadConfigFile(path.join(dir, 'missing.yaml'), RULES)).toThrow(/^no such file or directory$/);
    expect(() => loadConfigFile(dir, RULES)).toThrow(/^is a directory$/);
  });

  it('reports invalid UTF-8 with the position of the bad byte', () => {
    const file = path.join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('exceptions:\n  - reason: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const { errors } = loadConfigFile(file, RULES, 'latin1.yaml');
    expect(errors).toEqual([{ file: 'latin1.yaml', line: 2, column: 16, message: 'not valid UTF-8 (byte 0xe9 at offset 27); skipped' }]);
  });

  it('names errors by the display name', () => {
    const file = path.join(dir, 'named.yaml');
    writeFileSync(file, 'bogus: 1\n');
    expect(loadConfigFile(file, RULES, 'conf/named.yaml').errors[0]).toMatchObject({ file: 'conf/named.yaml', line: 1, column: 1 });
  });

  it('finds .kubeward.yaml in the folder or its parents', () => {
    const root = path.join(dir, 'repo');
    mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(root, '.kubeward.yml'), 'failOn: low\n');
    expect(findConfigFile(path.join(root, 'a', 'b'))).toBe(path.join(root, '.kubeward.yml'));
    writeFileSync(path.join(root, 'a', '.kubeward.yaml'), 'failOn: low\n');
    expect(findConfigFile(path.join(root, 'a', 'b'))).toBe(path.join(root, 'a', '.kubeward.yaml'));
    // A folder with the config's name is not a config.
    mkdirSync(path.join(root, 'a', 'b', '.kubeward.yaml'));
    expect(findConfigFile(path.join(root, 'a', 'b'))).toBe(path.join(root, 'a', '.kubeward.yaml'));
  });
});

describe('didYouMean', () => {
  it('offers close names only', () => {
    expect(didYouMean('no-privilegd', RULES)).toBe(' (did you mean "no-privileged"?)');
    expect(didYouMean('run-as-nonroot', RULES)).toBe(' (did you mean "run-as-non-root"?)');
    expect(didYouMean('xyz', RULES)).toBe('');
    expect(didYouMean('mlts', ['mtls', 'etcd'])).toBe(' (did you mean "mtls"?)');
  });
});
