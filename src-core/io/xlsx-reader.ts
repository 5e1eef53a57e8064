import readXlsxFile from 'read-excel-file/universal';
import { createCellParser, type DecimalSeparator } from './cell-parsing';
import { ImportError } from './errors';
import { columnNames, detectHeader, type HeaderMode } from './header';
import { NO_PROGRESS, type ProgressSink } from './progress';
import { TableBuilder } from './table-builder';
import type { ImportWarning, Table } from './table';

/**
 * Excel .xlsx -> Table via read-excel-file's "universal" entry (fflate + saxen: pure JavaScript, reads an
 * ArrayBuffer, no node:* imports). Each cell becomes text the same way a CSV cell is text, so the same strict
 * number reading and the same problem report apply: numbers as their round-trip decimal text, dates as ISO text,
 * booleans as TRUE/FALSE, text cells as typed (so "<0.1" or "n/a" typed into Excel are recognised).
 */

export interface XlsxOptions {
  /** Sheet name or 1-based number; default the first sheet. */
  sheet?: string | number;
  header?: HeaderMode;
  /** Only for numbers typed as text; real number cells need no separator. */
  decimal?: DecimalSeparator;
  missingTokens?: readonly string[];
}

export interface XlsxResult {
  table: Table;
  /** All sheet names, in workbook order, for the sheet picker. */
  sheets: string[];
}

type RawCell = string | number | boolean | { toISOString(): string } | null | undefined;

function cellToText(cell: RawCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  const iso = cell.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** Exact-length copy: read-excel-file wants an ArrayBuffer, and a Uint8Array may be a view into a larger one. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export async function readXlsx(
  bytes: Uint8Array,
  fileName: string,
  options: XlsxOptions = {},
  warnings: ImportWarning[] = [],
  progress: ProgressSink = NO_PROGRESS,
): Promise<XlsxResult> {
  let sheets: { sheet: string; data: RawCell[][] }[];
  try {
    sheets = (await readXlsxFile(toArrayBuffer(bytes), { trim: false })) as { sheet: string; data: RawCell[][] }[];
  } catch (e) {
    throw new ImportError('bad-xlsx', `${fileName} could not be read as an Excel .xlsx workbook: ${(e as Error).message}`);
  }
  progress.checkCancelled();
  progress.report({ fraction: 0.5 });
  const names = sheets.map((s) => s.sheet);
  const wanted = options.sheet ?? 1;
  const chosen = typeof wanted === 'number' ? sheets[wanted - 1] : sheets.find((s) => s.sheet === wanted);
  if (!chosen) {
    throw new ImportError(
      'sheet-not-found',
      `${fileName} has no sheet ${typeof wanted === 'number' ? `number ${wanted}` : `"${wanted}"`}; its sheets are: ${names.map((n) => `"${n}"`).join(', ')}.`,
    );
  }
  const rows = chosen.data.map((row) => row.map(cellToText));
  // Leading empty rows are not part of the table but keep their numbers; columns empty from top to bottom
  // (header included) hold nothing and are left out, the others keep their source letter.
  const first = rows.findIndex((r) => r.some((c) => c !== ''));
  if (first < 0) throw new ImportError('empty-file', `${fileName}, sheet "${chosen.sheet}", holds no data.`);
  const width = Math.max(...rows.map((r) => r.length));
  const kept: number[] = [];
  for (let j = 0; j < width; j++) if (rows.some((r) => (r[j] ?? '') !== '')) kept.push(j);

  const parser = createCellParser(options.decimal ?? '.', options.missingTokens);
  const project = (row: string[]): string[] => kept.map((j) => row[j] ?? '');
  const hasHeader = detectHeader(project(rows[first]), options.header ?? 'auto', parser);
  const columnTitles = columnNames(hasHeader ? project(rows[first]) : null, kept.length, fileName, warnings, kept);
  const builder = new TableBuilder(columnTitles, parser, rows.length, kept);
  let blank = 0;
  for (let i = hasHeader ? first + 1 : first; i < rows.length; i++) {
    const cells = project(rows[i]);
    if (cells.every((c) => c === '')) blank++;
    else builder.addRow(cells, i + 1);
  }
  if (blank > 0) {
    warnings.push({ code: 'blank-rows-skipped', message: `${fileName}, sheet "${chosen.sheet}": ${blank} empty row(s) skipped.` });
  }
  progress.report({ fraction: 1 });
  return { table: builder.finish({ fileName, format: 'xlsx', sheet: chosen.sheet, hasHeader }), sheets: names };
}
