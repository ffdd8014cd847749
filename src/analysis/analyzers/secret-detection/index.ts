/**
 * Credential detection for the secrets rules, pure and usable on its own: whether a key/value
 * pair (an env var, a ConfigMap entry, a property in an embedded file, a command-line flag) holds
 * a literal credential, and what kind, without ever returning, keeping or logging the value.
 *
 * Two kinds of evidence, tried in this order:
 * - the value's own format ({@link detectValue}): PEM private keys, URLs with a password,
 *   JSON Web Tokens, connection strings, the prefixed tokens of AWS, GitHub, GitLab, Slack,
 *   Stripe, Google, npm, PyPI, SendGrid, Docker Hub, Vault, OpenAI and Anthropic. These count
 *   whatever the key is called.
 * - the key's name ({@link classifySecretName}): a `strong` name (`PASSWORD`, `API_KEY`,
 *   `CLIENT_SECRET`) makes any literal value a credential; a `weak` one (`LICENSE_KEY`, bare
 *   `KEY`) only a random-looking one. Values that stand for a secret kept elsewhere
 *   (`$(VAR)`, `${VAR}`, `{{ .Values.x }}`, `<changeme>`, `vault:...`, SOPS `ENC[...]`), switches,
 *   short numbers, durations, paths and URLs without credentials never count.
 */
export { classifySecretName, nameWords, type NameStrength, type SecretName } from './names.js';
export {
  decodeBase64, detectValue, findPrivateKey, isBooleanLike, isNonCredentialValue, isPlaceholder, isReferenceOnly, isText,
  looksRandom, shannonEntropy, type CredentialKind, type ValueMatch,
} from './values.js';
export { assessCredential, safeLabel, type CredentialMatch } from './credential.js';
export { scanText, type TextMatch } from './text.js';
export { leakedFragments } from './leaks.js';
export * from './references.js';
