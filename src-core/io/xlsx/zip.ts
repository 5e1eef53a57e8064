import { Inflate } from 'fflate';

/**
 * The zip container of an .xlsx, read from its central directory (ZIP64 included) so each part can be inflated on
 * its own, in chunks, with a hard limit on what it may unpack to: a workbook is parsed while it streams out, never
 * held unpacked, and a zip bomb is stopped at the limit instead of filling memory. Errors are `ZipError`s with a
 * sentence for the user; the xlsx reader adds the file name.
 */

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  /** The part name as stored, without a leading slash. */
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** Unpacked size as the directory declares it (a damaged or hostile file may lie; inflating checks). */
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
}

/** A 64-bit field as a number; beyond 2^53 it cannot be an offset into a file we hold in memory anyway. */
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 0x100000000;
}

function need(bytes: Uint8Array, at: number, length: number, what: string): void {
  if (at < 0 || at + length > bytes.length) throw new ZipError(`the zip ${what} lies outside the file (the file is truncated or damaged)`);
}

function findEndRecord(bytes: Uint8Array): number {
  // The end record is 22 bytes plus a comment of up to 65535 bytes, at the very end of the file.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(bytes, at) === EOCD) return at;
  }
  throw new ZipError('the zip directory at the end of the file is missing (the file is truncated or damaged)');
}

/** Every entry of the central directory. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const end = findEndRecord(bytes);
  let count = u16(bytes, end + 10);
  let offset = u32(bytes, end + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || u32(bytes, locator) !== ZIP64_LOCATOR) throw new ZipError('the ZIP64 directory locator is missing (the file is damaged)');
    const record = u64(bytes, locator + 8);
    need(bytes, record, 56, 'ZIP64 directory');
    if (u32(bytes, record) !== ZIP64_EOCD) throw new ZipError('the ZIP64 directory record is damaged');
    count = u64(bytes, record + 32);
    offset = u64(bytes, record + 48);
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    need(bytes, at, 46, 'directory');
    if (u32(bytes, at) !== CENTRAL) throw new ZipError('the zip directory is damaged');
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    need(bytes, at + 46, nameLength + extraLength, 'directory');
    let compressedSize = u32(bytes, at + 20);
    let size = u32(bytes, at + 24);
    let localOffset = u32(bytes, at + 42);
    // ZIP64: the fields that overflowed 32 bits are in extra field 0x0001, in this order.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      let e = at + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = u16(bytes, e);
        const length = u16(bytes, e + 2);
        if (id === 0x0001) {
          let f = e + 4;
          if (size === 0xffffffff) { size = u64(bytes, f); f += 8; }
          if (compressedSize === 0xffffffff) { compressedSize = u64(bytes, f); f += 8; }
          if (localOffset === 0xffffffff) localOffset = u64(bytes, f);
          break;
        }
        e += 4 + length;
      }
    }
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)).replace(/\\/g, '/').replace(/^\/+/, '');
    entries.push({ name, method: u16(bytes, at + 10), flags: u16(bytes, at + 8), compressedSize, size, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry (after its local header). */
function compressedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  need(bytes, entry.localOffset, 30, `entry ${entry.name}`);
  if (u32(bytes, entry.localOffset) !== LOCAL) throw new ZipError(`the zip entry ${entry.name} is damaged`);
  const start = entry.localOffset + 30 + u16(bytes, entry.localOffset + 26) + u16(bytes, entry.localOffset + 28);
  need(bytes, start, entry.compressedSize, `entry ${entry.name}`);
  return bytes.subarray(start, start + entry.compressedSize);
}

function mib(n: number): string {
  return n < 1024 * 1024 ? `${Math.round(n / 1024)} KiB` : `${Math.round(n / (1024 * 1024))} MiB`;
}

/** Compressed bytes handed to the inflater per step: one step unpacks to at most ~1000 times this (64 MiB). */
const STEP = 64 * 1024;

/**
 * Unpacks one entry in chunks. `onChunk` gets each piece of unpacked bytes (and may throw to stop); `onStep` gets
 * the fraction of the compressed data done. Refused, without unpacking further: an encrypted entry, an unknown
 * method, a declared or actual size above `limit`, and more bytes than the directory declares.
 */
export function inflateEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  limit: number,
  onChunk: (chunk: Uint8Array) => void,
  onStep: (fraction: number) => void = () => undefined,
): void {
  if (entry.flags & 1) throw new ZipError(`${entry.name} is encrypted (a password-protected workbook); save it without a password`);
  if (entry.size > limit) throw new ZipError(`${entry.name} unpacks to ${mib(entry.size)}, more than the ${mib(limit)} a part may have (a zip bomb, or a sheet too large to import)`);
  const data = compressedData(bytes, entry);
  let produced = 0;
  const take = (chunk: Uint8Array) => {
    produced += chunk.length;
    // The declared size was checked against the limit, so holding the output to it bounds the work.
    if (produced > entry.size) throw new ZipError(`${entry.name} unpacks to more bytes than the zip directory says (a zip bomb, or a damaged file)`);
    if (chunk.length > 0) onChunk(chunk);
  };
  if (entry.method === 0) {
    for (let at = 0; at < data.length; at += STEP) {
      take(data.subarray(at, Math.min(data.length, at + STEP)));
      onStep(Math.min(1, (at + STEP) / Math.max(1, data.length)));
    }
  } else if (entry.method === 8) {
    const inflater = new Inflate((chunk) => take(chunk));
    try {
      for (let at = 0; at < data.length || at === 0; at += STEP) {
        const end = Math.min(data.length, at + STEP);
        inflater.push(data.subarray(at, end), end === data.length);
        onStep(end / Math.max(1, data.length));
        if (end === data.length) break;
      }
    } catch (error) {
      if (error instanceof ZipError) throw error;
      throw new ZipError(`${entry.name} cannot be unpacked (${(error as Error).message}): the file is damaged`);
    }
  } else {
    throw new ZipError(`${entry.name} uses zip compression method ${entry.method}, which Excel never writes`);
  }
  if (produced !== entry.size) throw new ZipError(`${entry.name} unpacks to ${produced} bytes, not the ${entry.size} the zip directory says (the file is damaged)`);
}

/** A small part (workbook, relationships, styles) unpacked whole and decoded as UTF-8. */
export function entryText(bytes: Uint8Array, entry: ZipEntry, limit: number): string {
  const decoder = new TextDecoder();
  let text = '';
  inflateEntry(bytes, entry, limit, (chunk) => {
    text += decoder.decode(chunk, { stream: true });
  });
  return text + decoder.decode();
}
