import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportError, MAX_IMPORT_BYTES } from '@core/io/index';

/**
 * Originals up to this size are kept in the database with the data set (50 MiB), so the import can be redone from
 * exactly the bytes that were read. Larger files (up to MAX_IMPORT_BYTES, 200 MiB) are imported but only their
 * SHA-256 is kept: the columns are stored either way.
 */
export const MAX_ORIGINAL_BYTES = 50 * 1024 * 1024;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a file to import, refusing one above the documented limit before reading it. */
export async function readImportFile(path: string, maxBytes = MAX_IMPORT_BYTES): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> }> {
  const fileName = basename(path);
  const info = await stat(path);
  if (!info.isFile()) throw new ImportError('unknown-format', `${path} is not a file.`);
  if (info.size > maxBytes) {
    const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
    throw new ImportError('too-large', `${fileName} is ${mib(info.size)}; files up to ${mib(maxBytes)} can be imported. Split the file, or save only the columns you need.`);
  }
  const buffer = await readFile(path);
  return { fileName, bytes: new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength) };
}
