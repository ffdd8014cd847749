/**
 * Client certificates made with the openssl CLI for kubeconfig tests: a CA, and client
 * certificates it signs with a chosen subject and validity. Nothing here is reused between runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ClientCert {
  /** PEM of the certificate. */
  certPem: string;
  /** PEM of its private key. */
  keyPem: string;
  /** `client-certificate-data` / `client-key-data` values (base64 of the PEM). */
  certData: string;
  keyData: string;
}

/** A throwaway CA in a temporary folder; `issue` signs client certificates with it. */
export class TestCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'kubeward-ca-'));
  private serial = 0;

  constructor() {
    this.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', this.path('ca.key'), '-out', this.path('ca.crt'), '-days', '3650', '-subj', '/CN=kubeward-test-ca']);
  }

  private path(name: string): string {
    return join(this.dir, name);
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** A client certificate for `subject` (e.g. `/O=system:masters/CN=admin`) valid `days` from now. */
  issue(subject: string, days: number): ClientCert {
    const n = ++this.serial;
    const key = this.path(`c${n}.key`);
    const csr = this.path(`c${n}.csr`);
    const crt = this.path(`c${n}.crt`);
    this.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', subject]);
    this.openssl(['x509', '-req', '-in', csr, '-CA', this.path('ca.crt'), '-CAkey', this.path('ca.key'), '-set_serial', String(1000 + n), '-days', String(days), '-out', crt]);
    const certPem = readFileSync(crt, 'utf8');
    const keyPem = readFileSync(key, 'utf8');
    return { certPem, keyPem, certData: Buffer.from(certPem).toString('base64'), keyData: Buffer.from(keyPem).toString('base64') };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
