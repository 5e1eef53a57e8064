import { readDelimited, type DelimitedOptions } from './delimited-reader';
import type { DecimalSeparator } from './cell-parsing';
import type { Delimiter } from './delimiter-detection';
import { ImportError } from './errors';
import { parseNpy } from './npy-parser';
import { npyToTable, type NpyLayout } from './npy-reader';
import { NO_PROGRESS, type ProgressSink } from './progress';
import { decodeText, type TextEncoding } from './text-decoding';
import { readXlsx } from './xlsx-reader';
import type { ImportWarning, Table } from './table';

/**
 * The one entry point for turning a file's bytes into a Table. The format is recognised from the bytes (zip magic
 * for .xlsx, \x93NUMPY for .npy), not trusted from the extension; everything else is read as delimited text.
 */

/**
 * Largest file accepted: 200 MiB. A 1e6-row, 5-column CSV is about 40 MB; beyond 200 MB the column storage and the
 * decoded text together would approach the memory a desktop worker should use. Documented for users.
 */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export type TableFormat = 'csv' | 'xlsx' | 'npy';

export interface ReadTableOptions extends DelimitedOptions {
  /** Default: recognised from the bytes. */
  format?: TableFormat | 'auto';
  encoding?: TextEncoding;
  /** .xlsx: sheet name or 1-based number (default the first sheet). */
  sheet?: string | number;
  /** .npy 2-D arrays: one column per array column, or one flattened column. */
  npyLayout?: NpyLayout;
  /** Override of MAX_IMPORT_BYTES (e.g. lower in tests or a stricter deployment). */
  maxBytes?: number;
  progress?: ProgressSink;
}

export interface ReadTableResult {
  table: Table;
  /** .xlsx only: every sheet name, for the sheet picker. */
  sheets?: string[];
  warnings: ImportWarning[];
  /** Delimited text only: what was detected (or given), to save with the mapping for files of the same layout. */
  text?: { encoding: Exclude<TextEncoding, 'auto'>; delimiter: Delimiter; decimal: DecimalSeparator };
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * The format from the bytes: a zip is a workbook (its parts decide whether it really is one), `\x93NUMPY` a .npy
 * array, anything else text. A name that promises a binary format the bytes do not have is refused in words, not
 * read as text (a damaged .xlsx would otherwise come out as a wall of "row(s) do not have 3 fields").
 */
export function detectFormat(bytes: Uint8Array, fileName: string): TableFormat {
  // A zip starts with a local file header, or (an empty archive) with the end record.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'xlsx';
  if (startsWith(bytes, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return 'npy';
  // An OLE2 compound file: an old binary Excel .xls, or an .xlsx saved with a password (Excel encrypts it into one).
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new ImportError(
      'unknown-format',
      `${fileName} is an old Excel .xls workbook or a password-protected one; save it as .xlsx or .csv (without a password) and import that.`,
    );
  }
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1].toLowerCase();
  if (extension === 'xlsx' || extension === 'xlsm') {
    throw new ImportError(
      'bad-xlsx',
      `${fileName} is not a valid Excel workbook (.xlsx): it does not start like a zip archive, as every .xlsx does (a damaged `
        + 'download, or another kind of file renamed). Open it in Excel and save it again; if it is a text table, name it .csv.',
    );
  }
  if (extension === 'npy') {
    throw new ImportError('bad-npy', `${fileName} is not a NumPy .npy file: it does not start with the .npy signature \\x93NUMPY (a damaged or renamed file).`);
  }
  return 'csv';
}

function formatSize(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export async function readTable(
  bytes: Uint8Array,
  fileName: string,
  options: ReadTableOptions = {},
): Promise<ReadTableResult> {
  const limit = options.maxBytes ?? MAX_IMPORT_BYTES;
  if (bytes.byteLength > limit) {
    throw new ImportError(
      'too-large',
      `${fileName} is ${formatSize(bytes.byteLength)}; files up to ${formatSize(limit)} can be imported. `
        + 'Split the file, or save only the columns you need.',
    );
  }
  if (bytes.byteLength === 0) throw new ImportError('empty-file', `${fileName} is empty.`);
  const progress = options.progress ?? NO_PROGRESS;
  const warnings: ImportWarning[] = [];
  const format = !options.format || options.format === 'auto' ? detectFormat(bytes, fileName) : options.format;
  if (format === 'xlsx') {
    const decimal = options.decimal === ',' ? ',' : '.';
    const { table, sheets } = await readXlsx(bytes, fileName, { ...options, decimal }, warnings, progress);
    return { table, sheets, warnings };
  }
  if (format === 'npy') {
    const table = npyToTable(parseNpy(bytes, fileName), fileName, options.npyLayout ?? 'auto', warnings);
    progress.report({ fraction: 1 });
    return { table, warnings };
  }
  const decoded = decodeText(bytes, fileName, options.encoding ?? 'auto', warnings);
  progress.checkCancelled();
  const { table, delimiter, decimal } = readDelimited(decoded.text, fileName, options, warnings, progress);
  return { table, warnings, text: { encoding: decoded.encoding, delimiter, decimal } };
}
