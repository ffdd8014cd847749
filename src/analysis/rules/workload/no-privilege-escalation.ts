import { containersOf, containerSecurityField, isWindowsPod, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-privilege-escalation',
  area: 'workload',
  severity: 'medium',
  title: 'Containers that allow privilege escalation',
  kinds: WORKLOAD_KINDS,
  description:
    'Every container must set `securityContext.allowPrivilegeEscalation: false`. The field defaults to ' +
    'true, so leaving it out allows escalation. Windows pods (`spec.os.name: windows`) are not judged: ' +
    'the field cannot be set on them.',
  rationale:
    'Without the no_new_privs flag a process can gain privileges through setuid binaries or file ' +
    'capabilities, turning a compromise of a non-root process into root inside the container.',
  remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  references: [
    { framework: 'pss', control: 'restricted/privilege-escalation' },
    { framework: 'cis-k8s', control: '5.2.6' },
    { framework: 'nsa-cisa', control: 'Pod security: prevent privilege escalation' },
    { framework: 'mitre', control: 'T1068 Exploitation for Privilege Escalation' },
  ],
  messages: {
    unset: 'Container "{name}" does not set allowPrivilegeEscalation: false (it defaults to true).',
    allowed: 'Container "{name}" sets allowPrivilegeEscalation: true.',
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
  containers:
    - name: api
      image: ghcr.io/example/api:2.1.0
      securityContext:
        allowPrivilegeEscalation: false
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    // The API server rejects allowPrivilegeEscalation on Windows pods, so it cannot be demanded there.
    if (!tpl || isWindowsPod(tpl)) return;
    for (const c of containersOf(obj)) {
      const field = containerSecurityField(c, 'allowPrivilegeEscalation');
      if (field.value === false) continue;
      ctx.report(field.value === true ? 'allowed' : 'unset', { name: c.name }, field.path);
    }
  },
});
