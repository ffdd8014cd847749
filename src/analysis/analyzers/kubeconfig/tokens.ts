/** What the audit may say about a bearer token: its claims, never the token. */
export interface TokenInfo {
  kind: 'jwt' | 'opaque';
  /** `exp` as a date; undefined when the token has none. */
  expires?: Date;
  issuedAt?: Date;
  issuer?: string;
  subject?: string;
  /**
   * A token of a ServiceAccount token Secret (issuer `kubernetes/serviceaccount`): no expiry, valid
   * until the Secret is deleted.
   */
  legacyServiceAccount: boolean;
  /** A kubeadm bootstrap token (`abcdef.0123456789abcdef`). */
  bootstrap: boolean;
}

function base64UrlJson(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function date(value: unknown): Date | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000) : undefined;
}

/**
 * Reads a bearer token's claims without verifying its signature (the audit judges lifetime, not
 * authenticity). A JWT has three base64url parts with a JSON header and payload; anything else is
 * opaque (a static token file entry, a bootstrap token, a cloud provider's token).
 */
export function readToken(token: string): TokenInfo {
  const t = token.trim();
  const bootstrap = /^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(t);
  const parts = t.split('.');
  if (parts.length === 3) {
    const header = base64UrlJson(parts[0]!);
    const payload = base64UrlJson(parts[1]!);
    if (header && payload) {
      const expires = date(payload.exp);
      const issuedAt = date(payload.iat);
      const issuer = typeof payload.iss === 'string' ? payload.iss : undefined;
      const subject = typeof payload.sub === 'string' ? payload.sub : undefined;
      return {
        kind: 'jwt',
        ...(expires ? { expires } : {}),
        ...(issuedAt ? { issuedAt } : {}),
        ...(issuer !== undefined ? { issuer } : {}),
        ...(subject !== undefined ? { subject } : {}),
        legacyServiceAccount: issuer === 'kubernetes/serviceaccount',
        bootstrap: false,
      };
    }
  }
  return { kind: 'opaque', legacyServiceAccount: false, bootstrap };
}
