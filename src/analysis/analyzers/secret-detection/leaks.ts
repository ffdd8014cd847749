/**
 * A check that output holds no credential: the pieces of `secrets` (each, and its base64 form)
 * that occur in `text`. Any run of `window` characters of a secret counts, so a prefix, a suffix
 * or a middle part is caught as well as the whole; a secret shorter than the window counts whole.
 * Used by the tests of every secrets rule on serialised findings, and available to callers that
 * want to verify a report before publishing it.
 */
export function leakedFragments(text: string, secrets: readonly string[], window = 6): string[] {
  const found = new Set<string>();
  for (const s of secrets) {
    for (const form of [s, Buffer.from(s).toString('base64')]) {
      if (form.length <= window) {
        if (text.includes(form)) found.add(form);
        continue;
      }
      for (let i = 0; i + window <= form.length; i++) {
        const piece = form.slice(i, i + window);
        if (text.includes(piece)) found.add(piece);
      }
    }
  }
  return [...found];
}
