/**
 * Conformance against upstream's own fixtures (k8s.io/pod-security-admission `test/testdata`):
 * `<level>/<version>/<pass|fail>/<check><n>.yaml`. Every pass pod must be allowed at that level and
 * version; every fail pod denied, with the check its file name starts with among the reasons.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluatePod, PSS_CHECKS, PSS_LATEST_VERSION, type PssLevel, type PssViolation } from './index.js';
import { REPO_ROOT } from '../../../../test/helpers/repo.js';


const FIXTURES = path.resolve(REPO_ROOT, '../shared/conformance/pod-security-admission');
const LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];

/** Lower-cased upstream check id (the fixture file prefix) -> check id. */
const CHECK_BY_PREFIX = new Map(PSS_CHECKS.map((c) => [c.id.toLowerCase(), c.id]));

function subdirs(dir: string): string[] {
  return readdirSync(dir).filter((d) => statSync(path.join(dir, d)).isDirectory());
}

function byVersion(a: string, b: string): number {
  return Number(a.slice(3)) - Number(b.slice(3));
}

/** Why a fixture's outcome is wrong, or undefined when it is right. */
function mismatch(file: string, expectation: 'pass' | 'fail', level: PssLevel, version: string): string | undefined {
  const pod = parse(readFileSync(file, 'utf8')) as { metadata?: unknown; spec?: unknown };
  const violations = evaluatePod(pod, level, version);
  const name = path.basename(file);
  const summary = (vs: PssViolation[]) => vs.map((v) => v.check + (v.subsumes ? `[${v.subsumes.join(',')}]` : '')).join(', ');
  if (expectation === 'pass') {
    return violations.length === 0 ? undefined : `${name}: expected allowed, denied by ${summary(violations)}`;
  }
  const prefix = name.replace(/\d*\.yaml$/, '');
  const check = CHECK_BY_PREFIX.get(prefix);
  if (!check) return `${name}: no check with id ${JSON.stringify(prefix)}`;
  if (violations.length === 0) return `${name}: expected denied by ${check}, allowed`;
  const named = violations.some((v) => v.check === check || v.subsumes?.includes(check));
  return named ? undefined : `${name}: expected ${check} among the denying checks, got ${summary(violations)}`;
}

function checkDirectory(dir: string, expectation: 'pass' | 'fail', level: PssLevel, version: string): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  expect(files.length, `no fixtures in ${dir}`).toBeGreaterThan(0);
  return files.flatMap((f) => mismatch(path.join(dir, f), expectation, level, version) ?? []);
}

describe('Pod Security Admission conformance fixtures', () => {
  if (!existsSync(FIXTURES)) {
    it('has the fixture folder', () => {
      throw new Error(`conformance fixtures not found at ${FIXTURES} (expected ../shared beside the repository)`);
    });
    return;
  }

  it('covers both levels up to the newest policy version', () => {
    for (const level of LEVELS) {
      const versions = subdirs(path.join(FIXTURES, level)).sort(byVersion);
      expect(versions[0]).toBe('v1.0');
      expect(versions.at(-1)).toBe(PSS_LATEST_VERSION);
    }
  });

  for (const level of LEVELS) {
    const versions = existsSync(path.join(FIXTURES, level)) ? subdirs(path.join(FIXTURES, level)).sort(byVersion) : [];
    for (const version of versions) {
      for (const expectation of ['pass', 'fail'] as const) {
        const dir = path.join(FIXTURES, level, version, expectation);
        if (!existsSync(dir)) continue;
        it(`${level} ${version} ${expectation}`, () => {
          expect(checkDirectory(dir, expectation, level, version)).toEqual([]);
        });
      }
    }
    // `latest` must behave as the newest version.
    for (const expectation of ['pass', 'fail'] as const) {
      it(`${level} latest ${expectation} (newest fixtures)`, () => {
        const dir = path.join(FIXTURES, level, PSS_LATEST_VERSION, expectation);
        expect(checkDirectory(dir, expectation, level, 'latest')).toEqual([]);
      });
    }
  }
});
