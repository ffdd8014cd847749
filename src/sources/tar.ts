
/** A packaged chart is small; a bigger archive is refused rather than inflated into memory. */
export const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;

/**
 * Regular files of a gzip-compressed tar archive (a packaged Helm chart), by path. Reads ustar
 * names with their prefix, PAX `path` records and GNU long names; other entry types are skipped.
 * Throws on a corrupt or oversized archive.
 */
export function readTarGz(bytes: Buffer): Map<string, Buffer> {
  // zlib loads on use: most scans read no archive.
  const tar = process.getBuiltinModule('node:zlib').gunzipSync(bytes, { maxOutputLength: MAX_ARCHIVE_BYTES });
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156]!);
    const dataStart = offset + 512;
    const data = tar.subarray(dataStart, dataStart + size);
    if (data.length < size) throw new Error('truncated tar archive');
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = cString(data);
      continue;
    }
    if (type === 'g') continue;
    let name = longName;
    longName = undefined;
    if (name === undefined) {
      name = cString(header.subarray(0, 100));
      if (header.toString('latin1', 257, 262) === 'ustar') {
        const prefix = cString(header.subarray(345, 500));
        if (prefix !== '') name = `${prefix}/${name}`;
      }
    }
    if (type === '0' || type === '\0' || type === '7') files.set(name.replace(/^\.\//, ''), data);
  }
  return files;
}

function cString(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.toString('utf8', 0, nul < 0 ? b.length : nul);
}

function parseOctal(b: Buffer): number {
  // Sizes of 8 GiB and more use base-256; no chart comes near that.
  if ((b[0]! & 0x80) !== 0) throw new Error('tar entry too large');
  const text = cString(b).trim();
  const n = text === '' ? 0 : parseInt(text, 8);
  if (!Number.isFinite(n)) throw new Error('corrupt tar header');
  return n;
}

/** The `path` record of a PAX extended header (`<len> <key>=<value>\n` records, lengths in bytes). */
function paxPath(data: Buffer): string | undefined {
  let i = 0;
  let found: string | undefined;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = parseInt(data.toString('latin1', i, space), 10);
    if (!Number.isFinite(len) || len <= 0 || i + len > data.length) break;
    const record = data.toString('utf8', space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0 && record.slice(0, eq) === 'path') found = record.slice(eq + 1);
    i += len;
  }
  return found;
}
