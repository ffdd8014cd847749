import {
  containersOf, formatPath, isRecord, podTemplateOf, WORKLOAD_KINDS, type KubeObject, type Path,
} from '../../../model/index.js';
import {
  apiGroupOf, assessCredential, detectValue, EXTERNAL_SECRETS_GROUP, isVaultAgentInjected, parseGoBool, safeLabel, SECRETS_STORE_CSI_GROUP,
} from '../../analyzers/secret-detection/index.js';
import { defineRule, type RuleContext } from '../../define-rule.js';

/** Boolean settings of external-manager providers that turn certificate verification off. */
const SKIP_VERIFY_KEY = /^(?:insecure|insecureSkipVerify|insecureSkipTLSVerify|skipTLSVerify|tlsSkipVerify|skipVerify|vaultSkipTLSVerify|tlsInsecure)$/i;

/**
 * The host of a plain-HTTP URL that leaves the pod, or undefined: HTTPS, loopback (an agent's
 * cache listener on 127.0.0.1), and hosts given by a variable that cannot be judged.
 */
function plainHttpHost(value: string): string | undefined {
  const m = /^http:\/\/([^/?#\s]*)/i.exec(value.trim());
  if (!m) return undefined;
  const authority = m[1]!.slice(m[1]!.lastIndexOf('@') + 1);
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.replace(/:\d*$/, '');
  if (host === '' || /[$({})]/.test(host)) return undefined;
  if (/^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i.test(host)) return undefined;
  return host;
}

/** Walks a provider configuration: credentials written inline, plain-HTTP addresses, verification switched off. */
function checkSettings(ctx: RuleContext, where: string, node: unknown, path: Path, base: number): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => checkSettings(ctx, where, v, [...path, i], base));
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    // Map keys are printed and end up in the finding's path; a key that is not a plain name (a
    // token pasted as a key) is neither, and the finding points at the closest plain parent.
    const cut = [...path, key].findIndex((seg) => typeof seg === 'string' && safeLabel(seg) === undefined);
    const p = cut < 0 ? [...path, key] : [...path, key].slice(0, cut);
    const field = cut < 0 ? formatPath(p.slice(base)) : 'a provider setting';
    const inKey = safeLabel(key) === undefined ? detectValue(key) : undefined;
    if (inKey) ctx.report('inlineCredential', { where, field, what: inKey.what }, p);
    if (typeof value === 'string') {
      const host = plainHttpHost(value);
      if (host !== undefined) ctx.report('plaintext', { where, host, field }, p);
      const cred = assessCredential(key, value);
      if (cred) ctx.report('inlineCredential', { where, field, what: cred.what }, p);
      if (SKIP_VERIFY_KEY.test(key) && parseGoBool(value) === true) ctx.report('skipVerify', { where, field }, p);
    } else if (typeof value === 'boolean') {
      if (value && SKIP_VERIFY_KEY.test(key)) ctx.report('skipVerify', { where, field }, p);
    } else {
      checkSettings(ctx, where, value, [...path, key], base);
    }
  }
}

function checkWorkload(obj: KubeObject, ctx: RuleContext): void {
  const tpl = podTemplateOf(obj);
  if (!tpl) return;
  if (isVaultAgentInjected(tpl)) {
    const ann = isRecord(tpl.metadata.annotations) ? tpl.metadata.annotations : {};
    const annPath = [...tpl.metadataPath, 'annotations'];
    const where = 'The Vault Agent injected into these pods';
    const skip = 'vault.hashicorp.com/tls-skip-verify';
    if (parseGoBool(ann[skip]) === true) ctx.report('skipVerify', { where, field: skip }, [...annPath, skip]);
    const service = 'vault.hashicorp.com/service';
    const host = typeof ann[service] === 'string' ? plainHttpHost(ann[service]) : undefined;
    if (host !== undefined) ctx.report('plaintext', { where, host, field: service }, [...annPath, service]);
  }
  for (const c of containersOf(obj)) {
    const env = c.container.env;
    if (!Array.isArray(env)) continue;
    env.forEach((e, i) => {
      if (!isRecord(e) || typeof e.value !== 'string') return;
      const where = `Container "${c.name}"`;
      const p = [...c.path, 'env', i, 'value'];
      if (e.name === 'VAULT_SKIP_VERIFY' && parseGoBool(e.value) === true) ctx.report('skipVerify', { where, field: 'env VAULT_SKIP_VERIFY' }, p);
      if (e.name === 'VAULT_ADDR') {
        const host = plainHttpHost(e.value);
        if (host !== undefined) ctx.report('plaintext', { where, host, field: 'env VAULT_ADDR' }, p);
      }
    });
  }
}

export default defineRule({
  id: 'no-insecure-secret-store',
  area: 'secrets',
  severity: 'high',
  title: 'External secret stores reached insecurely',
  kinds: ['SecretStore', 'ClusterSecretStore', 'SecretProviderClass', ...WORKLOAD_KINDS],
  description:
    'Checks how workloads and controllers reach an external secret manager. External Secrets `SecretStore` and ' +
    '`ClusterSecretStore` providers and Secrets Store CSI `SecretProviderClass` parameters are reported when they ' +
    'hold a credential inline (a field named like a secret with a literal value, or a token, key or password ' +
    'URL anywhere; `secretRef`/`*SecretRef` selectors pointing at a Secret are the intended form), an `http://` ' +
    'address that leaves the pod (Vault `server`, `vaultAddress`, webhook `url`...), or a setting that turns TLS ' +
    'verification off (`vaultSkipTLSVerify`, `insecureSkipVerify`...). In workloads, the Vault Agent injector\'s ' +
    '`vault.hashicorp.com/tls-skip-verify` and an `http://` `vault.hashicorp.com/service` (when ' +
    '`vault.hashicorp.com/agent-inject` is true), and containers\' `VAULT_SKIP_VERIFY=true` and `http://` ' +
    '`VAULT_ADDR`, are reported. Loopback addresses (an agent cache on 127.0.0.1) are not.',
  rationale:
    'A secret manager is only as safe as the way it is reached: a static credential in the store\'s manifest is ' +
    'a committed key to every secret behind it, plain HTTP sends the client\'s token and every secret value in ' +
    'clear across the pod network, and without certificate verification anyone on the path can pose as Vault ' +
    'and collect the token.',
  remediation:
    'Authenticate with the platform\'s workload identity (IRSA/EKS Pod Identity, GKE or Azure Workload Identity, ' +
    'Vault\'s Kubernetes auth with a ServiceAccount) or, failing that, a `secretRef` to a Secret created outside ' +
    'Git; serve Vault over HTTPS and give clients its CA (`caBundle`/`caProvider`, `vaultCACertPath`, ' +
    '`vault.hashicorp.com/ca-cert`, `VAULT_CACERT`) instead of skipping verification.',
  references: [
    { framework: 'cis-k8s', control: '5.4.2' },
    { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
    { framework: 'mitre', control: 'T1552.001 Unsecured Credentials: Credentials In Files' },
    { framework: 'mitre', control: 'T1557 Adversary-in-the-Middle' },
  ],
  messages: {
    inlineCredential: '{where} has a credential written inline at {field} ({what}).',
    plaintext: '{where} reaches {host} over plain HTTP ({field}): its token and the secrets it reads cross the network unencrypted.',
    skipVerify: '{where} turns off TLS certificate verification ({field}): anyone on the network path can pose as the secret store.',
  },
  examples: {
    bad: `apiVersion: external-secrets.io/v1
kind: SecretStore
metadata:
  name: vault
  namespace: shop
spec:
  provider:
    vault:
      server: http://vault.vault.svc:8200
      path: secret
      version: v2
      auth:
        kubernetes:
          mountPath: kubernetes
          role: shop
`,
    good: `apiVersion: external-secrets.io/v1
kind: SecretStore
metadata:
  name: vault
  namespace: shop
spec:
  provider:
    vault:
      server: https://vault.vault.svc:8200
      path: secret
      version: v2
      caProvider:
        type: ConfigMap
        name: vault-ca
        key: ca.crt
      auth:
        kubernetes:
          mountPath: kubernetes
          role: shop
          serviceAccountRef:
            name: external-secrets
`,
  },
  check(obj, ctx) {
    const group = apiGroupOf(obj);
    if (obj.kind === 'SecretStore' || obj.kind === 'ClusterSecretStore') {
      if (group !== EXTERNAL_SECRETS_GROUP) return;
      const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
      checkSettings(ctx, `${obj.kind} "${obj.name}"`, spec.provider, ['spec', 'provider'], 1);
      return;
    }
    if (obj.kind === 'SecretProviderClass') {
      if (group !== SECRETS_STORE_CSI_GROUP) return;
      const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
      checkSettings(ctx, `SecretProviderClass "${obj.name}"`, spec.parameters, ['spec', 'parameters'], 1);
      return;
    }
    checkWorkload(obj, ctx);
  },
});
