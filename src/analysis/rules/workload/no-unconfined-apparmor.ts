import {
  containersOf, isRecord, isWindowsPod, podTemplateOf, stringMap, WORKLOAD_KINDS, type Path,
} from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export default defineRule({
  id: 'no-unconfined-apparmor',
  area: 'workload',
  severity: 'medium',
  title: 'Containers that run without AppArmor',
  kinds: WORKLOAD_KINDS,
  description:
    'No container (init, regular or ephemeral) may run with AppArmor profile `Unconfined`. The profile ' +
    'is resolved as the kubelet and API server resolve it: the container\'s ' +
    '`securityContext.appArmorProfile` first, then the legacy annotation ' +
    '`container.apparmor.security.beta.kubernetes.io/<container name>` (`unconfined`, `runtime/default` ' +
    'or `localhost/<profile>`; the API server still copies it into the field, other values are ignored), ' +
    'then the pod\'s `securityContext.appArmorProfile`. ' +
    '`RuntimeDefault`, `Localhost` and no profile at all (the runtime default applies on nodes with ' +
    'AppArmor) are fine. Windows pods (`spec.os.name: windows`) are not judged.',
  rationale:
    'The runtime\'s default AppArmor profile denies writes to /proc and /sys knobs, mounting and other ' +
    'operations that container escapes rely on. Turning it off removes that layer for no functional gain ' +
    'in almost every workload.',
  remediation:
    'Remove `appArmorProfile: {type: Unconfined}` (or set `RuntimeDefault`, or a `Localhost` profile the ' +
    'workload was tested with) and remove `unconfined` AppArmor annotations.',
  references: [
    { framework: 'pss', control: 'baseline/apparmor' },
    { framework: 'cis-k8s', control: '5.6.3' },
    { framework: 'nsa-cisa', control: 'Pod security: use AppArmor or SELinux' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: {
    field: 'Container "{name}" runs without AppArmor (appArmorProfile.type: Unconfined, set on the {from}).',
    annotation: 'Container "{name}" runs without AppArmor (annotation {annotation}: "{value}").',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    appArmorProfile:
      type: Unconfined
  containers:
    - name: api
      image: ghcr.io/example/api:2.1.0
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    appArmorProfile:
      type: RuntimeDefault
  containers:
    - name: api
      image: ghcr.io/example/api:2.1.0
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isWindowsPod(tpl)) return;
    const annotations = stringMap(tpl.metadata.annotations);
    const podSc = isRecord(tpl.spec.securityContext) ? tpl.spec.securityContext : undefined;
    for (const c of containersOf(obj)) {
      const ownSc = isRecord(c.container.securityContext) ? c.container.securityContext : undefined;
      // Container field, then the container's annotation, then the pod field: an annotation beats
      // the pod-level profile, so effectiveSecurityField's container-then-pod order does not fit here.
      const own = ownSc?.appArmorProfile;
      if (isRecord(own)) {
        if (own.type === 'Unconfined') ctx.report('field', { name: c.name, from: 'container' }, [...c.path, 'securityContext', 'appArmorProfile', 'type']);
        continue;
      }
      const key = ANNOTATION_PREFIX + c.name;
      const value = annotations[key];
      // Values the kubelet cannot parse are ignored and the pod-level profile applies.
      if (value === 'unconfined') {
        const path: Path = [...tpl.metadataPath, 'annotations', key];
        ctx.report('annotation', { name: c.name, annotation: key, value }, path);
        continue;
      }
      if (value === 'runtime/default' || value?.startsWith('localhost/')) continue;
      const pod = podSc?.appArmorProfile;
      if (isRecord(pod) && pod.type === 'Unconfined') {
        ctx.report('field', { name: c.name, from: 'pod' }, [...tpl.specPath, 'securityContext', 'appArmorProfile', 'type']);
      }
    }
  },
});
