import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A client certificate and key in PEM. */
export interface PemPair {
  cert: Buffer;
  key: Buffer;
}

/**
 * Makes a throwaway CA and a client certificate signed by it with the `openssl` CLI, because Node
 * can make keys but not sign certificates. Returns the reason instead when openssl is missing or
 * fails, so the caller can mark the check as not assessed.
 */
export async function makeForeignClientCert(timeoutMs: number): Promise<PemPair | { unavailable: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'kubeward-foreign-ca-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await writeFile(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    await openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=kubeward-probe-foreign-ca'], dir, timeoutMs);
    await openssl(['req', '-new', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=kubeward-probe-foreign-client'], dir, timeoutMs);
    await openssl(
      ['x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '1', '-days', '1', '-extfile', 'client.ext', '-out', 'client.crt'],
      dir,
      timeoutMs,
    );
    return { cert: await readFile(join(dir, 'client.crt')), key: await readFile(join(dir, 'client.key')) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { unavailable: 'no foreign client certificate was given and the openssl CLI is not installed to make one' };
    return { unavailable: `no foreign client certificate was given and openssl could not make one (${firstLine(err.message)})` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function openssl(args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, timeout: timeoutMs }, (err) => (err ? reject(err) : resolve()));
  });
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}
