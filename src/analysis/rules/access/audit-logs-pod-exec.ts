import { describeRequest, findRequests, isAuditPolicy, parseAuditPolicy, type RequestShape } from '../../analyzers/audit-policy/index.js';
import { defineRule } from '../../define-rule.js';

const STREAM_VERBS = ['get', 'create'];
const PROXY_VERBS = ['get', 'create', 'update', 'patch', 'delete'];

const SHAPES: RequestShape[] = [
  ...['exec', 'attach', 'portforward'].map((subresource) => ({ verbs: STREAM_VERBS, apiGroup: '', resource: 'pods', subresource })),
  { verbs: PROXY_VERBS, apiGroup: '', resource: 'pods', subresource: 'proxy' },
  { verbs: PROXY_VERBS, apiGroup: '', resource: 'services', subresource: 'proxy' },
  { verbs: PROXY_VERBS, apiGroup: '', resource: 'nodes', subresource: 'proxy', clusterScoped: true },
];

export default defineRule({
  id: 'audit-logs-pod-exec',
  area: 'access',
  severity: 'high',
  title: 'Audit policies must log exec, attach, port-forward and proxy',
  kinds: ['Policy'],
  description:
    'Reports audit policies (`audit.k8s.io/v1`, kind Policy) under which a request on `pods/exec`, ' +
    '`pods/attach`, `pods/portforward`, `pods/proxy`, `services/proxy` or `nodes/proxy` by an ordinary ' +
    'identity (any user, ServiceAccount or group other than control-plane components) is not logged: the ' +
    'first rule matching it has level `None`, or no rule matches (the API server\'s default is `None`). ' +
    'Both verbs count for the streaming subresources: kubectl opens them with a websocket GET, older ' +
    'clients with a POST (create).',
  rationale:
    'A shell in a pod, a tunnel to it or a request through the kubelet proxy is how an intruder moves from ' +
    'credentials to workloads; without an audit record there is no trace of who ran what, where.',
  remediation:
    'Log these subresources at `Metadata` or above in a rule placed before any `None` rule that could match ' +
    'them, and end the policy with a catch-all rule (for example `- level: Metadata`).',
  references: [
    { framework: 'cis-k8s', control: '3.2.2' },
    { framework: 'nsa-cisa', control: 'Audit logging and threat detection' },
    { framework: 'mitre', control: 'T1609 Container Administration Command' },
  ],
  messages: {
    none: 'rules[{index}] sets level None for {example}: exec, attach, port-forward and proxy requests it matches leave no audit record.',
    unmatched: 'No rule matches {example}: the API server does not log it (level None by default); add a catch-all rule.',
  },
  examples: {
    bad: `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: None
    resources:
      - group: ""
        resources: ["pods/*", "events"]
  - level: Metadata
`,
    good: `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: None
    resources:
      - group: ""
        resources: ["events", "pods/log", "pods/status"]
  - level: Metadata
`,
  },
  check(obj, ctx) {
    if (!isAuditPolicy(obj)) return;
    const policy = parseAuditPolicy(obj);
    const hits = findRequests(policy, SHAPES, (_req, d) => d.level === 'None', { ordinaryIdentitiesOnly: true });
    for (const hit of hits) {
      const rule = hit.decision.rule;
      if (rule) ctx.report('none', { index: rule.index, example: describeRequest(hit.request) }, ['rules', rule.index, 'level']);
      else ctx.report('unmatched', { example: describeRequest(hit.request) }, ['rules']);
    }
  },
});
