import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-default-service-account-token.js';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: automountServiceAccountToken: false on the pod`,
    yaml: inWorkload(kind, `
automountServiceAccountToken: false
containers:
  - name: app
    image: nginx:1.27
`).yaml,
  });

  // Nothing set: the finding points at the pod spec, where automountServiceAccountToken belongs.
  const bare = inWorkload(kind, `
containers:
  - name: app
    image: nginx:1.27
`);
  invalid.push({
    name: `${kind}: no serviceAccountName and no automount setting`,
    yaml: bare.yaml,
    findings: [{ messageId: 'unsetAccountUnknown', line: bare.line(0), column: bare.column(-1) }],
  });
}

const DEFAULT_SA_OFF = `---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
automountServiceAccountToken: false
`;

valid.push(
  {
    name: 'a named ServiceAccount is not this rule\'s concern',
    yaml: inWorkload('Deployment', `
serviceAccountName: web
containers:
  - name: app
    image: nginx:1.27
`).yaml,
  },
  {
    name: 'the deprecated serviceAccount field names a non-default account when serviceAccountName is empty',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccountName: ""
  serviceAccount: legacy
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'the default ServiceAccount in the input disables automount and the pod leaves it unset',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
  containers:
    - name: app
      image: nginx:1.27
${DEFAULT_SA_OFF}`,
  },
  {
    name: 'the pod field wins: false on the pod beats true on the ServiceAccount',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
automountServiceAccountToken: true
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccountName: default
  automountServiceAccountToken: false
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'a mirror pod of a static pod gets no token',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: etcd-node1
  namespace: kube-system
  annotations:
    kubernetes.io/config.mirror: 5e1b0e1b7c9c4f3f
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.21-0
`,
  },
);

invalid.push(
  {
    name: 'the pod field wins: true on the pod beats false on the ServiceAccount, reported at the field',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
  automountServiceAccountToken: true
  containers:
    - name: app
      image: nginx:1.27
${DEFAULT_SA_OFF}`,
    findings: [{ messageId: 'podTrue', line: 7, column: 3, path: 'spec.automountServiceAccountToken' }],
  },
  {
    name: 'serviceAccountName: default is the default account',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccountName: default
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'unsetAccountUnknown', line: 5, column: 1, path: 'spec.automountServiceAccountToken' }],
  },
  {
    name: 'serviceAccountName wins over the deprecated serviceAccount',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccountName: default
  serviceAccount: legacy
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'unsetAccountUnknown', line: 5, column: 1 }],
  },
  {
    name: 'the deprecated serviceAccount: default alone',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccount: default
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'unsetAccountUnknown', line: 5, column: 1 }],
  },
  {
    name: 'the default ServiceAccount in the input sets automount true',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
automountServiceAccountToken: true
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'accountTrue', line: 11, column: 1 }],
  },
  {
    name: 'the default ServiceAccount in the input leaves automount unset',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
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
      containers:
        - name: web
          image: nginx:1.27
`,
    findings: [{ messageId: 'unset', line: 18, column: 5, path: 'spec.template.spec.automountServiceAccountToken' }],
  },
  {
    name: 'a default ServiceAccount in another namespace does not count',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: payments
spec:
  containers:
    - name: app
      image: nginx:1.27
${DEFAULT_SA_OFF}`,
    findings: [{ messageId: 'unsetAccountUnknown', line: 6, column: 1 }],
  },
  {
    name: 'automountServiceAccountToken: "false" as a string is not false (the API would reject it)',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  automountServiceAccountToken: "false"
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'unsetAccountUnknown', line: 6, column: 3 }],
  },
);

testRule(rule, { valid, invalid });
