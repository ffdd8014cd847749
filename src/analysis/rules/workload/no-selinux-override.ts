import { containersOf, isRecord, isWindowsPod, podTemplateOf, WORKLOAD_KINDS, type Path } from '../../../model/index.js';
import { LATEST_ALLOWED_SELINUX_TYPES } from '../../analyzers/pss/checks/se-linux-options.js';
import { defineRule } from '../../define-rule.js';

const ALLOWED_TYPES = LATEST_ALLOWED_SELINUX_TYPES.filter((t) => t !== '');

export default defineRule({
  id: 'no-selinux-override',
  area: 'workload',
  severity: 'medium',
  title: 'Custom SELinux user, role or type',
  kinds: WORKLOAD_KINDS,
  description:
    'Following the Pod Security Standards (baseline, newest version), `securityContext.seLinuxOptions` on ' +
    'the pod and on every container may set `type` only to one of the container types ' +
    `(${ALLOWED_TYPES.join(', ')}) and must leave \`user\` and \`role\` empty; \`level\` (the MCS ` +
    'categories) is free. Each securityContext that breaks this is reported where it is set: a pod-level ' +
    'value is reported once even though containers with their own seLinuxOptions replace it, because ' +
    'admission rejects it all the same and it still labels the pod sandbox. Windows pods ' +
    '(`spec.os.name: windows`) are not judged.',
  rationale:
    'The SELinux type decides what a container process may touch on the node. Types such as spc_t ' +
    '("super privileged container") or unconfined_t lift the confinement that keeps a container from the ' +
    'host\'s files and devices, and a custom user or role can grant administrative SELinux domains.',
  remediation:
    'Remove `type`, `user` and `role` from `seLinuxOptions` (keep `level` if the workload needs specific ' +
    'MCS categories), or use one of the container types.',
  references: [
    { framework: 'pss', control: 'baseline/selinux' },
    { framework: 'cis-k8s', control: '5.6.3' },
    { framework: 'nsa-cisa', control: 'Pod security: use AppArmor or SELinux' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: {
    type: `{who} sets seLinuxOptions.type "{value}", which is not a container type (${ALLOWED_TYPES.join(', ')}).`,
    user: '{who} sets seLinuxOptions.user "{value}".',
    role: '{who} sets seLinuxOptions.role "{value}".',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: ghcr.io/example/agent:1.0.0
      securityContext:
        seLinuxOptions:
          type: spc_t
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: ghcr.io/example/agent:1.0.0
      securityContext:
        seLinuxOptions:
          level: "s0:c123,c456"
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isWindowsPod(tpl)) return;
    const judge = (sc: unknown, path: Path, who: string): void => {
      const opts = isRecord(sc) ? sc.seLinuxOptions : undefined;
      if (!isRecord(opts)) return;
      const at = [...path, 'seLinuxOptions'];
      // As admission reads Go string fields: anything but a string is empty.
      const text = (v: unknown): string => (typeof v === 'string' ? v : '');
      const type = text(opts.type);
      if (!LATEST_ALLOWED_SELINUX_TYPES.includes(type)) ctx.report('type', { who, value: type }, [...at, 'type']);
      const user = text(opts.user);
      if (user !== '') ctx.report('user', { who, value: user }, [...at, 'user']);
      const role = text(opts.role);
      if (role !== '') ctx.report('role', { who, value: role }, [...at, 'role']);
    };
    judge(tpl.spec.securityContext, [...tpl.specPath, 'securityContext'], 'The pod');
    for (const c of containersOf(obj)) judge(c.container.securityContext, [...c.path, 'securityContext'], `Container "${c.name}"`);
  },
});
