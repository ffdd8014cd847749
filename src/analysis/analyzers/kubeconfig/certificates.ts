import type { X509Certificate } from 'node:crypto';

/** What the audit needs from a client certificate. Never the key, never the PEM. */
export interface CertificateInfo {
  /** Subject as Node prints it, one `KEY=value` per line. */
  subject: string;
  commonName?: string;
  /** The `O` attributes: the groups the API server puts the user in. */
  organizations: string[];
  notBefore: Date;
  notAfter: Date;
  /** Hours between notBefore and notAfter. */
  validityHours: number;
}

/** Attribute values of a subject printed by Node (`O=system:masters\nCN=alice`, `+` for multi-valued RDNs). */
function attributes(subject: string, key: string): string[] {
  const out: string[] = [];
  for (const line of subject.split('\n')) {
    for (const part of line.split('+')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === key) out.push(part.slice(eq + 1).trim());
    }
  }
  return out;
}

/**
 * Reads the first certificate of a PEM (or DER) text. Returns an error message (never containing
 * the input) when it is not a certificate.
 */
export function readCertificate(data: string | Buffer): CertificateInfo | string {
  let cert: X509Certificate;
  try {
    // crypto loads on use: most scans hold no certificate, and start-up is a small scan's main cost.
    cert = new (process.getBuiltinModule('node:crypto').X509Certificate)(data);
  } catch {
    return 'not a PEM or DER X.509 certificate';
  }
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) return 'certificate has unreadable validity dates';
  const cn = attributes(cert.subject, 'CN')[0];
  return {
    subject: cert.subject,
    ...(cn !== undefined ? { commonName: cn } : {}),
    organizations: attributes(cert.subject, 'O'),
    notBefore,
    notAfter,
    validityHours: (notAfter.getTime() - notBefore.getTime()) / 3_600_000,
  };
}

/** Decodes kubeconfig `*-data` fields: base64 of PEM. Returns undefined when it is not base64. */
export function decodeBase64Field(value: string): Buffer | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}
