import { isMirrorPod, podServiceAccount, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-default-service-account-token',
  area: 'workload',
  severity: 'medium',
  title: 'Default ServiceAccount token mounted',
  kinds: WORKLOAD_KINDS,
  description:
    'Flags a pod (or pod template) that runs as its namespace\'s `default` ServiceAccount and has that ' +
    'account\'s API token mounted. The pod uses `default` when `serviceAccountName` is unset or empty and ' +
    'the deprecated `serviceAccount` field is too (the API server reads `serviceAccount` only when ' +
    '`serviceAccountName` is empty), or when either names `default`. The token is mounted unless ' +
    '`automountServiceAccountToken: false` is set on the pod or, when the pod leaves it unset, on the ' +
    '`default` ServiceAccount object; the ServiceAccount is only known when the input contains it, so ' +
    'without it the API default (mounted) is assumed. The pod field wins over the ServiceAccount\'s. ' +
    'Not flagged: pods using another ServiceAccount (see `automount-service-account-token`), mirror pods ' +
    'of static pods (they get no token), and tokens mounted explicitly through a projected ' +
    '`serviceAccountToken` volume.',
  rationale:
    'Every namespace has a `default` ServiceAccount and every pod that names no other runs as it, so its ' +
    'token is shared by all of them; any RoleBinding someone adds for `default` (a common shortcut) is ' +
    'silently granted to every such pod. An attacker who gets code execution in one of those containers ' +
    'reads the token from /var/run/secrets/kubernetes.io/serviceaccount and calls the API server with ' +
    'whatever the namespace\'s default identity can do; permissions cannot be audited per application.',
  remediation:
    'Set `automountServiceAccountToken: false` in the pod spec when the application does not call the ' +
    'Kubernetes API, and set it on each namespace\'s `default` ServiceAccount as well. When the ' +
    'application needs the API, create a dedicated ServiceAccount with only the RBAC it needs and name ' +
    'it in `serviceAccountName`.',
  references: [
    { framework: 'cis-k8s', control: '5.1.5' },
    { framework: 'cis-k8s', control: '5.1.6' },
    { framework: 'nsa-cisa', control: 'Pod security: protecting Pod service account tokens' },
    { framework: 'mitre', control: 'T1528 Steal Application Access Token' },
  ],
  messages: {
    podTrue: 'Pods run as the "default" ServiceAccount and set automountServiceAccountToken: true, so its API token is mounted.',
    accountTrue:
      'Pods run as the "default" ServiceAccount, which sets automountServiceAccountToken: true, and the pod does not ' +
      'override it: its API token is mounted.',
    unset:
      'Pods run as the "default" ServiceAccount with its API token mounted: neither the pod nor the ServiceAccount ' +
      'sets automountServiceAccountToken: false.',
    unsetAccountUnknown:
      'Pods run as the "default" ServiceAccount with its API token mounted: the pod does not set ' +
      'automountServiceAccountToken: false (the ServiceAccount is not in the input).',
  },
  examples: {
    bad: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
    good: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          image: nginx:1.27
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isMirrorPod(obj)) return;
    const sa = podServiceAccount(obj, tpl, ctx.set);
    if (sa.name !== 'default' || !sa.automount) return;
    const id = sa.decidedBy === 'pod' ? 'podTrue' : sa.decidedBy === 'serviceAccount' ? 'accountTrue' : sa.serviceAccount ? 'unset' : 'unsetAccountUnknown';
    ctx.report(id, {}, sa.podAutomountPath);
  },
});
