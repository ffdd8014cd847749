/**
 * How the API server stored one value in etcd, told from its first bytes only.
 *
 * The prefixes are the ones kube-apiserver writes (k8s.io/apiserver
 * `pkg/server/options/encryptionconfig/config.go`): every encrypting provider prepends
 * `k8s:enc:<provider>:<version>:` and then the name of the key (aescbc, aesgcm, secretbox) or of the
 * KMS plugin (kms v1 and v2) followed by `:`. The identity provider writes the object as the
 * serializer produced it: protobuf behind the `k8s\x00` magic, JSON starting with `{`, or CBOR
 * behind the self-described CBOR tag `d9 d9 f7`.
 */

/** Storage providers a secret value can be recognised as. `plaintext` is the identity provider. */
export const SECRET_STORAGE_PROVIDERS = ['plaintext', 'aescbc', 'aesgcm', 'secretbox', 'kms-v1', 'kms-v2', 'unknown'] as const;
export type SecretStorageProvider = (typeof SECRET_STORAGE_PROVIDERS)[number];

/** Serialisation of a value stored without encryption. */
export type PlaintextEncoding = 'protobuf' | 'json' | 'cbor';

/** What the first bytes of a stored value say. Holds no byte of the value beyond its prefix. */
export interface SecretValueClass {
  provider: SecretStorageProvider;
  /** The encryption key name (aescbc, aesgcm, secretbox) or KMS plugin name (kms-v1, kms-v2). */
  keyName?: string;
  /** For plaintext values: the serialisation found. */
  encoding?: PlaintextEncoding;
}

const ENCRYPTED_PREFIXES: ReadonlyArray<readonly [string, SecretStorageProvider]> = [
  ['k8s:enc:aescbc:v1:', 'aescbc'],
  ['k8s:enc:aesgcm:v1:', 'aesgcm'],
  ['k8s:enc:secretbox:v1:', 'secretbox'],
  ['k8s:enc:kms:v1:', 'kms-v1'],
  ['k8s:enc:kms:v2:', 'kms-v2'],
];

const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const CBOR_SELF_DESCRIBED = Buffer.from([0xd9, 0xd9, 0xf7]);

/** Longest key or plugin name read; longer runs are treated as unreadable rather than copied. */
export const MAX_KEY_NAME_LENGTH = 253;

/** How many leading bytes of a value classification needs at most. */
export const CLASSIFY_PREFIX_BYTES = 'k8s:enc:secretbox:v1:'.length + MAX_KEY_NAME_LENGTH + 1;

/**
 * Classifies a stored value by its prefix. Pass at least {@link CLASSIFY_PREFIX_BYTES} leading bytes
 * (or the whole value); nothing past the key name is looked at or returned.
 */
export function classifySecretValue(head: Uint8Array): SecretValueClass {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  for (const [prefix, provider] of ENCRYPTED_PREFIXES) {
    if (startsWith(bytes, prefix)) {
      const keyName = readName(bytes, prefix.length);
      return keyName === undefined ? { provider } : { provider, keyName };
    }
  }
  // `k8s:enc:` is reserved for encrypted data even when the provider is not one we know.
  if (startsWith(bytes, 'k8s:enc:')) return { provider: 'unknown' };
  if (bytes.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) return { provider: 'plaintext', encoding: 'protobuf' };
  if (bytes.length > 0 && bytes[0] === 0x7b) return { provider: 'plaintext', encoding: 'json' };
  if (bytes.subarray(0, CBOR_SELF_DESCRIBED.length).equals(CBOR_SELF_DESCRIBED)) return { provider: 'plaintext', encoding: 'cbor' };
  return { provider: 'unknown' };
}

function startsWith(bytes: Buffer, ascii: string): boolean {
  return bytes.length >= ascii.length && bytes.toString('latin1', 0, ascii.length) === ascii;
}

// The name ends at the next ':'. Only printable ASCII is accepted so that a malformed value can
// never smuggle ciphertext or payload bytes into the report as a "name".
function readName(bytes: Buffer, start: number): string | undefined {
  const end = Math.min(bytes.length, start + MAX_KEY_NAME_LENGTH + 1);
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b === 0x3a) return i === start ? undefined : bytes.toString('latin1', start, i);
    if (b < 0x21 || b > 0x7e) return undefined;
  }
  return undefined;
}
