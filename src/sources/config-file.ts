import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { emptyConfig, type KubewardConfig, type ScanError } from '../model/index.js';

export const CONFIG_FILE_NAMES = ['.kubeward.yaml', '.kubeward.yml'];

/** The nearest config file in `startDir` or its parents. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates a config file. TODO(config): full validation with lines. */
export function loadConfigFile(file: string, displayName = file): { config: KubewardConfig; errors: ScanError[] } {
  const config = emptyConfig();
  config.file = displayName;
  const raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  if (raw && Array.isArray(raw.exclude)) config.exclude = raw.exclude.map(String);
  return { config, errors: [] };
}
