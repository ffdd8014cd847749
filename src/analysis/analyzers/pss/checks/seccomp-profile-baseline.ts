import type { Path } from '../../../../model/path.js';
import type { CheckFn, PssCheck } from '../check.js';
import type { PodView } from '../pod.js';
import { containersPhrase, joinQuote, pluralize, POD_SECURITY_CONTEXT, record, sortedSet, str } from '../pod.js';

export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** The seccompProfile.type values the checks accept. */
export function validSeccompType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function validSeccompAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** v1.0 - v1.18: the alpha annotations, on the pod and per container name. */
const annotationsCheck: CheckFn = (pod) => {
  const forbidden = new Map<string, Path>();
  const inspect = (key: string) => {
    const value = pod.annotations[key];
    if (value !== undefined && !validSeccompAnnotation(value)) {
      forbidden.set(`${key}=${JSON.stringify(value)}`, ['metadata', 'annotations', key]);
    }
  };
  inspect(SECCOMP_POD_ANNOTATION);
  for (const c of pod.containers) inspect(SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name);
  if (forbidden.size === 0) return undefined;
  const list = [...forbidden.keys()].sort();
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`,
    paths: list.map((k) => forbidden.get(k)!),
  };
};

/** Explicitly set seccompProfile types that are not RuntimeDefault / Localhost (pod and containers). */
export function explicitSeccompViolations(pod: PodView): {
  setters: string[];
  values: string[];
  paths: Path[];
} {
  const setters: string[] = [];
  const values: string[] = [];
  const paths: Path[] = [];
  const podProfile = record(pod.securityContext?.seccompProfile);
  if (podProfile && !validSeccompType(str(podProfile.type))) {
    setters.push('pod');
    values.push(str(podProfile.type));
    paths.push([...POD_SECURITY_CONTEXT, 'seccompProfile', 'type']);
  }
  const bad: string[] = [];
  for (const c of pod.containers) {
    const profile = record(c.securityContext?.seccompProfile);
    if (!profile || validSeccompType(str(profile.type))) continue;
    bad.push(c.name);
    values.push(str(profile.type));
    paths.push([...c.path, 'securityContext', 'seccompProfile', 'type']);
  }
  if (bad.length > 0) setters.push(containersPhrase(bad));
  return { setters, values, paths };
}

export function explicitSeccompDetail(setters: readonly string[], values: readonly string[]): string {
  return `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`;
}

/** v1.19+: the seccompProfile fields, where set, must be RuntimeDefault or Localhost. */
const fieldsCheck: CheckFn = (pod) => {
  const { setters, values, paths } = explicitSeccompViolations(pod);
  if (setters.length === 0) return undefined;
  return { reason: 'seccompProfile', detail: explicitSeccompDetail(setters, values), paths };
};

/**
 * Baseline: a seccomp profile, where one is given, must not be Unconfined.
 * v1.0-v1.18 looks at the annotations `seccomp.security.alpha.kubernetes.io/pod` and
 * `container.seccomp.security.alpha.kubernetes.io/<name>` (runtime/default, docker/default,
 * localhost/* or unset); v1.19+ at `seccompProfile.type` of the pod and every container
 * (RuntimeDefault, Localhost or unset). Replaced by `seccompProfile_restricted` at restricted from v1.19.
 */
export const seccompProfileBaseline: PssCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  revisions: [
    { since: 0, check: annotationsCheck },
    { since: 19, check: fieldsCheck },
  ],
};
