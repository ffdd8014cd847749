import {
  containersOf, effectiveSecurityField, isWindowsPod, podTemplateOf, WORKLOAD_KINDS,
} from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

/** System accounts sit below 1000 and login users count up from 1000 (login.defs), so IDs up to here are the ones likely taken on a node. */
const MAX_LOW_ID = 10000;

export default defineRule({
  id: 'run-as-high-uid',
  area: 'workload',
  severity: 'low',
  title: 'Containers that run with a low UID or GID',
  kinds: WORKLOAD_KINDS,
  description:
    `The effective \`runAsUser\` and \`runAsGroup\` of every container (its own securityContext, else the ` +
    `pod's) must be above ${MAX_LOW_ID} when set. Values from 1 to ${MAX_LOW_ID} are reported; 0 is left ` +
    'to `run-as-non-root` (UID) and not judged for the group; unset values (the image\'s USER decides) ' +
    'are not judged, nor are `fsGroup` and `supplementalGroups`. Windows pods (`spec.os.name: windows`) ' +
    'are not judged: they cannot set these fields.',
  rationale:
    'Without user namespaces a container UID is the same number on the node. A low UID or GID is likely ' +
    'to belong to a real node account or group (a system daemon, a login user, the docker group), so any ' +
    'host file that leaks into the container through a volume, a hostPath or an escape is accessed with ' +
    'that account\'s rights. IDs above 10000 are unlikely to match anything on the node.',
  remediation:
    'Set `runAsUser` and `runAsGroup` above 10000 (for example 10001 or 65532) in the pod securityContext, ' +
    'and make the image work with that ID (file ownership via `fsGroup` or group-writable paths), or run ' +
    'the pod in a user namespace (`hostUsers: false`).',
  references: [
    { framework: 'cis-k8s', control: '5.6.3' },
    { framework: 'nsa-cisa', control: 'Pod security: use containers built to run applications as non-root users' },
  ],
  messages: {
    uid: 'Container "{name}" runs as UID {id} (set on the {from}), which may be a user on the node.',
    gid: 'Container "{name}" runs with GID {id} (set on the {from}), which may be a group on the node.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsUser: 1000
    runAsGroup: 1000
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
    runAsUser: 10001
    runAsGroup: 10001
  containers:
    - name: api
      image: ghcr.io/example/api:2.1.0
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isWindowsPod(tpl)) return;
    for (const c of containersOf(obj)) {
      for (const [field, messageId] of [['runAsUser', 'uid'], ['runAsGroup', 'gid']] as const) {
        const id = effectiveSecurityField<unknown>(tpl, c, field);
        if (typeof id.value !== 'number' || !id.path || id.value < 1 || id.value > MAX_LOW_ID) continue;
        ctx.report(messageId, { name: c.name, id: id.value, from: id.from === 'pod' ? 'pod' : 'container' }, id.path);
      }
    }
  },
});
