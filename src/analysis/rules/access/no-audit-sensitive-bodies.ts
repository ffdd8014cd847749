import { describeRequest, findRequests, isAuditPolicy, parseAuditPolicy, type AuditHit, type RequestShape } from '../../analyzers/audit-policy/index.js';
import { defineRule } from '../../define-rule.js';

const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
/** Requests whose body holds the object: logged by level Request. */
const BODY_VERBS = new Set(['create', 'update', 'patch']);

const SENSITIVE: { label: string; shape: RequestShape; requestBodyLeaks: boolean }[] = [
  { label: 'Secrets', shape: { verbs: ALL_VERBS, apiGroup: '', resource: 'secrets' }, requestBodyLeaks: true },
  { label: 'ConfigMaps', shape: { verbs: ALL_VERBS, apiGroup: '', resource: 'configmaps' }, requestBodyLeaks: true },
  { label: 'TokenReviews', shape: { verbs: ['create'], apiGroup: 'authentication.k8s.io', resource: 'tokenreviews', clusterScoped: true }, requestBodyLeaks: true },
  // A TokenRequest's body holds no secret; its response holds the token.
  { label: 'ServiceAccount tokens', shape: { verbs: ['create'], apiGroup: '', resource: 'serviceaccounts', subresource: 'token' }, requestBodyLeaks: false },
];

export default defineRule({
  id: 'no-audit-sensitive-bodies',
  area: 'access',
  severity: 'high',
  title: 'Audit policies that log Secret values',
  kinds: ['Policy'],
  description:
    'Reports the rules of an audit policy (`audit.k8s.io/v1`, kind Policy) that log Secrets, ConfigMaps, ' +
    'TokenReviews or TokenRequests (`serviceaccounts/token`) above `Metadata` in a way that writes their ' +
    'content: `RequestResponse` for any request, `Request` for create, update and patch (whose bodies hold ' +
    'the object, or for a TokenReview the token). Rules are judged in order, as the API server applies ' +
    'the first rule that matches a request: a `Metadata` rule for Secrets placed after a catch-all ' +
    '`RequestResponse` rule comes too late.',
  rationale:
    'Audit logs are shipped to log stores that many more people and systems can read than the cluster\'s ' +
    'Secrets; a policy that records request or response bodies copies every password, key and token into ' +
    'them.',
  remediation:
    'Put a rule logging `secrets`, `configmaps` and `serviceaccounts/token` (group "") and `tokenreviews` ' +
    '(group authentication.k8s.io) at level `Metadata` before any rule that logs bodies.',
  references: [
    { framework: 'cis-k8s', control: '3.2.2' },
    { framework: 'nsa-cisa', control: 'Audit logging and threat detection' },
    { framework: 'mitre', control: 'T1552 Unsecured Credentials' },
  ],
  messages: {
    leak: 'rules[{index}] logs {level} for {what}, which writes their values into the audit log (e.g. {example}).',
  },
  examples: {
    bad: `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: None
    nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
  - level: RequestResponse
`,
    good: `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: None
    nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: authentication.k8s.io
        resources: ["tokenreviews"]
  - level: RequestResponse
`,
  },
  check(obj, ctx) {
    if (!isAuditPolicy(obj)) return;
    const policy = parseAuditPolicy(obj);
    const byRule = new Map<number, { labels: string[]; hit: AuditHit }>();
    for (const s of SENSITIVE) {
      const hits = findRequests(policy, [s.shape], (req, d) => d.level === 'RequestResponse' || (d.level === 'Request' && s.requestBodyLeaks && BODY_VERBS.has(req.verb)));
      for (const hit of hits) {
        const index = hit.decision.rule!.index;
        const entry = byRule.get(index);
        if (entry) entry.labels.push(s.label);
        else byRule.set(index, { labels: [s.label], hit });
      }
    }
    for (const [index, { labels, hit }] of [...byRule.entries()].sort(([a], [b]) => a - b)) {
      ctx.report('leak', { index, level: hit.decision.level, what: labels.join(', '), example: describeRequest(hit.request) }, ['rules', index, 'level']);
    }
  },
});
