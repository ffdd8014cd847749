import { psaPolicyOf } from '../../analyzers/pss/index.js';
import { defineRule } from '../../define-rule.js';

const DEFAULT_EXEMPT = ['kube-system'];

export default defineRule({
  id: 'pss-namespace-enforced',
  area: 'workload',
  severity: 'medium',
  title: 'Namespaces without an enforced Pod Security Standard',
  kinds: ['Namespace'],
  description:
    'Every Namespace should carry `pod-security.kubernetes.io/enforce: baseline` or `restricted`, so the ' +
    'Pod Security Admission controller rejects pods that break it. A namespace with no enforce label, or ' +
    '`privileged`, admits anything (unless the cluster-wide admission configuration sets a stricter ' +
    'default, which manifests cannot show). Namespaces listed in the `exempt` option (default ' +
    '`kube-system`) are skipped. Invalid label values are reported too: the controller then enforces ' +
    '`restricted`/`latest`, which is rarely what was meant.',
  rationale:
    'Without an enforced level, nothing stops a privileged, host-namespace or root pod from being ' +
    'created in the namespace by anyone who can create pods or controllers there.',
  remediation:
    'Label the namespace: `pod-security.kubernetes.io/enforce: restricted` (or `baseline` where ' +
    'restricted cannot work yet) and pin `pod-security.kubernetes.io/enforce-version`; use `warn` and ' +
    '`audit` labels to try a stricter level first.',
  references: [
    { framework: 'cis-k8s', control: '5.2.1' },
    { framework: 'pss', control: 'Pod Security Admission: namespace labels' },
    { framework: 'nsa-cisa', control: 'Pod security: use Pod Security Admission' },
  ],
  messages: {
    missing: 'Namespace "{name}" has no pod-security.kubernetes.io/enforce label: pods of any privilege are admitted.',
    privileged: 'Namespace "{name}" enforces the privileged level: pods of any privilege are admitted.',
    invalid: 'Namespace "{name}" has an invalid {label} value "{value}": admission falls back to {fallback}.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
`,
    good: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.35
`,
  },
  check(ns, ctx) {
    const exempt = Array.isArray(ctx.options.exempt) ? ctx.options.exempt.map(String) : DEFAULT_EXEMPT;
    if (exempt.includes(ns.name)) return;
    const { enforce } = psaPolicyOf(ns);
    for (const bad of enforce.invalid) {
      const fallback = bad.label.endsWith('-version') ? 'latest' : 'restricted';
      ctx.report('invalid', { name: ns.name, label: bad.label, value: bad.value, fallback }, ['metadata', 'labels', bad.label]);
    }
    if (!enforce.labelled) ctx.report('missing', { name: ns.name }, enforce.path);
    else if (enforce.level === 'privileged') ctx.report('privileged', { name: ns.name }, enforce.path);
  },
});
