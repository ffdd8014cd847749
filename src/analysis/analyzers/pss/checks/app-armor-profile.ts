import type { Path } from '../../../../model/path.js';
import type { PssCheck } from '../check.js';
import { containersPhrase, joinQuote, pluralize, POD_SECURITY_CONTEXT, record, sortedSet, str } from '../pod.js';

export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** The deprecated annotation: empty, `runtime/default` or `localhost/<profile>`. */
function allowedAnnotationValue(v: string): boolean {
  return v === '' || v === 'runtime/default' || v.startsWith('localhost/');
}

/** The `appArmorProfile.type` field: `RuntimeDefault` or `Localhost`. */
function allowedProfileType(t: string): boolean {
  return t === 'RuntimeDefault' || t === 'Localhost';
}

/**
 * Baseline, v1.0+: the AppArmor profile must not be overridden to anything but the runtime default
 * or a localhost profile. Restricted fields: `spec.securityContext.appArmorProfile.type`, every
 * container's `securityContext.appArmorProfile.type` (RuntimeDefault, Localhost or unset) and the
 * `container.apparmor.security.beta.kubernetes.io/*` annotations (runtime/default, localhost/*,
 * empty or unset). Upstream added the field check (Kubernetes 1.30) to its only, v1.0, revision,
 * so it applies at every version.
 */
export const appArmorProfile: PssCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  revisions: [
    {
      since: 0,
      check(pod) {
        const setters: string[] = [];
        const values: string[] = [];
        const paths: Path[] = [];

        const podProfile = record(pod.securityContext?.appArmorProfile);
        if (podProfile && !allowedProfileType(str(podProfile.type))) {
          setters.push('pod');
          values.push(str(podProfile.type));
          paths.push([...POD_SECURITY_CONTEXT, 'appArmorProfile', 'type']);
        }
        const bad: string[] = [];
        for (const c of pod.containers) {
          const profile = record(c.securityContext?.appArmorProfile);
          if (!profile || allowedProfileType(str(profile.type))) continue;
          bad.push(c.name);
          values.push(str(profile.type));
          paths.push([...c.path, 'securityContext', 'appArmorProfile', 'type']);
        }
        if (bad.length > 0) setters.push(containersPhrase(bad));

        const valueList = sortedSet(values);
        const annotations = Object.keys(pod.annotations)
          .filter((k) => k.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotationValue(pod.annotations[k]!))
          .sort();
        if (annotations.length > 0) {
          setters.push(pluralize('annotation', 'annotations', annotations.length));
          for (const k of annotations) {
            valueList.push(`${k}=${JSON.stringify(pod.annotations[k])}`);
            paths.push(['metadata', 'annotations', k]);
          }
        }

        if (setters.length === 0) return undefined;
        return {
          reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
          detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
          paths,
        };
      },
    },
  ],
};
