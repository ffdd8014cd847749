import type { PssCheck } from '../check.js';
import { procMountDefaultOnly } from './proc-mount.js';

/**
 * Restricted, v1.35+: `procMount` must be `Default` / unset even for user-namespace pods, which
 * the baseline `procMount` check relaxes from v1.35. Replaces `procMount` at the restricted level.
 */
export const procMountRestricted: PssCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  revisions: [{ since: 35, check: procMountDefaultOnly, overrides: ['procMount'] }],
};
