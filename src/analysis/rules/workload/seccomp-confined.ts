import {
  containersOf, effectiveSecurityField, isRecord, isWindowsPod, podTemplateOf, stringMap, WORKLOAD_KINDS,
} from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export default defineRule({
  id: 'seccomp-confined',
  area: 'workload',
  severity: 'medium',
  title: 'Containers without a seccomp profile',
  kinds: WORKLOAD_KINDS,
  description:
    'Every container (init, regular and ephemeral) must run under seccomp profile `RuntimeDefault` or ' +
    '`Localhost`, set in `securityContext.seccompProfile.type` on the container or inherited from the ' +
    'pod\'s securityContext (the container\'s own field wins). `Unconfined` is reported where it takes ' +
    'effect. A container with no profile at either level is reported too: it runs Unconfined unless the ' +
    'kubelet runs with `seccompDefault: true`, which a manifest cannot show. The legacy annotations ' +
    '`seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<name>` ' +
    'are read where no field is set, and reported: Kubernetes ignores them since v1.27 (the API server ' +
    'copied them into the fields up to v1.26). Windows pods (`spec.os.name: windows`) are not judged. ' +
    'Privileged containers run without seccomp whatever the profile (see `no-privileged`).',
  rationale:
    'Without seccomp every system call of the kernel is reachable from the container, including the ' +
    'rarely used ones (keyctl, unshare, userfaultfd, bpf...) behind most kernel privilege-escalation ' +
    'exploits. The runtime\'s default profile blocks them at no cost for almost every application.',
  remediation:
    'Set `securityContext.seccompProfile: {type: RuntimeDefault}` in the pod spec (inherited by every ' +
    'container), or a `Localhost` profile for a workload that needs a custom one; remove legacy seccomp ' +
    'annotations. Cluster-wide, also enable the kubelet\'s `seccompDefault`.',
  references: [
    { framework: 'cis-k8s', control: '5.6.2' },
    { framework: 'pss', control: 'restricted/seccomp' },
    { framework: 'nsa-cisa', control: 'Pod security: use seccomp profiles' },
    { framework: 'mitre', control: 'T1068 Exploitation for Privilege Escalation' },
  ],
  messages: {
    notSet:
      'Container "{name}" has no seccomp profile: it runs Unconfined unless the kubelet\'s seccompDefault is on.',
    unconfined: 'Container "{name}" runs with seccompProfile.type {type} (set on the {from}): its system calls are not filtered.',
    legacyAnnotation:
      'Container "{name}" sets seccomp only through the legacy annotation {annotation}: "{value}", which ' +
      'Kubernetes ignores since v1.27; it runs Unconfined unless the kubelet\'s seccompDefault is on.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
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
    seccompProfile:
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
    for (const c of containersOf(obj)) {
      const profile = effectiveSecurityField<unknown>(tpl, c, 'seccompProfile');
      if (profile.path) {
        const type = isRecord(profile.value) && typeof profile.value.type === 'string' ? profile.value.type : '';
        if (type === 'RuntimeDefault' || type === 'Localhost') continue;
        ctx.report('unconfined', { name: c.name, type: type === '' ? '(none)' : type, from: profile.from === 'pod' ? 'pod' : 'container' }, [...profile.path, 'type']);
        continue;
      }
      const key = [CONTAINER_ANNOTATION_PREFIX + c.name, POD_ANNOTATION].find((k) => annotations[k] !== undefined);
      if (key !== undefined) {
        ctx.report('legacyAnnotation', { name: c.name, annotation: key, value: annotations[key]! }, [...tpl.metadataPath, 'annotations', key]);
      } else {
        ctx.report('notSet', { name: c.name }, [...c.path, 'securityContext', 'seccompProfile']);
      }
    }
  },
});
