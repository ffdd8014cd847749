import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './automount-service-account-token.js';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: a named account with automountServiceAccountToken: false on the pod`,
    yaml: inWorkload(kind, `
serviceAccountName: web
automountServiceAccountToken: false
containers:
  - name: app
    image: nginx:1.27
`).yaml,
  });

  const named = inWorkload(kind, `
serviceAccountName: web
containers:
  - name: app
    image: nginx:1.27
`);
  invalid.push({
    name: `${kind}: a named account, nothing disables the token`,
    yaml: named.yaml,
    findings: [{ messageId: 'unsetAccountUnknown', line: named.line(0), column: named.column(-1), data: { account: 'web' } }],
  });
}

valid.push(
  {
    name: 'the default ServiceAccount is no-default-service-account-token\'s concern',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'serviceAccountName: default too',
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
  },
  {
    name: 'the ServiceAccount in the input disables automount and the pod leaves it unset',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
  serviceAccountName: web
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'the pod field wins: false on the pod beats true on the ServiceAccount',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
automountServiceAccountToken: true
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccountName: web
  automountServiceAccountToken: false
  containers:
    - name: app
      image: nginx:1.27
`,
  },
  {
    name: 'a mirror pod gets no token',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: kube-proxy-node1
  namespace: kube-system
  annotations:
    kubernetes.io/config.mirror: 9d2c
spec:
  serviceAccountName: kube-proxy
  containers:
    - name: kube-proxy
      image: registry.k8s.io/kube-proxy:v1.33.1
`,
  },
);

invalid.push(
  {
    name: 'the pod field wins: true on the pod beats false on the ServiceAccount, reported at the field',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccountName: web
  automountServiceAccountToken: true
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'podTrue', line: 13, column: 3, data: { account: 'web' }, path: 'spec.automountServiceAccountToken' }],
  },
  {
    name: 'the ServiceAccount in the input sets automount true',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: true
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
  serviceAccountName: web
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'accountTrue', line: 13, column: 1, data: { account: 'web' } }],
  },
  {
    name: 'the ServiceAccount in the input leaves automount unset',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccountName: web
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'unset', line: 10, column: 1, data: { account: 'web' } }],
  },
  {
    name: 'a ServiceAccount of the same name in another namespace does not count',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: other
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
  serviceAccountName: web
  containers:
    - name: app
      image: nginx:1.27
`,
    findings: [{ messageId: 'unsetAccountUnknown', line: 13, column: 1, data: { account: 'web' } }],
  },
  {
    name: 'the deprecated serviceAccount field names the account when serviceAccountName is empty',
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
    findings: [{ messageId: 'unsetAccountUnknown', line: 5, column: 1, data: { account: 'legacy' } }],
  },
);

testRule(rule, { valid, invalid });
