/** Judging one key/value pair, and printing names safely. */
import { classifySecretName } from './names.js';
import { detectValue, isNonCredentialValue, looksRandom, shannonEntropy, type CredentialKind } from './values.js';

/** A credential found in a key/value pair. `what` is for messages and holds none of the value. */
export interface CredentialMatch {
  kind: CredentialKind;
  /** E.g. `a password in a URL`, `a literal API key`. */
  what: string;
  /** Whether the value's format or only the key's name gave it away. */
  basis: 'value' | 'name';
}

/**
 * Whether a value, under a key of this name, is a literal credential. `name` may be empty when
 * the key is unknown (then only the value's format counts).
 */
export function assessCredential(name: string, value: string): CredentialMatch | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const byValue = detectValue(v);
  if (byValue) return { kind: byValue.kind, what: byValue.what, basis: 'value' };
  if (name === '') return undefined;
  const named = classifySecretName(name);
  if (!named || isNonCredentialValue(v)) return undefined;
  if (named.strength === 'strong') return { kind: 'named-secret', what: `a literal ${named.noun}`, basis: 'name' };
  return looksRandom(v) ? { kind: 'random-secret', what: `a random-looking ${named.noun}`, basis: 'name' } : undefined;
}

const PLAIN_LABEL = /^[A-Za-z0-9_.\-/:@[\] ]{1,100}$/;

/**
 * A name (env var, data key, property) as messages may show it, or undefined when it might itself
 * be a secret (a token pasted where a name belongs) or is too odd to print. Callers print a
 * neutral word instead.
 */
export function safeLabel(name: string): string | undefined {
  if (!PLAIN_LABEL.test(name)) return undefined;
  if (detectValue(name)) return undefined;
  if (name.length >= 20 && shannonEntropy(name) >= 4 && /[0-9]/.test(name) && /[a-z]/.test(name) && /[A-Z]/.test(name)) return undefined;
  return name;
}
