import { testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-broad-secret-read.js';

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: shop
type: Opaque
`;

const clusterRoleBinding = (name: string, role: string, subjects: string): string => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
subjects:
${subjects}
`;

const SECRET_READER = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secret-reader
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list"]
`;

const valid: ValidCase[] = [
  {
    name: 'read access for one specific ServiceAccount is left to no-secret-read-access',
    yaml: SECRET + SECRET_READER + clusterRoleBinding('backend-reads', 'secret-reader', '  - { kind: ServiceAccount, name: backend, namespace: shop }'),
  },
  {
    name: 'the control plane\'s own bindings and subjects',
    yaml: SECRET + clusterRoleBinding('cluster-admin', 'cluster-admin', '  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:masters" }')
      + clusterRoleBinding('ops-admin', 'cluster-admin', '  - { kind: User, apiGroup: rbac.authorization.k8s.io, name: "system:kube-controller-manager" }'),
  },
  {
    name: 'a wildcard on verbs with secrets named is not a wildcard on resources',
    yaml: SECRET + `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-admin }
rules:
  - { apiGroups: [""], resources: ["secrets"], verbs: ["*"] }
` + clusterRoleBinding('vault-admin', 'secret-admin', '  - { kind: ServiceAccount, name: vault, namespace: vault }'),
  },
  {
    name: 'broad groups with access to other resources, or to Secrets in another namespace',
    yaml: SECRET + `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: config-reader }
rules:
  - { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] }
` + clusterRoleBinding('everyone-config', 'config-reader', '  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:authenticated" }') + `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: everyone-secrets, namespace: sandbox }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
subjects:
  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:authenticated" }
` + SECRET_READER,
  },
  {
    name: 'a resourceNames grant to a broad group for another Secret',
    yaml: SECRET + `---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: read-ca, namespace: shop }
rules:
  - { apiGroups: [""], resources: ["secrets"], resourceNames: ["public-ca"], verbs: ["get"] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: read-ca, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: read-ca }
subjects:
  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccounts:shop" }
`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'cluster-admin bound to a workload\'s ServiceAccount (the insecure shop example)',
    yaml: SECRET + clusterRoleBinding('backend-admin', 'cluster-admin', '  - { kind: ServiceAccount, name: backend, namespace: shop }'),
    findings: [{
      messageId: 'secret', line: 4, column: 3, path: 'metadata.name',
      data: { namespace: 'shop', name: 'db-credentials', readers: 'ServiceAccount shop/backend can get, list, watch it through ClusterRoleBinding/backend-admin -> ClusterRole/cluster-admin (resources "*")' },
    }],
  },
  {
    name: 'every authenticated identity, cluster-wide',
    yaml: SECRET + SECRET_READER + clusterRoleBinding('everyone-reads', 'secret-reader', '  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:authenticated" }'),
    findings: [{
      messageId: 'secret', line: 4,
      data: { namespace: 'shop', name: 'db-credentials', readers: 'Group system:authenticated (every authenticated user and ServiceAccount) can get, list it through ClusterRoleBinding/everyone-reads -> ClusterRole/secret-reader' },
    }],
  },
  {
    name: 'a resourceNames grant to all ServiceAccounts of the namespace (which no-secret-read-access does not report)',
    yaml: rule.examples.bad,
    findings: [{
      messageId: 'secret', line: 4,
      data: { namespace: 'shop', name: 'db-credentials', readers: 'Group system:serviceaccounts:shop (every ServiceAccount of namespace "shop") can get it through RoleBinding/shop/read-db-credentials -> Role/shop/read-db-credentials' },
    }],
  },
  {
    name: 'the Secret an ExternalSecret creates, readable by the namespace\'s default ServiceAccount and anonymous users',
    yaml: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: api, namespace: shop }
spec:
  secretStoreRef: { kind: SecretStore, name: aws }
  target:
    name: api-token
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: all-secrets, namespace: shop }
rules:
  - { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: oops, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: all-secrets }
subjects:
  - { kind: ServiceAccount, name: default }
  - { kind: User, apiGroup: rbac.authorization.k8s.io, name: "system:anonymous" }
`,
    findings: [{
      messageId: 'managed', line: 7, column: 5, path: 'spec.target.name',
      data: {
        namespace: 'shop', name: 'api-token', kind: 'ExternalSecret',
        readers: 'ServiceAccount shop/default (every pod of namespace "shop" that names no ServiceAccount) can get, list, watch it through RoleBinding/shop/oops -> Role/shop/all-secrets; '
          + 'User system:anonymous (anonymous requests) can get, list, watch it through RoleBinding/shop/oops -> Role/shop/all-secrets',
      },
    }],
  },
  {
    name: 'a Secret only a workload names, reported once (env before envFrom); one in the input at the Secret',
    yaml: SECRET + `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: api:1
          envFrom:
            - secretRef: { name: api-token }
          env:
            - name: TOKEN
              valueFrom: { secretKeyRef: { name: api-token, key: token } }
            - name: DB
              valueFrom: { secretKeyRef: { name: db-credentials, key: password } }
` + SECRET_READER + clusterRoleBinding('sa-reads', 'secret-reader', '  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccounts" }'),
    findings: [
      { messageId: 'secret', line: 4, data: { namespace: 'shop', name: 'db-credentials', readers: 'Group system:serviceaccounts (every ServiceAccount of every namespace) can get, list it through ClusterRoleBinding/sa-reads -> ClusterRole/secret-reader' } },
      { messageId: 'used', line: 23, path: 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef', data: { namespace: 'shop', name: 'api-token', readers: 'Group system:serviceaccounts (every ServiceAccount of every namespace) can get, list it through ClusterRoleBinding/sa-reads -> ClusterRole/secret-reader' } },
    ],
  },
  {
    name: 'many readers: broad audiences first, the rest counted',
    yaml: SECRET + SECRET_READER + clusterRoleBinding('wide', 'secret-reader', `  - { kind: ServiceAccount, name: default, namespace: shop }
  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:unauthenticated" }
  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccounts:shop" }
  - { kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:authenticated" }
  - { kind: User, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccount:dev:default" }`)
      + clusterRoleBinding('admins', 'cluster-admin', '  - { kind: User, apiGroup: rbac.authorization.k8s.io, name: alice }'),
    findings: [{
      messageId: 'secret', line: 4,
      data: {
        namespace: 'shop', name: 'db-credentials',
        readers: 'Group system:authenticated (every authenticated user and ServiceAccount) can get, list it through ClusterRoleBinding/wide -> ClusterRole/secret-reader; '
          + 'Group system:serviceaccounts:shop (every ServiceAccount of namespace "shop") can get, list it through ClusterRoleBinding/wide -> ClusterRole/secret-reader; '
          + 'Group system:unauthenticated (anonymous requests) can get, list it through ClusterRoleBinding/wide -> ClusterRole/secret-reader; '
          + 'ServiceAccount shop/default (every pod of namespace "shop" that names no ServiceAccount) can get, list it through ClusterRoleBinding/wide -> ClusterRole/secret-reader; '
          + 'and 2 more',
      },
    }],
  },
];

testRule(rule, { valid, invalid });
