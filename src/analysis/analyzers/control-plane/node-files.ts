import { modeBits } from '../../../model/index.js';
import type { NodeFileRef } from './index.js';

/** What is wrong with a file's mode and owner against a CIS expectation (e.g. 600 and root:root). */
export interface FileIssues {
  /** The mode, when it has bits beyond `maxMode`. */
  mode?: string;
  /** `user:group`, when not the expected owner. */
  owner?: string;
}

/**
 * Checks a NodeFile against "mode `maxMode` or more restrictive" (no permission bit outside it)
 * and ownership (by the names the node's /etc/passwd and /etc/group give; by id 0 when the node
 * has no entry for the id and `owner` is root).
 */
export function fileIssues(file: NodeFileRef, maxMode: number, owner = 'root', group = 'root'): FileIssues {
  const out: FileIssues = {};
  if (file.spec.type === 'missing') return out;
  const bits = modeBits(file.spec.mode);
  if (bits !== undefined && (bits & ~maxMode) !== 0) out.mode = file.spec.mode;
  const user = file.spec.owner ?? (file.spec.uid === 0 && owner === 'root' ? 'root' : String(file.spec.uid ?? '?'));
  const grp = file.spec.group ?? (file.spec.gid === 0 && group === 'root' ? 'root' : String(file.spec.gid ?? '?'));
  if (user !== owner || grp !== group) out.owner = `${user}:${grp}`;
  return out;
}

/** `600` for 0o600: how CIS writes modes. */
export function modeText(bits: number): string {
  return bits.toString(8);
}
