import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CellStatus, ImportError, cellText, nameList, overflowsDouble, printable, describeColumn, profileColumn, readTable, type Table, type TableColumn } from '@core/io/index';
import { CliError } from './io';

/**
 * One numeric column of a CSV/TSV (or .xlsx/.npy) file for the fit and compare commands, read with src-core/io's
 * readTable. Empty cells (ragged columns) are skipped with a note. Missing-value tokens (NA, NaN, n/a ...),
 * infinite values, non-numeric text and below-limit cells (`<0.1`) are problems: refused with their count and first
 * rows, or dropped with `dropInvalid`. Below-limit cells are kept, as their limit, when the caller fits censored data.
 */
export interface ColumnValues {
  file: string;
  column: string;
  /** How messages name the column: `"amp" (column B)`. */
  label: string;
  values: Float64Array<ArrayBuffer>;
  /** The file's row number of each value, so later checks (zeros for a positive family) can name rows too. */
  rows: Uint32Array;
  /** Cells left out: empty ones always, the others only with dropInvalid. */
  dropped: { empty: number; missing: number; infinite: number; nonNumeric: number; belowLimit: number };
  /** Limits of the below-limit cells kept (censored mode), distinct values. */
  limits: number[];
  notes: string[];
}

export interface ReadColumnOptions {
  column?: string;
  dropInvalid?: boolean;
  /** Keep `<L` cells as L (left-censored fits) instead of treating them as problems. */
  keepBelowLimit?: boolean;
  /** The option that names the column, for messages (default `--column`; `simulate` reads with `--init-column`). */
  columnOption?: string;
  /** What to suggest for below-limit cells (default: fitting them as censored, which fit offers). */
  belowLimitHint?: string;
}

const SHOWN_ROWS = 5;

/** Cell classes of this reader: src-core/io's statuses, with infinities split off from non-numeric text. */
const INFINITE = 5;

/**
 * io reads `inf`, `Infinity` and a decimal beyond the range of a double such as `1e400` as non-numeric text (never
 * as a number); all are an infinite value to the user (numpy writes `inf`), so they are named as such.
 */
export function isInfiniteCell(column: TableColumn, i: number): boolean {
  if (column.status[i] !== CellStatus.nonNumeric) return false;
  const text = cellText(column, i);
  return /^[+-]?(inf|infinity)$/i.test(text.trim()) || overflowsDouble(text);
}

/** The first rows (at most SHOWN_ROWS) of `count` matching cells: `4 ("abc"), 9 ("x")`, plus how many more. */
export function rowList(table: Table, column: TableColumn, match: (i: number) => boolean, count: number): string {
  const found: string[] = [];
  for (let i = 0; i < table.rowCount && found.length < SHOWN_ROWS; i++) {
    if (match(i)) found.push(`${table.sourceRows[i]} ("${printable(cellText(column, i))}")`);
  }
  return `${count === 1 ? 'row' : 'rows'} ${found.join(', ')}${count > found.length ? ` and ${count - found.length} more` : ''}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The column to read: the one named by the option (a name the file lacks is a command-line mistake, exit 2), else
 * the only numeric one (none at all: the file cannot be used, exit 1; several: the command line must choose, exit 2).
 * Column lists are cut after a dozen names, so a 10 000-column file gives a readable message.
 */
export function chooseColumn(columns: TableColumn[], file: string, name: string | undefined, option = '--column'): TableColumn {
  const list = nameList(columns.map((c) => c.name));
  if (name !== undefined) {
    const found = columns.find((c) => c.name === name);
    if (!found) throw new CliError(`${file} has no column "${printable(name)}"; its columns are ${list}`, 2);
    return found;
  }
  const numeric = columns.filter((c) => profileColumn(c).kind === 'numeric');
  if (numeric.length === 1) return numeric[0];
  if (numeric.length === 0) {
    const empty = columns.filter((c) => profileColumn(c).kind === 'empty').map((c) => c.name);
    throw new CliError(`${file} has no numeric column (columns: ${list}${empty.length > 0 ? `; empty: ${nameList(empty)}` : ''})`, 1);
  }
  throw new CliError(`${file} has ${numeric.length} numeric columns (${nameList(numeric.map((c) => c.name))}); choose one with ${option} NAME`, 2);
}

export async function readColumn(path: string, options: ReadColumnOptions = {}): Promise<ColumnValues> {
  const file = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${(e as Error).message}`, 1);
  }
  let table;
  try {
    ({ table } = await readTable(bytes, file));
  } catch (e) {
    if (e instanceof ImportError) throw new CliError(e.message, 1);
    throw e;
  }
  const column = chooseColumn(table.columns, file, options.column, options.columnOption);
  const classOf = (i: number) => (isInfiniteCell(column, i) ? INFINITE : column.status[i]);
  const count = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < table.rowCount; i++) count[classOf(i)]++;
  const rows = (cls: number) => rowList(table, column, (i) => classOf(i) === cls, count[cls]);
  const label = describeColumn(column);
  const where = `column ${label} of ${file}`;
  const keepBelow = options.keepBelowLimit === true;
  const problems: string[] = [];
  if (count[CellStatus.missing] > 0) problems.push(`${plural(count[CellStatus.missing], 'missing value')} (NA/NaN) at ${rows(CellStatus.missing)}`);
  if (count[INFINITE] > 0) problems.push(`${plural(count[INFINITE], 'infinite value')} at ${rows(INFINITE)}`);
  if (count[CellStatus.nonNumeric] > 0) problems.push(`${plural(count[CellStatus.nonNumeric], 'non-numeric cell')} at ${rows(CellStatus.nonNumeric)}`);
  if (count[CellStatus.belowLimit] > 0 && !keepBelow) {
    problems.push(`${plural(count[CellStatus.belowLimit], 'below-limit cell')} at ${rows(CellStatus.belowLimit)} (${options.belowLimitHint ?? 'fit them as censored with --censored-at LIMIT'})`);
  }
  if (problems.length > 0 && !options.dropInvalid) {
    throw new CliError(`${where}: ${problems.join('; ')}. Fix the file, or pass --drop-invalid to leave them out`, 1);
  }
  const keep = (cls: number) => cls === CellStatus.ok || (keepBelow && cls === CellStatus.belowLimit);
  const values: number[] = [];
  const kept: number[] = [];
  const limits = new Set<number>();
  for (let i = 0; i < table.rowCount; i++) {
    const cls = classOf(i);
    if (!keep(cls)) continue;
    values.push(column.values[i]);
    kept.push(table.sourceRows[i]);
    if (cls === CellStatus.belowLimit) limits.add(column.values[i]);
  }
  const dropped = {
    empty: count[CellStatus.empty],
    missing: count[CellStatus.missing],
    infinite: count[INFINITE],
    nonNumeric: count[CellStatus.nonNumeric],
    belowLimit: keepBelow ? 0 : count[CellStatus.belowLimit],
  };
  const notes: string[] = [];
  if (dropped.empty > 0) notes.push(`${where}: skipped ${plural(dropped.empty, 'empty cell')}`);
  if (problems.length > 0) notes.push(`${where}: dropped ${problems.join('; ')}`);
  if (values.length === 0) {
    const blank = count[CellStatus.empty] === table.rowCount;
    throw new CliError(`${where} has no numeric values (${plural(table.rowCount, 'row')}${blank && table.rowCount > 0 ? ', all empty' : ''})`, 1);
  }
  return { file, column: column.name, label, values: Float64Array.from(values), rows: Uint32Array.from(kept), dropped, limits: [...limits], notes };
}
