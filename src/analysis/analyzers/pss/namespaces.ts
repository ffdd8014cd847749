import { labelsOf, type KubeObject, type ObjectSet, type Path } from '../../../model/index.js';
import { defineAnalyzer } from '../../analyzer.js';
import type { PssLevel } from './index.js';
import { parsePssVersion } from './version.js';

export const PSA_MODES = ['enforce', 'audit', 'warn'] as const;
export type PsaMode = (typeof PSA_MODES)[number];

export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** One mode of a namespace's Pod Security Admission policy, as the admission controller reads it. */
export interface PsaModePolicy {
  level: PssLevel;
  version: string;
  /** Whether the namespace sets the level label for this mode. */
  labelled: boolean;
  /** Label values the controller could not parse (it then uses `restricted`/`latest` for enforce). */
  invalid: { label: string; value: string }[];
  /** Path of the level label (or of the labels map when absent), for findings. */
  path: Path;
}

export type PsaPolicy = Record<PsaMode, PsaModePolicy>;

const LEVELS = new Set(['privileged', 'baseline', 'restricted']);

/**
 * A namespace's PSA policy from its labels, with upstream's fallbacks: an unparsable enforce level
 * means `restricted`, an unparsable audit/warn level `privileged` (they fail open), an unparsable
 * version `latest`; an unlabelled mode takes the admission configuration's default, which is
 * `privileged:latest` unless the cluster configures otherwise.
 */
export function psaPolicyOf(ns: KubeObject): PsaPolicy {
  const labels = labelsOf(ns);
  const out = {} as PsaPolicy;
  for (const mode of PSA_MODES) {
    const levelLabel = `${PSA_LABEL_PREFIX}${mode}`;
    const versionLabel = `${levelLabel}-version`;
    const invalid: PsaModePolicy['invalid'] = [];
    let level: PssLevel = 'privileged';
    const levelValue = labels[levelLabel];
    if (levelValue !== undefined) {
      if (LEVELS.has(levelValue)) level = levelValue as PssLevel;
      else {
        invalid.push({ label: levelLabel, value: levelValue });
        level = mode === 'enforce' ? 'restricted' : 'privileged';
      }
    }
    let version = 'latest';
    const versionValue = labels[versionLabel];
    if (versionValue !== undefined) {
      try {
        version = parsePssVersion(versionValue).text;
      } catch {
        invalid.push({ label: versionLabel, value: versionValue });
      }
    }
    out[mode] = {
      level, version, labelled: levelValue !== undefined, invalid,
      path: levelValue !== undefined ? ['metadata', 'labels', levelLabel] : ['metadata', 'labels'],
    };
  }
  return out;
}

/** PSA policy of every Namespace object in the set, by name. */
export const psaNamespaces = defineAnalyzer({
  id: 'psa-namespaces',
  description: 'Pod Security Admission policy (enforce/audit/warn level and version) of each Namespace in the input.',
  compute(set: ObjectSet): Map<string, { object: KubeObject; policy: PsaPolicy }> {
    const map = new Map<string, { object: KubeObject; policy: PsaPolicy }>();
    for (const ns of set.ofKind('Namespace')) if (!map.has(ns.name)) map.set(ns.name, { object: ns, policy: psaPolicyOf(ns) });
    return map;
  },
});
