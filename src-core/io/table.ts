import { printable } from './printable';

/**
 * The in-memory table every reader produces: one entry per source column, stored column-wise in typed arrays so a
 * million-row file costs a few bytes per cell instead of one object per cell. Plain data only (structured-clone
 * safe), so a table can cross from a worker to the main process as it is.
 */

/** What a cell turned out to be when read as a number. Stored as one byte per cell in `TableColumn.status`. */
export const CellStatus = {
  /** A finite number; `values[i]` holds it (never ±Infinity or NaN). */
  ok: 0,
  /** Nothing in the cell (or only blanks). */
  empty: 1,
  /** A missing-value token such as `n/a`, `NA`, `n.d.`, `nd`, `-`, `NaN`. */
  missing: 2,
  /** A below-limit token such as `<0.1`: left-censored, `values[i]` holds the limit (0.1). */
  belowLimit: 3,
  /** Anything else: text, `1.2.3`, `12 mV`, infinities, decimals beyond the range of a double (`1e309`). */
  nonNumeric: 4,
} as const;
export type CellStatus = (typeof CellStatus)[keyof typeof CellStatus];

export interface TableColumn {
  /** Header text as in the file (trimmed), or `Column C` when the file has no header or the header cell is blank. */
  name: string;
  /** 0-based position in the source (after any leading index columns of the source, none are dropped). */
  index: number;
  /** Spreadsheet letter of the source column: A, B, ..., Z, AA, ... */
  letter: string;
  /**
   * The cell text exactly as read (quotes removed, nothing trimmed), one per row, with one saving: `undefined`
   * where the cell is a number written exactly as JavaScript writes it (String(values[i]) === text), because the
   * text is then the value itself. xlsx numbers appear as their shortest round-trip decimal text, dates as ISO
   * text. `null` for binary sources (.npy) whose raw data are the numbers in `values`. Use `cellText` to read.
   */
  cells: (string | undefined)[] | null;
  /** The parsed number per row: the value when ok, the limit when below-limit, NaN otherwise. */
  values: Float64Array;
  /** One `CellStatus` per row. */
  status: Uint8Array;
}

export interface Table {
  /** The file name the caller gave, repeated in every problem message. */
  fileName: string;
  /** Which reader produced the table. */
  format: 'csv' | 'xlsx' | 'npy';
  /** Sheet read, for xlsx. */
  sheet?: string;
  columns: TableColumn[];
  rowCount: number;
  /**
   * Row number of each table row in the source, 1-based as a spreadsheet user counts (the header is row 1, comment
   * and blank lines keep their numbers). For .npy files: the 1-based index along the first axis (no header).
   */
  sourceRows: Uint32Array;
  /** True when the first source row was taken as column names. */
  hasHeader: boolean;
}

export interface ImportWarning {
  /** Stable identifier, e.g. `encoding-fallback`, `decimal-comma`, `blank-lines-skipped`. */
  code: string;
  message: string;
}

/** Spreadsheet letter for a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** How a column is named in messages: `"amplitude (µV)" (column C)`. */
export function describeColumn(column: Pick<TableColumn, 'name' | 'letter'>): string {
  return `"${printable(column.name)}" (column ${column.letter})`;
}

/** The text of one cell as the file held it (numbers of binary sources rendered as decimal text). */
export function cellText(column: TableColumn, row: number): string {
  const text = column.cells?.[row];
  if (text !== undefined) return text;
  const v = column.values[row];
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

/** Finds a column by its name; undefined when absent. */
export function findColumn(table: Table, name: string): TableColumn | undefined {
  return table.columns.find((c) => c.name === name);
}
