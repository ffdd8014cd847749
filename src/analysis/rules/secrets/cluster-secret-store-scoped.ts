import { isEmptySelector, isRecord, parseLabelSelector } from '../../../model/index.js';
import { apiGroupOf, EXTERNAL_SECRETS_GROUP } from '../../analyzers/secret-detection/index.js';
import { defineRule } from '../../define-rule.js';

/** Namespace names a regex that admits "every namespace" would match; none is likely to be meant. */
const PROBE_NAMESPACES = ['default', 'kube-system', 'zz-unrelated-7q'];

/** Whether a namespaceRegexes entry matches any name (ESO uses Go's unanchored regexp.MatchString). */
function matchesEverything(source: string): boolean {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch {
    // RE2 syntax JavaScript does not read: not judged.
    return false;
  }
  return PROBE_NAMESPACES.every((ns) => re.test(ns));
}

export default defineRule({
  id: 'cluster-secret-store-scoped',
  area: 'secrets',
  severity: 'medium',
  title: 'ClusterSecretStores open to every namespace',
  kinds: ['ClusterSecretStore'],
  description:
    'Reports External Secrets `ClusterSecretStore`s that any namespace may use: no `spec.conditions` (the ' +
    'operator then serves ExternalSecrets from every namespace), a condition whose `namespaceSelector` is empty ' +
    '(it selects every namespace) or whose `namespaceRegexes` match any name, and `namespaceRegexes` without a ' +
    'leading `^`, which the operator matches anywhere in the name (`shop` admits `shop-sandbox` and `not-shop`).',
  rationale:
    'A ClusterSecretStore reads the secret manager with one identity for the whole cluster. Without conditions, ' +
    'anyone who can create an ExternalSecret in any namespace (often every developer, and every CI pipeline) can ' +
    'copy any secret that identity reaches, including other teams\' and production ones, into a Secret they can ' +
    'read.',
  remediation:
    'Add `spec.conditions` listing the namespaces (`namespaces`), a label selector that only platform-owned ' +
    'namespaces carry (`namespaceSelector`), or anchored regexes (`^team-a-.*$`); or use a namespaced ' +
    '`SecretStore` per team, with credentials scoped to that team\'s secrets.',
  references: [
    { framework: 'cis-k8s', control: '5.4.2' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
    { framework: 'mitre', control: 'T1552 Unsecured Credentials' },
  ],
  messages: {
    unscoped: 'ClusterSecretStore "{name}" has no spec.conditions: an ExternalSecret in any namespace can read every secret its credentials reach.',
    emptySelector: 'ClusterSecretStore "{name}": conditions[{index}] has an empty namespaceSelector, which selects every namespace.',
    regexMatchesAll: 'ClusterSecretStore "{name}": namespaceRegexes "{regex}" in conditions[{index}] matches every namespace name.',
    unanchored: 'ClusterSecretStore "{name}": namespaceRegexes "{regex}" in conditions[{index}] has no leading "^", so it admits any namespace whose name merely contains a match.',
  },
  examples: {
    bad: `apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata:
  name: aws-secrets-manager
spec:
  provider:
    aws:
      service: SecretsManager
      region: eu-west-1
      auth:
        jwt:
          serviceAccountRef:
            name: external-secrets
            namespace: external-secrets
`,
    good: `apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata:
  name: aws-secrets-manager
spec:
  conditions:
    - namespaces: ["shop", "payments"]
    - namespaceRegexes: ["^team-a-.*$"]
  provider:
    aws:
      service: SecretsManager
      region: eu-west-1
      auth:
        jwt:
          serviceAccountRef:
            name: external-secrets
            namespace: external-secrets
`,
  },
  check(obj, ctx) {
    if (apiGroupOf(obj) !== EXTERNAL_SECRETS_GROUP) return;
    const spec = isRecord(obj.raw.spec) ? obj.raw.spec : {};
    const conditions = Array.isArray(spec.conditions) ? spec.conditions : [];
    if (conditions.length === 0) {
      ctx.report('unscoped', { name: obj.name }, ['spec', 'conditions']);
      return;
    }
    conditions.forEach((c, index) => {
      if (!isRecord(c)) return;
      const path = ['spec', 'conditions', index];
      if (c.namespaceSelector !== undefined && c.namespaceSelector !== null) {
        const sel = parseLabelSelector(c.namespaceSelector);
        if (typeof sel !== 'string' && isEmptySelector(sel)) {
          ctx.report('emptySelector', { name: obj.name, index }, [...path, 'namespaceSelector']);
        }
      }
      if (!Array.isArray(c.namespaceRegexes)) return;
      c.namespaceRegexes.forEach((regex, j) => {
        if (typeof regex !== 'string') return;
        const at = [...path, 'namespaceRegexes', j];
        if (matchesEverything(regex)) ctx.report('regexMatchesAll', { name: obj.name, index, regex }, at);
        // Go flags such as (?i) come before the anchor.
        else if (!/^(?:\(\?[a-zA-Z]+\))?(?:\^|\\A)/.test(regex)) ctx.report('unanchored', { name: obj.name, index, regex }, at);
      });
    });
  },
});
