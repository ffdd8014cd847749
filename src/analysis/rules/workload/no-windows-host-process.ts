import { containersOf, isRecord, podTemplateOf, WORKLOAD_KINDS, type Path } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-windows-host-process',
  area: 'workload',
  severity: 'high',
  title: 'Windows HostProcess containers',
  kinds: WORKLOAD_KINDS,
  description:
    '`securityContext.windowsOptions.hostProcess` must not be true, on the pod or on any container ' +
    '(init, regular or ephemeral). Each securityContext that sets it is reported where it is set; ' +
    'containers that inherit it from the pod are covered by the pod-level finding. Pods are judged ' +
    'whatever their `spec.os.name`.',
  rationale:
    'A HostProcess container is not isolated at all: it runs as a process on the Windows node, with the ' +
    'node\'s network, filesystem and devices, as a host user account (often SYSTEM). It is the Windows ' +
    'equivalent of a privileged container.',
  remediation:
    'Remove `windowsOptions.hostProcess: true`. Node management tasks that need it belong in a dedicated ' +
    'namespace, with the finding suppressed there with a reason.',
  references: [
    { framework: 'pss', control: 'baseline/host-process' },
    { framework: 'cis-k8s', control: '5.2.10' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: {
    pod: 'The pod runs every container as a Windows HostProcess (windowsOptions.hostProcess: true).',
    container: 'Container "{name}" runs as a Windows HostProcess (windowsOptions.hostProcess: true).',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: node-agent
spec:
  os:
    name: windows
  hostNetwork: true
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\\\SYSTEM"
  containers:
    - name: agent
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: node-agent
spec:
  os:
    name: windows
  containers:
    - name: agent
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl) return;
    const hostProcess = (sc: unknown): boolean => isRecord(sc) && isRecord(sc.windowsOptions) && sc.windowsOptions.hostProcess === true;
    const path = (base: Path): Path => [...base, 'securityContext', 'windowsOptions', 'hostProcess'];
    if (hostProcess(tpl.spec.securityContext)) ctx.report('pod', {}, path(tpl.specPath));
    for (const c of containersOf(obj)) {
      if (hostProcess(c.container.securityContext)) ctx.report('container', { name: c.name }, path(c.path));
    }
  },
});
