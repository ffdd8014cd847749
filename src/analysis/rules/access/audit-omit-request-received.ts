import { isAuditPolicy, parseAuditPolicy } from '../../analyzers/audit-policy/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'audit-omit-request-received',
  area: 'access',
  severity: 'low',
  title: 'Audit policies should omit the RequestReceived stage',
  kinds: ['Policy'],
  description:
    'Reports audit policies (`audit.k8s.io/v1`, kind Policy) with rules that log requests (any level but ' +
    '`None`) without omitting the `RequestReceived` stage, neither in the policy\'s `omitStages` nor in the ' +
    'rule\'s own (the API server omits the union of both).',
  rationale:
    'Every logged request then produces an extra event as soon as it arrives, before it is authorized or ' +
    'answered, which carries nothing the `ResponseComplete` event lacks: the log doubles in size, costs ' +
    'more to keep, and drops events sooner when its backend falls behind.',
  remediation: 'Add `omitStages: ["RequestReceived"]` at the top of the policy.',
  references: [
    { framework: 'nsa-cisa', control: 'Audit logging and threat detection' },
    { framework: 'mitre', control: 'T1562.008 Impair Defenses: Disable or Modify Cloud Logs' },
  ],
  messages: {
    received: 'rules {rules} log the RequestReceived stage: omit it in the policy\'s omitStages.',
  },
  examples: {
    bad: `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
`,
    good: `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
`,
  },
  check(obj, ctx) {
    if (!isAuditPolicy(obj)) return;
    const policy = parseAuditPolicy(obj);
    if (policy.omitStages.includes('RequestReceived')) return;
    const logging = policy.rules.filter((r) => r.level !== undefined && r.level !== 'None' && !r.omitStages.includes('RequestReceived'));
    if (logging.length === 0) return;
    ctx.report('received', { rules: logging.map((r) => `[${r.index}]`).join(', ') }, obj.raw.omitStages !== undefined ? ['omitStages'] : ['rules', logging[0]!.index]);
  },
});
