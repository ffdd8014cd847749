/**
 * What a key's name says about its value: `DB_PASSWORD`, `apiKey`, `spring.datasource.password`
 * and `--client-secret` name secrets; `DB_PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME` and
 * `PASSWORD_MIN_LENGTH` name something about a secret that is not the secret.
 */

/** How sure a name is that its value is a secret. */
export type NameStrength =
  /** Any literal value is a credential (`PASSWORD`, `API_KEY`, `CLIENT_SECRET`). */
  | 'strong'
  /** Only a random-looking value is (`LICENSE_KEY`, `STRIPE_KEY`, `SESSION`...). */
  | 'weak';

export interface SecretName {
  strength: NameStrength;
  /** What the name says the value is, for messages: `password`, `API key`, `token`... */
  noun: string;
}

/**
 * Splits a name into lower-case words at separators and camelCase humps:
 * `spring.datasource.password` -> spring datasource password, `dbPassword` -> db password,
 * `APIKey` -> api key, `AWS_SECRET_ACCESS_KEY` -> aws secret access key.
 */
export function nameWords(name: string): string[] {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase());
}

/** Words that name a secret, with the noun messages use. Matched whole, or ending a glued word. */
const SECRET_WORDS: Record<string, string> = {
  password: 'password',
  passwd: 'password',
  passphrase: 'passphrase',
  secret: 'secret',
  secrets: 'secret',
  token: 'token',
  tokens: 'token',
  credential: 'credential',
  credentials: 'credential',
  clientsecret: 'client secret',
  authorization: 'authorization value',
};

/** A secret word ending a word (`pgpassword`, `authtoken`), longest alternatives first. */
const SECRET_WORD_AT_END = new RegExp(`(?:${Object.keys(SECRET_WORDS).sort((a, b) => b.length - a.length).join('|')})$`);

/** Words that name a secret only on their own (too short, or inside other words). */
const EXACT_SECRET_WORDS: Record<string, string> = {
  pwd: 'password',
  pw: 'password',
  pass: 'password',
  cred: 'credential',
  creds: 'credential',
  // Redis: the server's password and the replica's password for its primary.
  requirepass: 'password',
  masterauth: 'password',
};

/** Qualifiers that make `<qualifier> key` a secret whatever the value looks like. */
const STRONG_KEY_QUALIFIERS: Record<string, string> = {
  api: 'API key',
  access: 'access key',
  secret: 'secret key',
  private: 'private key',
  priv: 'private key',
  client: 'client key',
  signing: 'signing key',
  sign: 'signing key',
  encryption: 'encryption key',
  encrypt: 'encryption key',
  decryption: 'encryption key',
  crypt: 'encryption key',
  crypto: 'encryption key',
  cipher: 'encryption key',
  aes: 'encryption key',
  master: 'master key',
  shared: 'shared key',
  hmac: 'HMAC key',
  storage: 'storage account key',
  account: 'account key',
  session: 'session key',
  auth: 'auth key',
  jwt: 'JWT key',
  cookie: 'cookie key',
  webhook: 'webhook key',
  deploy: 'deploy key',
  admin: 'admin key',
  root: 'root key',
  unseal: 'unseal key',
  recovery: 'recovery key',
};

/** `<qualifier> key` words that name something public. */
const PUBLIC_KEY_QUALIFIERS = new Set(['public', 'pub', 'publishable', 'verification', 'verify', 'host', 'known', 'foreign', 'partition', 'sort', 'cache', 'routing', 'idempotency', 'object', 'map', 'hash', 'label', 'annotation', 'field', 'lookup', 'dedup', 'composite', 'unique', 'row', 'shard', 'kms', 'config', 'property', 'header']);

/**
 * Words after the secret word that make the name about something else: where the secret is
 * (`_FILE`, `_PATH`, `_URL`, `_REF`), how it is named or handled (`_NAME`, `_ID`, `_TYPE`,
 * `_TTL`, `_MIN_LENGTH`, `_HASH`), or a switch (`_ENABLED`, `_REQUIRED`).
 */
const SUFFIX_NEGATORS = new Set([
  'file', 'files', 'filename', 'path', 'paths', 'dir', 'dirs', 'directory', 'folder', 'location', 'loc',
  'name', 'names', 'ref', 'refs', 'reference', 'url', 'urls', 'uri', 'uris', 'endpoint', 'endpoints', 'host', 'hosts',
  'hostname', 'port', 'addr', 'address', 'server', 'id', 'ids', 'arn', 'type', 'types', 'kind', 'class', 'ttl', 'expiry',
  'expires', 'expiration', 'exp', 'lifetime', 'timeout', 'duration', 'interval', 'period', 'seconds', 'secs', 'sec', 'ms',
  'minutes', 'mins', 'hours', 'days', 'age', 'length', 'len', 'size', 'bits', 'min', 'max', 'minimum', 'maximum', 'count',
  'limit', 'policy', 'policies', 'rule', 'rules', 'header', 'headers', 'field', 'fields', 'param', 'parameter', 'version',
  'store', 'provider', 'manager', 'backend', 'engine', 'mount', 'volume', 'enabled', 'enable', 'disabled', 'disable',
  'required', 'require', 'mode', 'method', 'format', 'prefix', 'suffix', 'env', 'var', 'variable', 'source', 'template',
  'hash', 'hashed', 'algorithm', 'alg', 'algo', 'audience', 'aud', 'issuer', 'iss', 'scope', 'scopes', 'claim', 'claims',
  'regex', 'pattern', 'label', 'labels', 'annotation', 'selector', 'namespace', 'region', 'user', 'username', 'login',
  'email', 'mail', 'owner', 'hint', 'prompt', 'description', 'desc', 'text', 'message', 'msg', 'title', 'help', 'strength',
  'complexity', 'rotation', 'generator', 'reset', 'command', 'cmd', 'script', 'usage', 'validation', 'validator', 'request',
  'response', 'lookup', 'cache', 'refresh', 'renewal', 'renew', 'domain', 'strategy', 'realm', 'flow', 'grant',
]);

/** Words before the secret word that make the name a switch or a reference (`existingSecret`, `MAX_TOKENS`). */
const PREFIX_NEGATORS = new Set(['existing', 'no', 'without', 'skip', 'allow', 'use', 'enable', 'disable', 'require', 'random', 'generate', 'show', 'hide', 'min', 'max', 'num', 'number']);

function stripDigits(w: string): string {
  return w.replace(/\d+$/, '');
}

interface SecretWord {
  index: number;
  strength: NameStrength;
  noun: string;
}

/** Whether word `i` (digits dropped at its end) names a secret, and how strongly. */
function secretWordAt(words: readonly string[], i: number): SecretWord | undefined {
  const w = stripDigits(words[i]!);
  if (w === '') return undefined;
  const exact = EXACT_SECRET_WORDS[w];
  if (exact) return { index: i, strength: 'strong', noun: exact };
  // `BASIC_AUTH: user:password` is a credential; a bare `AUTH` may be a mode (`AUTH: jwt`).
  if (w === 'basicauth' || (w === 'auth' && i > 0 && stripDigits(words[i - 1]!) === 'basic')) return { index: i, strength: 'strong', noun: 'credential' };
  if (w === 'auth') return { index: i, strength: 'weak', noun: 'credential' };
  const word = SECRET_WORD_AT_END.exec(w)?.[0];
  if (word !== undefined) {
    const prev = i > 0 ? stripDigits(words[i - 1]!) : '';
    const noun = word.startsWith('secret') && prev === 'client' ? 'client secret' : SECRET_WORDS[word]!;
    return { index: i, strength: 'strong', noun };
  }
  // `<qualifier> key`, written apart (API_KEY, apiKey) or glued (APIKEY, secretkey).
  let qualifier: string | undefined;
  if (w === 'key' || w === 'keys') qualifier = i > 0 ? stripDigits(words[i - 1]!) : '';
  else if (w.endsWith('key') && w.length > 3) qualifier = w.slice(0, -3);
  if (qualifier === undefined) return undefined;
  if (PUBLIC_KEY_QUALIFIERS.has(qualifier)) return undefined;
  const strong = STRONG_KEY_QUALIFIERS[qualifier];
  if (strong) {
    const secretAccess = qualifier === 'access' && words.slice(0, i).some((x) => x === 'secret');
    return { index: i, strength: 'strong', noun: secretAccess ? 'secret access key' : strong };
  }
  // A glued word ending in "key" is only a key when its first part is a known qualifier (not "monkey").
  if (w !== 'key' && w !== 'keys') return undefined;
  return { index: i, strength: 'weak', noun: 'key' };
}

/**
 * Whether a key's name says its value is a secret, and how strongly. The last secret word decides
 * (`TOKEN_SECRET` is a secret, `SECRET_TOKEN_PATH` is not), and any word after it that names
 * something else (file, path, URL, name, ID, TTL, length...) makes the whole name not a secret;
 * Vault's AppRole `secret_id` is the exception, as it is a credential.
 */
export function classifySecretName(name: string): SecretName | undefined {
  // The same names (LOG_LEVEL, DATABASE_URL...) come back in every workload of a cluster.
  if (cache.has(name)) return cache.get(name);
  const result = classifyUncached(name);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, result);
  return result;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, SecretName | undefined>();

function classifyUncached(name: string): SecretName | undefined {
  const words = nameWords(name);
  let found: SecretWord | undefined;
  for (let i = words.length - 1; i >= 0 && !found; i--) found = secretWordAt(words, i);
  if (!found) return undefined;
  const after = words.slice(found.index + 1).map(stripDigits).filter(Boolean);
  if (after.length === 1 && after[0] === 'id' && stripDigits(words[found.index]!) === 'secret') {
    return { strength: 'strong', noun: 'secret ID' };
  }
  if (after.some((w) => SUFFIX_NEGATORS.has(w))) return undefined;
  const before = words.slice(0, found.index).map(stripDigits);
  if (before.some((w) => PREFIX_NEGATORS.has(w))) return undefined;
  return { strength: found.strength, noun: found.noun };
}
