import { createCellParser, type DecimalSeparator } from './cell-parsing';
import { isoFromEpochMs } from './dates';
import { ImportError } from './errors';
import type { HeaderMode } from './header';
import { NO_PROGRESS, type ProgressSink } from './progress';
import type { ImportWarning, Table } from './table';
import { SheetRow, SheetTableBuilder } from './xlsx/sheet-table';
import { readWorkbook, type Workbook } from './xlsx/workbook';
import { ElementStream, runText, unescapeXml } from './xlsx/xml';
import { ZipError, inflateEntry, readZipDirectory } from './xlsx/zip';

/**
 * Excel .xlsx -> Table, read by hand from the zip (xlsx/zip.ts, fflate's streaming inflate) and the sheet XML as it
 * streams out, so Excel's largest sheet (1 048 576 rows) reads in seconds within the import's memory budget and a
 * zip bomb is stopped at a size limit. Each cell becomes what a CSV cell would be, so the same strict number reading
 * and the same problem report apply: number cells as numbers (their text is their shortest round-trip decimal),
 * date-formatted numbers as ISO text, booleans as TRUE/FALSE, error cells as their text (#N/A is a missing value),
 * text cells as typed (so "<0.1" or "n/a" typed into Excel are recognised).
 */

export interface XlsxOptions {
  /** Sheet name or 1-based number; default the first sheet. */
  sheet?: string | number;
  header?: HeaderMode;
  /** Only for numbers typed as text; real number cells need no separator. */
  decimal?: DecimalSeparator;
  missingTokens?: readonly string[];
  /** Largest sheet XML unpacked (default SHEET_XML_LIMIT; tests lower it). */
  maxSheetXmlBytes?: number;
}

export interface XlsxResult {
  table: Table;
  /** All worksheet names, in workbook order, for the sheet picker. */
  sheets: string[];
}

/** Largest sheet XML unpacked (Excel's maximum rows with ~25 numeric columns); beyond it, a bomb or too large. */
export const SHEET_XML_LIMIT = 1024 * 1024 * 1024;
/** Excel's last column is XFD (16 384 columns). */
const MAX_COLUMNS = 16_384;
const DAY_MS = 86_400_000;
/** 9999-12-31, the last day Excel shows as a date. */
const LAST_SERIAL = 2_958_465;

/** An Excel date serial as ISO text: YYYY-MM-DD for whole days, else the full instant; null when not a real date. */
export function serialToIso(serial: number, date1904: boolean): string | null {
  if (!(serial >= 0) || serial > LAST_SERIAL) return null;
  // Days since 1970-01-01 of the epoch: 1904-01-01, or 1899-12-30 in the 1900 system, where day 1 is 1900-01-01 and
  // Excel counts a 29 February 1900 that never was, so serials before it are one day off.
  const epochDay = date1904 ? -24_107 : serial < 61 ? -25_568 : -25_569;
  const ms = epochDay * DAY_MS + Math.round(serial * DAY_MS);
  const iso = isoFromEpochMs(ms);
  return ms % DAY_MS === 0 ? iso.slice(0, 10) : iso;
}

function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** A cell as Excel, LibreOffice and openpyxl write most cells: `<c r="B7" s="1" t="s"><v>12</v></c>` (sticky). */
const PLAIN_CELL = /<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(n|s|b|e|str|d)")?(?:\/>|><v>([^<]*)<\/v><\/c>)/y;
/** Any cell: prefixed names, other attribute orders or quotes, formulas, inline strings (sticky). */
const CELL = /\s*<(?:[\w.-]+:)?c(?=[\s/>])([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/y;
const CELL_ATTRIBUTE = /(?:^|\s)(r|s|t)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const VALUE = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([^<]*)</;
const ROW_NUMBER = /(?:^|\s)r\s*=\s*["'](\d+)["']/;

/** Reads each `<c>` of a row's inner XML into `row`, as a number or as text. */
function readCells(inner: string, row: SheetRow, book: Workbook, shared: string[], where: () => string): void {
  row.clear();
  let column = -1;
  let at = 0;
  while (at < inner.length) {
    let ref = '';
    let style = 0;
    let type = 'n';
    let body: string | null = null;
    let raw: string | undefined;
    PLAIN_CELL.lastIndex = at;
    let m = PLAIN_CELL.exec(inner);
    if (m) {
      ref = m[1];
      style = m[2] === undefined ? 0 : Number(m[2]);
      type = m[3] ?? 'n';
      raw = m[4];
      at = PLAIN_CELL.lastIndex;
    } else {
      CELL.lastIndex = at;
      m = CELL.exec(inner);
      if (!m) break; // whatever follows the last cell (extension elements, blanks)
      at = CELL.lastIndex;
      CELL_ATTRIBUTE.lastIndex = 0;
      for (let a = CELL_ATTRIBUTE.exec(m[1]); a; a = CELL_ATTRIBUTE.exec(m[1])) {
        const value = a[2] ?? a[3];
        if (a[1] === 'r') ref = value;
        else if (a[1] === 's') style = Number(value);
        else type = value;
      }
      body = m[2] ?? '';
      raw = VALUE.exec(body)?.[1];
    }
    column = ref ? columnIndex(ref) : column + 1;
    if (column < 0 || column >= MAX_COLUMNS) throw new ZipError(`${where()}: the cell reference "${ref}" is beyond Excel's last column XFD`);
    if (type === 'inlineStr') {
      row.push(column, runText(body ?? ''), NaN);
    } else if (raw === undefined) {
      continue; // a formatted cell without a value
    } else if (type === 's') {
      const text = shared[Number(raw)];
      if (text === undefined) throw new ZipError(`${where()}: cell ${ref || column + 1} refers to shared string ${raw}, but the workbook has ${shared.length}`);
      row.push(column, text, NaN);
    } else if (type === 'b') {
      row.push(column, raw.trim() === '1' ? 'TRUE' : 'FALSE', NaN);
    } else if (type === 'str' || type === 'e') {
      row.push(column, unescapeXml(raw), NaN);
    } else if (type === 'd') {
      row.push(column, unescapeXml(raw).replace(/T00:00:00(\.0+)?Z?$/, ''), NaN);
    } else {
      const value = Number(raw);
      const date = Number.isFinite(value) && book.dateStyles[style] ? serialToIso(value, book.date1904) : null;
      if (date !== null) row.push(column, date, NaN);
      else if (Number.isFinite(value) && raw.trim() !== '') row.push(column, undefined, value);
      else row.push(column, raw, NaN); // not a finite number (1e309, damaged text): read as text, reported there
    }
  }
}

export async function readXlsx(
  bytes: Uint8Array,
  fileName: string,
  options: XlsxOptions = {},
  warnings: ImportWarning[] = [],
  progress: ProgressSink = NO_PROGRESS,
): Promise<XlsxResult> {
  const refuse = (error: unknown): never => {
    if (error instanceof ZipError) throw new ImportError('bad-xlsx', `${fileName} is not a valid Excel workbook (.xlsx): ${error.message}.`);
    throw error;
  };
  let book: Workbook;
  try {
    book = readWorkbook(bytes, readZipDirectory(bytes));
  } catch (error) {
    return refuse(error);
  }
  const names = book.sheets.map((s) => s.name);
  const wanted = options.sheet ?? 1;
  const chosen = typeof wanted === 'number' ? book.sheets[wanted - 1] : book.sheets.find((s) => s.name === wanted);
  if (!chosen) {
    throw new ImportError(
      'sheet-not-found',
      `${fileName} has no sheet ${typeof wanted === 'number' ? `number ${wanted}` : `"${wanted}"`}; its sheets are: ${names.map((n) => `"${n}"`).join(', ')}.`,
    );
  }
  const parser = createCellParser(options.decimal ?? '.', options.missingTokens);
  const builder = new SheetTableBuilder(parser, options.header ?? 'auto');
  const row = new SheetRow();
  let rowNumber = 0;
  const where = () => `sheet "${chosen.name}", row ${rowNumber}`;
  try {
    const shared = book.sharedStrings();
    progress.report({ fraction: 0.1 });
    const rows = new ElementStream('row', (attrs, inner) => {
      const r = ROW_NUMBER.exec(attrs);
      rowNumber = r ? Number(r[1]) : rowNumber + 1;
      readCells(inner, row, book, shared, where);
      builder.addRow(rowNumber, row);
    }, chosen.entry.name);
    inflateEntry(bytes, chosen.entry, options.maxSheetXmlBytes ?? SHEET_XML_LIMIT, (chunk) => rows.push(chunk), (fraction) => {
      progress.checkCancelled();
      progress.report({ fraction: 0.1 + 0.9 * fraction });
    });
    rows.finish();
  } catch (error) {
    refuse(error);
  }
  const table = builder.finish(fileName, chosen.name, warnings);
  if (!table) throw new ImportError('empty-file', `${fileName}, sheet "${chosen.name}", holds no data.`);
  if (builder.blankRows > 0) {
    warnings.push({ code: 'blank-rows-skipped', message: `${fileName}, sheet "${chosen.name}": ${builder.blankRows} empty row(s) skipped.` });
  }
  progress.report({ fraction: 1 });
  return { table, sheets: names };
}
