import { isRecord, type Path } from '../../../model/index.js';
import {
  assessCredential, decodeBase64, detectValue, isText, safeLabel, scanText, type TextMatch,
} from '../../analyzers/secret-detection/index.js';
import { defineRule, type MessageData, type RuleContext } from '../../define-rule.js';

/** Binary key stores: Java KeyStore and JCEKS by their magic numbers; PKCS#12 and others by name. */
function keystoreKind(key: string, bytes: Buffer): string | undefined {
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if (magic === 0xfeedfeed) return 'a Java KeyStore';
  if (magic === 0xcececece) return 'a JCEKS key store';
  if (/\.(?:p12|pfx)$/i.test(key)) return 'a PKCS#12 key store';
  if (/\.(?:jks|keystore|bks)$/i.test(key)) return 'a key store';
  if (/\.(?:key|pk8|der)$/i.test(key) || /(?:^|[._-])id_(?:rsa|ecdsa|ed25519|dsa)$/.test(key)) return 'a binary private key file';
  return undefined;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function reportEmbedded(ctx: RuleContext, key: string, path: Path, m: TextMatch, field: string): void {
  const data: MessageData = { key, field, line: m.line, what: m.what };
  if (m.key !== undefined) ctx.report('embeddedProperty', { ...data, property: m.key }, path);
  else ctx.report('embedded', data, path);
}

export default defineRule({
  id: 'no-credentials-in-configmap',
  area: 'secrets',
  severity: 'high',
  title: 'Credentials in ConfigMaps',
  kinds: ['ConfigMap'],
  description:
    'Reports ConfigMap `data` entries that are credentials: a key named like a secret (`DB_PASSWORD`, ' +
    '`api-key`...) with a literal value, a value whose format gives it away (a PEM private key, a URL with a ' +
    'password, a JSON Web Token, a known token format, a connection string with a password), and embedded ' +
    'files (`application.properties`, `.env`, YAML, JSON, INI/TOML, XML, `redis.conf`, shell scripts) read ' +
    'line by line for such keys and values, with the line inside the file. `binaryData` is decoded and read the ' +
    'same way; binary key stores (JKS, JCEKS, PKCS#12) are reported too. References and placeholders ' +
    '(`${VAR}`, `{{ ... }}`, `<changeme>`), file paths and names about a secret (`password_file`, `token_url`) ' +
    'are not. Values are never printed.',
  rationale:
    'ConfigMaps are not meant for secrets: RBAC treats them as ordinary configuration (the built-in `view` role ' +
    'and most operators and dashboards read them), they are not covered by encryption at rest for Secrets, they ' +
    'show up in `kubectl describe`, logs and backups, and they are committed to Git as plain text.',
  remediation:
    'Rotate the credential and move it out of the ConfigMap: keep it in a secret manager synced by External ' +
    'Secrets or the Secrets Store CSI driver (or in a Secret created outside Git, a Sealed Secret or a SOPS file), ' +
    'mount it as a file next to the configuration, and point the configuration at the file ' +
    '(`password_file`, `spring.config.import=configtree:`) or let the application read it from the environment.',
  references: [
    { framework: 'cis-k8s', control: '5.4.2' },
    { framework: 'nsa-cisa', control: 'Secrets: store credentials in Secrets or an external vault, not in manifests' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
  ],
  messages: {
    value: 'ConfigMap key "{key}" holds a credential ({what}).',
    embedded: 'ConfigMap {field} "{key}" holds a credential on line {line} ({what}).',
    embeddedProperty: 'ConfigMap {field} "{key}" holds a credential on line {line}, in "{property}" ({what}).',
    keystore: 'ConfigMap binaryData "{key}" is {what}: key stores hold private keys and belong in a Secret.',
  },
  examples: {
    bad: `apiVersion: v1
kind: ConfigMap
metadata:
  name: backend-config
  namespace: shop
data:
  application.properties: |
    spring.datasource.url=jdbc:postgresql://db.shop.svc:5432/shop
    spring.datasource.username=shop
    spring.datasource.password=hunter2
`,
    good: `apiVersion: v1
kind: ConfigMap
metadata:
  name: backend-config
  namespace: shop
data:
  application.properties: |
    spring.datasource.url=jdbc:postgresql://db.shop.svc:5432/shop
    spring.datasource.username=shop
    spring.config.import=optional:configtree:/var/run/secrets/db/
`,
  },
  check(obj, ctx) {
    const data = obj.raw.data;
    if (isRecord(data)) {
      Object.entries(data).forEach(([rawKey, raw], i) => {
        const value = textOf(raw) ?? '';
        const label = safeLabel(rawKey);
        const key = label ?? `data[${i}]`;
        const path: Path = label !== undefined ? ['data', rawKey] : ['data'];
        // A credential pasted as the key itself is stored, and shown by kubectl, like any value.
        const inKey = label === undefined ? detectValue(rawKey) : undefined;
        if (inKey) {
          ctx.report('value', { key, what: inKey.what }, path);
          return;
        }
        if (value.trim() === '') return;
        if (!value.includes('\n')) {
          const direct = assessCredential(rawKey, value);
          if (direct) {
            ctx.report('value', { key, what: direct.what }, path);
            return;
          }
          // A one-line value whose format says nothing: only credentials under an inner key are new.
          if (!/[\s=:]/.test(value)) return;
          const inner = scanText(value, rawKey).find((m) => m.basis === 'name');
          if (inner) reportEmbedded(ctx, key, path, inner, 'key');
          return;
        }
        for (const m of scanText(value, rawKey)) reportEmbedded(ctx, key, path, m, 'key');
      });
    }
    const binary = obj.raw.binaryData;
    if (isRecord(binary)) {
      Object.entries(binary).forEach(([rawKey, raw], i) => {
        if (typeof raw !== 'string') return;
        const bytes = decodeBase64(raw);
        if (!bytes || bytes.length === 0) return;
        const label = safeLabel(rawKey);
        const key = label ?? `binaryData[${i}]`;
        const path: Path = label !== undefined ? ['binaryData', rawKey] : ['binaryData'];
        if (isText(bytes)) {
          for (const m of scanText(bytes.toString('utf8'), rawKey)) reportEmbedded(ctx, key, path, m, 'binaryData');
          return;
        }
        const store = keystoreKind(rawKey, bytes);
        if (store) ctx.report('keystore', { key, what: store }, path);
      });
    }
  },
});
