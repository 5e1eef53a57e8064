import type { ImportWarning } from './table';
import { ImportError } from './errors';

/**
 * Bytes -> text for delimited files. Lab files come from Excel on Windows (Windows-1252, 'µV' = 0xB5), from
 * LibreOffice (UTF-8, often with a byte-order mark) and from instrument software (sometimes UTF-16 with a BOM).
 * Order: a BOM decides; else strict UTF-8 when the bytes are valid UTF-8; else Windows-1252 with a warning.
 */

export type TextEncoding = 'auto' | 'utf-8' | 'windows-1252' | 'latin1' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  /** The encoding actually used. */
  encoding: Exclude<TextEncoding, 'auto'>;
  hadBom: boolean;
}

function bomEncoding(bytes: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function decodeStrict(bytes: Uint8Array, encoding: string): string | null {
  try {
    // ignoreBOM: the BOM (if any) was already cut off and must not be dropped a second time from the data.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Bytes looked at to tell text from UTF-16 without a BOM and from binary data. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Without a BOM: UTF-16 when NUL bytes sit at every other position (mostly-ASCII text, as lab files are: the high
 * byte of each character is 0), binary when there are NULs otherwise or more than 1 % other control bytes, else null
 * (text in some 8-bit encoding).
 */
function sniff(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'binary' | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  let evenNul = 0;
  let oddNul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) {
      if (i & 1) oddNul++;
      else evenNul++;
    } else if ((b < 9 || (b > 13 && b < 32) || b === 127)) control++;
  }
  if (evenNul + oddNul === 0) return control > n / 100 ? 'binary' : null;
  const pairs = n / 2;
  if (oddNul > 0.5 * pairs && evenNul < 0.02 * pairs) return 'utf-16le';
  if (evenNul > 0.5 * pairs && oddNul < 0.02 * pairs) return 'utf-16be';
  return 'binary';
}

export function decodeText(
  bytes: Uint8Array,
  fileName: string,
  requested: TextEncoding = 'auto',
  warnings: ImportWarning[] = [],
): DecodedText {
  const bom = bomEncoding(bytes);
  if (requested !== 'auto') {
    const body = bom && bom.encoding === requested ? bytes.subarray(bom.length) : bytes;
    // 'latin1' is decoded as Windows-1252 by every TextDecoder (WHATWG Encoding standard); we say so.
    const label = requested === 'latin1' ? 'windows-1252' : requested;
    const text = decodeStrict(body, label);
    if (text === null) {
      throw new ImportError('bad-encoding', `${fileName}: the file is not valid ${requested} text.`);
    }
    return { text, encoding: requested, hadBom: body !== bytes };
  }
  if (bom) {
    const text = decodeStrict(bytes.subarray(bom.length), bom.encoding);
    if (text === null) {
      throw new ImportError(
        'bad-encoding',
        `${fileName}: the file starts with a ${bom.encoding} byte-order mark but its bytes are not valid ${bom.encoding}.`,
      );
    }
    return { text, encoding: bom.encoding, hadBom: true };
  }
  const sniffed = sniff(bytes);
  if (sniffed === 'binary') {
    throw new ImportError(
      'unknown-format',
      `${fileName} is not a text table: it holds binary data (control bytes such as NUL). Import CSV/TSV text, an .xlsx `
        + 'workbook or a NumPy .npy file; other formats need saving as one of these first.',
    );
  }
  if (sniffed !== null) {
    const text = decodeStrict(bytes, sniffed);
    if (text !== null) {
      warnings.push({
        code: 'utf16-without-bom',
        message: `${fileName} has no byte-order mark but its bytes are ${sniffed === 'utf-16le' ? 'UTF-16 little-endian' : 'UTF-16 big-endian'} text; it was read as such.`,
      });
      return { text, encoding: sniffed, hadBom: false };
    }
  }
  const utf8 = decodeStrict(bytes, 'utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', hadBom: false };
  warnings.push({
    code: 'encoding-fallback',
    message: `${fileName} is not valid UTF-8; it was read as Windows-1252 (Excel on Windows). `
      + 'Check that special characters such as µ look right, or choose the encoding explicitly.',
  });
  // Windows-1252 maps every byte, so this cannot fail.
  return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252', hadBom: false };
}
