import { isMirrorPod, podServiceAccount, podTemplateOf, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'automount-service-account-token',
  area: 'workload',
  severity: 'low',
  title: 'ServiceAccount token mounted automatically',
  kinds: WORKLOAD_KINDS,
  description:
    'Flags a pod (or pod template) that runs as a named ServiceAccount other than `default` and has its ' +
    'API token mounted automatically: `automountServiceAccountToken` is not false on the pod or, when ' +
    'the pod leaves it unset, on the ServiceAccount object (known only when the input contains it; ' +
    'otherwise the API default, mounted, is assumed). The pod field wins over the ServiceAccount\'s. ' +
    'Pods running as `default` are `no-default-service-account-token`\'s concern, not this rule\'s, and ' +
    'mirror pods of static pods get no token. Workloads that do call the Kubernetes API (operators, ' +
    'controllers) need the token: suppress the finding on them with a reason.',
  rationale:
    'A mounted token is a credential for the API server that every process in every container of the ' +
    'pod can read. Most applications never call the API, yet an attacker who gets code execution in one ' +
    'of them can use the token with every permission the ServiceAccount has, today or after someone ' +
    'adds a RoleBinding later. Lower severity than the default-account case: a dedicated account\'s ' +
    'permissions are at least specific to the application and auditable.',
  remediation:
    'Set `automountServiceAccountToken: false` on the ServiceAccount (or in the pod spec) when the ' +
    'application does not call the Kubernetes API. If only one container needs it, keep automount off ' +
    'and mount a projected `serviceAccountToken` volume into that container alone.',
  references: [
    { framework: 'cis-k8s', control: '5.1.6' },
    { framework: 'nsa-cisa', control: 'Pod security: protecting Pod service account tokens' },
    { framework: 'mitre', control: 'T1528 Steal Application Access Token' },
  ],
  messages: {
    podTrue: 'Pods set automountServiceAccountToken: true, so the API token of ServiceAccount "{account}" is mounted.',
    accountTrue:
      'ServiceAccount "{account}" sets automountServiceAccountToken: true and the pod does not override it: its API ' +
      'token is mounted.',
    unset:
      'The API token of ServiceAccount "{account}" is mounted: neither the pod nor the ServiceAccount sets ' +
      'automountServiceAccountToken: false.',
    unsetAccountUnknown:
      'The API token of ServiceAccount "{account}" is mounted: the pod does not set automountServiceAccountToken: ' +
      'false (the ServiceAccount is not in the input).',
  },
  examples: {
    bad: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
---
apiVersion: apps/v1
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
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27
`,
    good: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
---
apiVersion: apps/v1
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
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || isMirrorPod(obj)) return;
    const sa = podServiceAccount(obj, tpl, ctx.set);
    if (sa.name === 'default' || !sa.automount) return;
    const id = sa.decidedBy === 'pod' ? 'podTrue' : sa.decidedBy === 'serviceAccount' ? 'accountTrue' : sa.serviceAccount ? 'unset' : 'unsetAccountUnknown';
    ctx.report(id, { account: sa.name }, sa.podAutomountPath);
  },
});
