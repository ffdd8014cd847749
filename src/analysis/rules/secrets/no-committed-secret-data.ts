import { isRecord, type KubeObject } from '../../../model/index.js';
import { decodeBase64, isLiveObject, isPlaceholder, safeLabel } from '../../analyzers/secret-detection/index.js';
import { defineRule } from '../../define-rule.js';

/** How messages name the common Secret types. */
const TYPE_LABELS: Record<string, string> = {
  Opaque: 'Opaque',
  'kubernetes.io/tls': 'a TLS certificate and private key',
  'kubernetes.io/dockerconfigjson': 'registry credentials',
  'kubernetes.io/dockercfg': 'registry credentials',
  'kubernetes.io/basic-auth': 'a user name and password',
  'kubernetes.io/ssh-auth': 'an SSH private key',
  'kubernetes.io/service-account-token': 'a ServiceAccount token',
  'bootstrap.kubernetes.io/token': 'a node bootstrap token',
};

/** PEM text with nothing but certificates, public keys and CRLs: public material, not a secret. */
function isPublicPem(text: string): boolean {
  const blocks = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  let rest = text;
  let any = false;
  for (const m of text.matchAll(blocks)) {
    if (!/^(?:CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|PUBLIC KEY|RSA PUBLIC KEY)$/.test(m[1]!)) return false;
    any = true;
    rest = rest.replace(m[0], '');
  }
  return any && rest.trim() === '';
}

interface Carried {
  field: 'data' | 'stringData';
  keys: string[];
}

/**
 * The keys whose values a Secret manifest carries: non-empty after base64 decoding (`data`) and
 * not a placeholder or reference (`<changeme>`, `${VAR}` for envsubst, SOPS `ENC[...]`). Invalid
 * base64 counts as carried: the text is still in the file.
 */
function carriedKeys(secret: KubeObject): Carried | undefined {
  let field: Carried['field'] | undefined;
  const keys: string[] = [];
  for (const f of ['data', 'stringData'] as const) {
    const map = secret.raw[f];
    if (!isRecord(map)) continue;
    for (const [key, raw] of Object.entries(map)) {
      if (typeof raw !== 'string' && typeof raw !== 'number') continue;
      const text = String(raw);
      if (text.trim() === '') continue;
      let value = text;
      if (f === 'data') {
        const bytes = decodeBase64(text);
        if (bytes && bytes.length === 0) continue;
        if (bytes) value = bytes.toString('utf8');
      }
      if (isPlaceholder(value) || isPublicPem(value)) continue;
      field ??= f;
      keys.push(key);
    }
  }
  return field ? { field, keys } : undefined;
}

function keyList(keys: readonly string[]): string {
  const labels = keys.map((k, i) => safeLabel(k) ?? `key ${i + 1}`);
  return labels.length <= 5 ? labels.join(', ') : `${labels.slice(0, 5).join(', ')} and ${labels.length - 5} more`;
}

function sourceFile(obj: KubeObject): string {
  if (obj.source.type === 'file') return obj.source.file;
  if (obj.source.type === 'rendered') return obj.source.via;
  return '';
}

export default defineRule({
  id: 'no-committed-secret-data',
  area: 'secrets',
  severity: 'high',
  title: 'Secret values committed in manifests',
  description:
    'Reports `kind: Secret` manifests whose `data` or `stringData` carry values: base64 is an encoding, not ' +
    'encryption. Empty values, placeholders and references (`<changeme>`, `${VAR}` filled in by envsubst), ' +
    'SOPS-encrypted values and public material (PEM certificates and public keys alone) are not reported, nor are Secrets that declare no data (a ServiceAccount token Secret ' +
    'the token controller fills in). Sealed Secrets, ExternalSecrets and Secrets Store CSI volumes are the ' +
    'intended alternatives and are never reported. Objects exported from a live cluster (they carry `uid`, ' +
    '`resourceVersion`, `managedFields` or a `creationTimestamp`) hold data legitimately in the cluster, but a ' +
    'file of them is a copy of every credential: such a file is reported once, on its first Secret, with the ' +
    'count. Secrets read straight from a cluster are never reported. Key names are listed; values never.',
  rationale:
    'A Secret manifest in Git gives its values to everyone who can read the repository, its forks, CI logs and ' +
    'backups, forever: removing the file does not remove it from history. The cluster side (RBAC on Secrets, ' +
    'encryption at rest) protects nothing once the value is in the repository.',
  remediation:
    'Rotate the credentials, remove the manifest from the repository (and its history), and keep the values in ' +
    'a secret manager: External Secrets (`ExternalSecret` from AWS Secrets Manager, Vault, GCP or Azure), the ' +
    'Secrets Store CSI driver, or the Vault Agent injector. To keep Secrets in Git, encrypt them: Sealed Secrets ' +
    '(`SealedSecret`) or SOPS. Delete cluster exports that contain Secrets, or export without them.',
  references: [
    { framework: 'cis-k8s', control: '5.4.2' },
    { framework: 'nsa-cisa', control: 'Secrets: store credentials in Secrets or an external vault, not in manifests' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
  ],
  messages: {
    committed: 'Secret "{name}" ({type}) carries {count} value(s) in the manifest: {keys}. Base64 is an encoding, not encryption.',
    liveExport: 'Secret "{name}" was exported from a live cluster with its values ({keys}); this file holds the values of {count} Secret(s) in all.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: shop
type: Opaque
data:
  POSTGRES_USER: c2hvcA==
  POSTGRES_PASSWORD: aHVudGVyMg==
`,
    good: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: db-credentials
  namespace: shop
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: SecretStore
    name: aws-secrets-manager
  target:
    name: db-credentials
  data:
    - secretKey: password
      remoteRef:
        key: prod/shop/db
        property: password
`,
  },
  checkSet(set, ctx) {
    const exports = new Map<string, { first: KubeObject; carried: Carried; count: number }>();
    for (const secret of set.ofKind('Secret')) {
      if (secret.apiVersion !== 'v1' || secret.source.type === 'reference') continue;
      const carried = carriedKeys(secret);
      if (!carried) continue;
      if (isLiveObject(secret)) {
        const file = sourceFile(secret);
        const entry = exports.get(file);
        if (entry) entry.count++;
        else exports.set(file, { first: secret, carried, count: 1 });
        continue;
      }
      const type = typeof secret.raw.type === 'string' && secret.raw.type !== '' ? secret.raw.type : 'Opaque';
      ctx.reportOn(secret, 'committed', {
        name: secret.name, type: TYPE_LABELS[type] ?? safeLabel(type) ?? 'custom type', count: carried.keys.length, keys: keyList(carried.keys),
      }, [carried.field]);
    }
    for (const { first, carried, count } of exports.values()) {
      ctx.reportOn(first, 'liveExport', { name: first.name, keys: keyList(carried.keys), count }, [carried.field]);
    }
  },
});
