/**
 * What a value says about itself: the formats a credential announces (PEM private keys, URLs with
 * a password, JSON Web Tokens, the prefixed tokens of cloud and SaaS providers), and the values
 * that are certainly not a credential however their key is named (references, placeholders,
 * booleans, paths). Nothing here returns or keeps the value: matches carry a fixed description.
 */

/** The kinds of credential a value can be recognised as. */
export type CredentialKind =
  | 'private-key'
  | 'keystore'
  | 'url-password'
  | 'connection-string'
  | 'url-token'
  | 'jwt'
  | 'aws-access-key-id'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'discord-webhook'
  | 'stripe-key'
  | 'google-api-key'
  | 'google-oauth-secret'
  | 'npm-token'
  | 'pypi-token'
  | 'sendgrid-key'
  | 'docker-hub-token'
  | 'vault-token'
  | 'openai-key'
  | 'anthropic-key'
  | 'azure-sas'
  /** A literal value under a name that says it is a secret (`DB_PASSWORD`). */
  | 'named-secret'
  /** A random-looking value under a name that may mean a secret (`LICENSE_KEY`). */
  | 'random-secret';

/** A credential recognised in a value. `what` is for messages and never holds any of the value. */
export interface ValueMatch {
  kind: CredentialKind;
  /** E.g. `a password in a URL`, `a GitHub token`. */
  what: string;
}

interface TokenFormat {
  kind: CredentialKind;
  what: string;
  pattern: RegExp;
  /** Documentation examples that look real (AWS' `AKIAIOSFODNN7EXAMPLE`). */
  example?: RegExp;
}

// Boundaries: a token is not part of a longer run of token characters.
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

/** Token formats that are credentials whatever they are called, with their documented prefixes. */
const TOKEN_FORMATS: readonly TokenFormat[] = [
  // Long-term (AKIA) and temporary STS (ASIA) access key IDs; base32 after the prefix.
  { kind: 'aws-access-key-id', what: 'an AWS access key ID', pattern: new RegExp(`(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Z0-9])`), example: /EXAMPLE$/ },
  { kind: 'github-token', what: 'a GitHub token', pattern: new RegExp(`${B}gh[pousr]_[A-Za-z0-9]{36}${E}`) },
  { kind: 'github-token', what: 'a GitHub fine-grained token', pattern: new RegExp(`${B}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${E}`) },
  { kind: 'gitlab-token', what: 'a GitLab token', pattern: new RegExp(`${B}gl(?:pat|dt|ptt|rt|cbt)-[A-Za-z0-9_-]{20,}`) },
  { kind: 'slack-token', what: 'a Slack token', pattern: new RegExp(`${B}xox[abposr]-[A-Za-z0-9-]{10,}`) },
  { kind: 'slack-token', what: 'a Slack app token', pattern: new RegExp(`${B}xapp-\\d-[A-Za-z0-9]+-\\d+-[A-Za-z0-9]+`) },
  { kind: 'slack-webhook', what: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/ },
  { kind: 'discord-webhook', what: 'a Discord webhook URL', pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{20,}/ },
  // Live secret and restricted keys; test-mode keys are left to the key-name heuristics.
  { kind: 'stripe-key', what: 'a Stripe live secret key', pattern: new RegExp(`${B}(?:sk|rk)_live_[A-Za-z0-9]{20,}${E}`) },
  { kind: 'google-api-key', what: 'a Google API key', pattern: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`) },
  { kind: 'google-oauth-secret', what: 'a Google OAuth client secret', pattern: new RegExp(`${B}GOCSPX-[A-Za-z0-9_-]{24,}${E}`) },
  { kind: 'npm-token', what: 'an npm access token', pattern: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`) },
  // PyPI tokens are macaroons whose base64 starts with the encoded "pypi.org" location.
  { kind: 'pypi-token', what: 'a PyPI API token', pattern: new RegExp(`${B}pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}`) },
  { kind: 'sendgrid-key', what: 'a SendGrid API key', pattern: new RegExp(`${B}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E}`) },
  { kind: 'docker-hub-token', what: 'a Docker Hub access token', pattern: new RegExp(`${B}dckr_pat_[A-Za-z0-9_-]{20,}`) },
  // Vault 1.10+ service, batch and recovery tokens.
  { kind: 'vault-token', what: 'a HashiCorp Vault token', pattern: new RegExp(`${B}hv[sbr]\\.[A-Za-z0-9_-]{24,}`) },
  // Project, service-account and admin keys; legacy keys carry base64 "OpenAI" in the middle.
  { kind: 'openai-key', what: 'an OpenAI API key', pattern: new RegExp(`${B}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}`) },
  { kind: 'openai-key', what: 'an OpenAI API key', pattern: new RegExp(`${B}sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}${E}`) },
  { kind: 'anthropic-key', what: 'an Anthropic API key', pattern: new RegExp(`${B}sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,}`) },
];

/** One pass that tells whether any token format can match, before trying each. */
const TOKEN_PREFIXES = /AKIA|ASIA|gh[pousr]_|github_pat_|gl(?:pat|dt|ptt|rt|cbt)-|xox[abposr]-|xapp-|hooks\.slack\.com|discord(?:app)?\.com|_live_|AIza|GOCSPX-|npm_|pypi-|SG\.|dckr_pat_|hv[sbr]\.|sk-/;

const PEM_BEGIN = /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/g;

/**
 * Where a PEM (or PGP armored) private key starts in a text: its BEGIN line followed by at least
 * 32 characters of base64 body before the END line (headers such as `Proc-Type:` skipped, JSON's
 * `\n` escapes read as line breaks), so that a template with `<your key here>` does not count.
 */
export function findPrivateKey(text: string): { index: number; encrypted: boolean } | undefined {
  if (!text.includes('PRIVATE KEY')) return undefined;
  for (const m of text.matchAll(PEM_BEGIN)) {
    const start = m.index + m[0].length;
    let rest = text.slice(start, start + 8192);
    const end = rest.indexOf('-----END');
    if (end >= 0) rest = rest.slice(0, end);
    const lines = rest.replace(/\\r\\n|\\n|\\r/g, '\n').split(/\r?\n/).map((l) => l.trim().replace(/^["',]+|["',]+$/g, ''));
    let body = '';
    for (const l of lines) {
      if (l === '' || /^[A-Za-z][\w-]*:\s/.test(l)) continue;
      const run = /^[A-Za-z0-9+/=]+/.exec(l)?.[0] ?? '';
      body += run;
      if (run.length < l.length) break;
    }
    if (body.replace(/=+$/, '').length >= 32) {
      const label = m[1]!;
      const encrypted = label.startsWith('ENCRYPTED') || label.startsWith('SSH2 ENCRYPTED') || /Proc-Type:\s*4,ENCRYPTED/.test(rest);
      return { index: m.index, encrypted };
    }
  }
  return undefined;
}

/** Where a PuTTY private key file starts (`PuTTY-User-Key-File-N:` with its `Private-Lines:`). */
function findPuttyKey(text: string): number | undefined {
  const i = text.search(/PuTTY-User-Key-File-\d+:/);
  return i >= 0 && /Private-Lines:\s*\d+/.test(text.slice(i)) ? i : undefined;
}

const BASE64_TEXT = /^[A-Za-z0-9+/\r\n]+={0,2}\s*$/;
const BASE64URL_TEXT = /^[A-Za-z0-9_-]+={0,2}$/;

/** Decodes standard base64 (line breaks allowed); undefined when the text is not base64. */
export function decodeBase64(text: string): Buffer | undefined {
  const t = text.trim();
  if (t === '' || !BASE64_TEXT.test(t)) return undefined;
  const compact = t.replace(/\s+/g, '');
  if (compact.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(compact, 'base64');
}

/** Whether bytes are UTF-8 text (no NUL or other control characters than tab and line breaks). */
export function isText(bytes: Buffer): boolean {
  const s = bytes.toString('utf8');
  if (s.includes('\uFFFD')) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
}

function base64UrlJson(part: string): Record<string, unknown> | undefined {
  if (!BASE64URL_TEXT.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const JWT = /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,})\.(eyJ[A-Za-z0-9_-]{8,})\.([A-Za-z0-9_-]*)/g;

/** Whether the text holds a JSON Web Token: a JSON header with `alg` and a JSON payload. */
function hasJwt(text: string): boolean {
  if (!text.includes('eyJ')) return false;
  for (const m of text.matchAll(JWT)) {
    const header = base64UrlJson(m[1]!);
    if (header && typeof header.alg === 'string' && base64UrlJson(m[2]!)) return true;
  }
  return false;
}

/** A password inside a URL's authority: `scheme://user:password@host`. */
function urlPassword(text: string): string | undefined {
  if (!text.includes('@')) return undefined;
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/?#'"<>`]+)/g)) {
    const authority = m[1]!;
    const at = authority.lastIndexOf('@');
    if (at < 0) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) continue;
    const password = userinfo.slice(colon + 1);
    if (isCredentialLiteral(safeDecodeUri(password))) return 'a password in a URL';
  }
  // Oracle's thin driver puts user/password before the host: jdbc:oracle:thin:scott/tiger@db:1521/x.
  for (const m of text.matchAll(/jdbc:oracle:thin:[^/@\s:]+\/([^@\s]+)@/g)) {
    if (isCredentialLiteral(m[1]!)) return 'a password in a JDBC URL';
  }
  return undefined;
}

function safeDecodeUri(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const QUERY_SECRET = /[?&;](password|passwd|pwd|pass|secret|client_secret|token|access_token|auth_token|api_key|apikey|api-key)=([^&#\s;'"]+)/gi;

/** A secret in a URL's query (`?password=`, `&token=`) or an Azure SAS signature. */
function querySecret(text: string): ValueMatch | undefined {
  if (!text.includes('=')) return undefined;
  for (const m of text.matchAll(QUERY_SECRET)) {
    if (!isCredentialLiteral(safeDecodeUri(m[2]!))) continue;
    const name = m[1]!.toLowerCase();
    const what = name.startsWith('pass') || name === 'pwd' ? 'a password in a URL' : name.includes('secret') ? 'a secret in a URL' : name.includes('key') ? 'an API key in a URL' : 'a token in a URL';
    return { kind: 'url-token', what };
  }
  // An Azure shared access signature: a signed version and the signature itself.
  if (/[?&]sv=\d{4}-\d{2}-\d{2}/.test(text) && /[?&]sig=[A-Za-z0-9%+/=]{20,}/.test(text)) return { kind: 'azure-sas', what: 'an Azure shared access signature' };
  return undefined;
}

const CONNECTION_SECRET = /(?:^|[;"'\s])\s*(password|pwd|accountkey|sharedaccesskey)\s*=\s*("[^"]*"|'[^']*'|[^;"'\s]*)/gi;

/** `Server=x;User Id=y;Password=z;` (ADO.NET, ODBC) and Azure `AccountKey=`/`SharedAccessKey=`. */
function connectionStringSecret(text: string): ValueMatch | undefined {
  if (!text.includes(';') || !text.includes('=')) return undefined;
  for (const m of text.matchAll(CONNECTION_SECRET)) {
    const value = m[2]!.replace(/^["']|["']$/g, '');
    if (!isCredentialLiteral(value)) continue;
    const what = m[1]!.toLowerCase().startsWith('p') ? 'a password in a connection string' : 'an access key in a connection string';
    return { kind: 'connection-string', what };
  }
  return undefined;
}

/**
 * The credential a value's own format reveals, whatever its key is named; undefined when the
 * value announces none. Looks at the whole value, so a credential inside a longer text (a URL in
 * a command line, a token in a JSON document) is found too. Base64 text is decoded once and looked
 * at again.
 */
export function detectValue(value: string): ValueMatch | undefined {
  return detect(value, 0);
}

function detect(value: string, depth: number): ValueMatch | undefined {
  if (value.length < 8) return undefined;
  const pem = findPrivateKey(value);
  if (pem) return { kind: 'private-key', what: pem.encrypted ? 'an encrypted PEM private key' : 'a PEM private key' };
  if (findPuttyKey(value) !== undefined) return { kind: 'private-key', what: 'a PuTTY private key' };
  const url = urlPassword(value);
  if (url) return { kind: 'url-password', what: url };
  if (TOKEN_PREFIXES.test(value)) {
    for (const f of TOKEN_FORMATS) {
      const m = f.pattern.exec(value);
      if (m && !(f.example && f.example.test(m[0]))) return { kind: f.kind, what: f.what };
    }
  }
  if (hasJwt(value)) return { kind: 'jwt', what: 'a JSON Web Token' };
  const conn = connectionStringSecret(value);
  if (conn) return conn;
  const query = querySecret(value);
  if (query) return query;
  if (depth === 0 && value.length >= 24) {
    const bytes = decodeBase64(value);
    if (bytes && bytes.length >= 16 && isText(bytes)) {
      const inner = detect(bytes.toString('utf8'), depth + 1);
      if (inner) return { kind: inner.kind, what: `${inner.what}, base64-encoded` };
    }
  }
  return undefined;
}

/** Runs of the forms that stand for a value given elsewhere: `${X}`, `$(X)`, `{{ .x }}`, `$X`... */
const REFERENCE = String.raw`\$__\w+\{[^}]*\}|\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|\$[A-Za-z_][\w.:-]*|%\{[^}]*\}|#\{[^}]*\}#?|@[A-Za-z_][\w.]*@|__[A-Za-z][\w]*__|%[A-Za-z_]\w*%`;
const HAS_REFERENCE = new RegExp(REFERENCE);
const ALL_REFERENCES = new RegExp(REFERENCE, 'g');

/**
 * Whether a value is only references to values kept elsewhere, with punctuation between: a
 * Kubernetes dependent variable `$(DB_PASSWORD)`, a shell or envsubst `${X}`, a Helm or Go
 * template `{{ .Values.x }}`, Maven `@x@`, Octopus `#{x}`, a token-replace `__X__`, Argo CD's
 * `$secret:key` and `$dex.github.clientSecret`, Grafana's `$__file{/path}`.
 */
export function isReferenceOnly(value: string): boolean {
  const t = value.trim();
  if (t === '' || !HAS_REFERENCE.test(t)) return false;
  return !/[A-Za-z0-9]/.test(t.replace(ALL_REFERENCES, ''));
}

/** Values that point into a secret manager or are encrypted, rather than holding the secret. */
const MANAGED_VALUE = [
  /^(?:vault|ref\+[a-z0-9]+|op|akv|azurekeyvault|gcpsm|awssm|awsssm|ssm|sm|bw|doppler|infisical):\/\//i,
  /^vault:[^\s#]+#\S+$/, // bank-vaults webhook
  /^arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):/,
  /^projects\/[^/\s]+\/secrets\/[^/\s]+/, // Google Secret Manager
  /^ENC\[[A-Z0-9_]+,data:/, // SOPS
  /^ENC\(.*\)$/s, // Jasypt
  /^\{cipher\}/, // Spring Cloud Config
];

const PLACEHOLDER_WORDS = new Set([
  'changeme', 'changeit', 'changethis', 'replaceme', 'replace', 'todo', 'tbd', 'fixme', 'placeholder', 'redacted', 'removed',
  'hidden', 'masked', 'secret-here', 'none', 'null', 'nil', 'undefined', 'na', 'n/a', 'empty', 'unset', 'notset', 'not-set',
  'tobeset', 'to-be-set', 'set-me', 'setme', 'fill-me', 'fillme', 'dummy', 'xxx',
]);

/**
 * Whether a value is a stand-in for a credential rather than one: empty, a reference
 * ({@link isReferenceOnly}), a secret-manager reference or an encrypted value, `<angle-bracketed>`
 * text, `changeme`/`REPLACE_ME`/`your-api-key`-style text, runs of `x`, `*` or `.`.
 */
export function isPlaceholder(value: string): boolean {
  const t = value.trim();
  // Nothing but punctuation: template braces cut out of a longer text, `***`, `--`.
  if (!/[\p{L}\p{N}]/u.test(t)) return true;
  if (isReferenceOnly(t)) return true;
  if (MANAGED_VALUE.some((re) => re.test(t))) return true;
  if (/^<[^<>]*>$/.test(t) || /^\[[^[\]]*\]$/.test(t)) return true;
  const bare = t.replace(/^["'({[<]+|["')}\]>]+$/g, '').toLowerCase();
  const word = bare.replace(/[\s_]+/g, '-');
  if (PLACEHOLDER_WORDS.has(word) || PLACEHOLDER_WORDS.has(word.replace(/-/g, ''))) return true;
  if (/^(?:x+|\*+|\.+|-+|#+|\?+|0+)$/i.test(bare)) return true;
  if (/^your[-_ ]/.test(word) || /(?:^|-)(?:change-?me|replace-?me|change-?it|placeholder|redacted)(?:-|$)/.test(word)) return true;
  return false;
}

/** `true`, `no`, `on`, `disabled`...: a switch, not a credential. */
export function isBooleanLike(value: string): boolean {
  return /^(?:true|false|yes|no|on|off|y|n|t|f|enabled?|disabled?)$/i.test(value.trim());
}

/**
 * Whether a value is certainly not a credential, whatever its key: a placeholder, a switch, a
 * short number (a length, a port, a TTL), a duration, a file path or a URL without credentials.
 */
export function isNonCredentialValue(value: string): boolean {
  const t = value.trim();
  if (isPlaceholder(t) || isBooleanLike(t)) return true;
  if (/^-?\d{1,5}(?:\.\d+)?$/.test(t)) return true;
  if (/^(?:\d+(?:\.\d+)?(?:ns|us|\u00b5s|ms|s|m|h|d|w))+$/.test(t)) return true;
  if (/^(?:\/|\.\.?\/|~\/|file:\/\/)\S*$/.test(t) || /^[A-Za-z]:\\\S*$/.test(t)) return true;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/.test(t) && !detectValue(t)) return true;
  return false;
}

/** Whether a password-like fragment (a URL password, a connection-string value) is a real literal. */
function isCredentialLiteral(value: string): boolean {
  return value.trim() !== '' && !isPlaceholder(value);
}

/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Whether a value looks generated rather than written: at least 16 characters of the alphabets
 * keys are written in (base64, base64url, hex, with `.` and `~`), letters and digits both,
 * and at least 3 bits of entropy per character. Identifiers (`created_at_desc`), words and paths
 * with a file extension do not.
 */
export function looksRandom(value: string): boolean {
  const t = value.trim();
  if (t.length < 16 || !/^[A-Za-z0-9+/=_.~-]+$/.test(t)) return false;
  if (!/[0-9]/.test(t) || !/[A-Za-z]/.test(t)) return false;
  if (t.includes('/') && /\.[A-Za-z]{2,4}$/.test(t)) return false;
  return shannonEntropy(t) >= 3;
}
