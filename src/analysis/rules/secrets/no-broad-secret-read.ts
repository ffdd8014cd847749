import { isWorkload, type KubeObject, type Path } from '../../../model/index.js';
import {
  isDefaultBinding, isSystemSubject, rbac, subjectLabel, type Grant, type RbacBinding, type SubjectRef,
} from '../../analyzers/rbac/index.js';
import { managedSecretsOf, secretUsesOf } from '../../analyzers/secret-detection/index.js';
import { defineRule } from '../../define-rule.js';

const VERBS = ['get', 'list', 'watch'] as const;
const MAX_READERS = 4;

/** A Secret that exists, or will, in the cluster, and where a finding about it points. */
interface Target {
  namespace: string;
  name: string;
  object: KubeObject;
  path: Path;
  messageId: 'secret' | 'managed' | 'used';
}

/**
 * The Secrets to judge, each once: Secret objects, the Secrets ExternalSecrets and SealedSecrets
 * create, and the Secrets workloads use (which must exist for their pods to start). The first
 * mention wins, in that order.
 */
function targetsOf(objects: Iterable<KubeObject>, secrets: readonly KubeObject[], managed: ReturnType<typeof managedSecretsOf>): Target[] {
  const out: Target[] = [];
  const seen = new Set<string>();
  const add = (t: Target): void => {
    const key = `${t.namespace}\u0000${t.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(t);
  };
  for (const s of secrets) {
    if (s.apiVersion === 'v1' && s.namespace !== undefined && s.name !== '' && !s.name.endsWith('*')) {
      add({ namespace: s.namespace, name: s.name, object: s, path: ['metadata', 'name'], messageId: 'secret' });
    }
  }
  for (const m of managed) add({ namespace: m.namespace, name: m.name, object: m.object, path: m.path, messageId: 'managed' });
  for (const obj of objects) {
    if (!isWorkload(obj)) continue;
    for (const u of secretUsesOf(obj)) add({ namespace: u.namespace, name: u.secret, object: obj, path: u.path, messageId: 'used' });
  }
  return out;
}

/** Who a broad subject stands for, or undefined for a subject that names specific identities. */
function audienceOf(s: SubjectRef): string | undefined {
  if (s.kind === 'Group') {
    if (s.name === 'system:authenticated') return 'every authenticated user and ServiceAccount';
    if (s.name === 'system:unauthenticated') return 'anonymous requests';
    if (s.name === 'system:serviceaccounts') return 'every ServiceAccount of every namespace';
    const ns = /^system:serviceaccounts:(.+)$/.exec(s.name)?.[1];
    return ns !== undefined ? `every ServiceAccount of namespace "${ns}"` : undefined;
  }
  if (s.kind === 'User') {
    if (s.name === 'system:anonymous') return 'anonymous requests';
    const ns = /^system:serviceaccount:([^:]+):default$/.exec(s.name)?.[1];
    return ns !== undefined ? `every pod of namespace "${ns}" that names no ServiceAccount` : undefined;
  }
  return s.name === 'default' ? `every pod of namespace "${s.namespace}" that names no ServiceAccount` : undefined;
}

interface Reader {
  subject: SubjectRef;
  audience: string | undefined;
  verbs: Set<string>;
  grants: Grant[];
}

function describeReader(r: Reader): string {
  const via: string[] = [];
  for (const g of r.grants) {
    const wildcard = r.audience === undefined ? ' (resources "*")' : '';
    const text = `${g.binding} -> ${g.role}${wildcard}`;
    if (!via.includes(text)) via.push(text);
  }
  const who = r.audience !== undefined ? `${subjectLabel(r.subject)} (${r.audience})` : subjectLabel(r.subject);
  return `${who} can ${VERBS.filter((v) => r.verbs.has(v)).join(', ')} it through ${via.join(', ')}`;
}

export default defineRule({
  id: 'no-broad-secret-read',
  area: 'secrets',
  severity: 'medium',
  uses: [rbac],
  title: 'Secrets readable by broad audiences',
  description:
    'For each Secret in the input, each Secret an ExternalSecret or SealedSecret creates, and each Secret a ' +
    'workload uses, asks the RBAC engine who may `get`, `list` or `watch` it (with `resourceNames` matched as ' +
    'the authorizer does) and reports it, once, when that includes a broad audience: `system:authenticated`, ' +
    '`system:unauthenticated`/`system:anonymous`, `system:serviceaccounts`, all ServiceAccounts of a namespace ' +
    '(`system:serviceaccounts:<ns>`) or a namespace\'s `default` ServiceAccount; or a subject other than the ' +
    'control plane\'s own that reaches it only through a `resources: ["*"]` rule of a binding Kubernetes did not ' +
    'create. The finding names each such subject, the verbs, and the binding and role behind them. This is the ' +
    'per-Secret view of what the access rules report per binding (no-secret-read-access, ' +
    'no-all-authenticated-bindings, no-default-service-account-bindings, no-cluster-admin-binding, ' +
    'no-wildcard-permissions): it points at the Secret, lists everything that exposes it in one finding, and also ' +
    'covers grants limited to the Secret by `resourceNames`, which no-secret-read-access leaves out. Subjects ' +
    'granted `secrets` by name (an operator\'s ServiceAccount) are left to no-secret-read-access.',
  rationale:
    'A Secret is only as private as the widest audience that can read it. Every pod\'s token is in ' +
    '`system:authenticated` and `system:serviceaccounts`, so a read grant there hands the Secret to the weakest ' +
    'workload of the cluster; a grant to a namespace\'s ServiceAccounts or its `default` account hands it to ' +
    'every pod there, whether it needs the Secret or not; a wildcard rule grants Secrets nobody meant to grant.',
  remediation:
    'Remove the broad subject from the binding, or the `secrets` access from the role, and give read access only ' +
    'to the ServiceAccount of the workload that needs it, limited with `resourceNames`; better, mount the Secret ' +
    'into that workload\'s pods so that no API read access is needed. Replace `resources: ["*"]` with the ' +
    'resources the subject uses.',
  references: [
    { framework: 'cis-k8s', control: '5.1.2' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1552.007 Unsecured Credentials: Container API' },
  ],
  messages: {
    secret: 'Secret "{namespace}/{name}" is readable by more than the workloads that use it: {readers}.',
    managed: 'Secret "{namespace}/{name}", which this {kind} creates, is readable by more than the workloads that use it: {readers}.',
    used: 'Secret "{namespace}/{name}", which this workload uses, is readable by more than the workloads that use it: {readers}.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: shop
type: Opaque
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: read-db-credentials
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["db-credentials"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-db-credentials
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: read-db-credentials
subjects:
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: system:serviceaccounts:shop
`,
    good: `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: shop
type: Opaque
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: read-db-credentials
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["db-credentials"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-db-credentials
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: read-db-credentials
subjects:
  - kind: ServiceAccount
    name: backend
    namespace: shop
`,
  },
  checkSet(set, ctx) {
    const targets = targetsOf(set, set.ofKind('Secret'), managedSecretsOf(set));
    if (targets.length === 0) return;
    const index = ctx.use(rbac);
    const bindings = new Map<string, RbacBinding>(index.bindings.map((b) => [b.ref, b]));
    for (const t of targets) {
      const readers = new Map<string, Reader>();
      for (const verb of VERBS) {
        const answer = index.whoCan({ verb, apiGroup: '', resource: 'secrets', namespace: t.namespace, name: t.name });
        for (const s of answer.subjects) {
          const audience = audienceOf(s);
          let grants = s.via;
          if (audience === undefined) {
            if (isSystemSubject(s)) continue;
            grants = grants.filter((g) => {
              const b = bindings.get(g.binding);
              return g.rule.resources.includes('*') && b !== undefined && !isDefaultBinding(b);
            });
            // A specific subject that also has secrets by name is not reached only through the wildcard.
            if (grants.length === 0 || grants.length < s.via.length) continue;
          }
          const key = `${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`;
          let r = readers.get(key);
          if (!r) readers.set(key, (r = { subject: { kind: s.kind, name: s.name, ...(s.namespace !== undefined ? { namespace: s.namespace } : {}) }, audience, verbs: new Set(), grants: [] }));
          r.verbs.add(verb);
          for (const g of grants) if (!r.grants.includes(g)) r.grants.push(g);
        }
      }
      if (readers.size === 0) continue;
      // Broad audiences first, in whoCan's order (groups, ServiceAccounts, users).
      const list = [...readers.values()].sort((a, b) => Number(a.audience === undefined) - Number(b.audience === undefined));
      const shown = list.slice(0, MAX_READERS).map(describeReader);
      const readersText = list.length > MAX_READERS ? `${shown.join('; ')}; and ${list.length - MAX_READERS} more` : shown.join('; ');
      ctx.reportOn(t.object, t.messageId, { namespace: t.namespace, name: t.name, kind: t.object.kind, readers: readersText }, t.path);
    }
  },
});
