import { podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-host-network',
  area: 'workload',
  severity: 'high',
  title: 'Pods that use the node\'s network namespace',
  kinds: WORKLOAD_KINDS,
  description:
    'The pod spec must not set `hostNetwork: true`. Only the literal value true is reported; `false` and ' +
    'an absent field (the default) are fine. Windows HostProcess pods require host networking; they are ' +
    'reported here too (and by `no-windows-host-process`).',
  rationale:
    'A host-network pod binds on and sniffs the node\'s interfaces, reaches services listening on the ' +
    'node\'s loopback (local admin APIs, etcd on control-plane nodes), reaches the cloud metadata ' +
    'endpoint even where pod traffic is blocked from it (an IMDSv2 hop limit of 1 stops pod traffic, not ' +
    'host traffic), and escapes NetworkPolicy, which most network plugins do not apply to host-network pods.',
  remediation:
    'Remove `hostNetwork: true` and expose the workload through a Service (NodePort or LoadBalancer when ' +
    'it must be reachable from outside the cluster).',
  references: [
    { framework: 'pss', control: 'baseline/host-namespaces' },
    { framework: 'cis-k8s', control: '5.2.5' },
    { framework: 'nsa-cisa', control: 'Pod security: do not share host process or network namespaces' },
    { framework: 'mitre', control: 'T1040 Network Sniffing' },
  ],
  messages: { hostNetwork: 'The pod uses the node\'s network namespace (hostNetwork: true).' },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  hostNetwork: true
  containers:
    - name: web
      image: nginx:1.27
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (tpl?.spec.hostNetwork === true) ctx.report('hostNetwork', {}, [...tpl.specPath, 'hostNetwork']);
  },
});
