import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CellStatus, ImportError, cellText, describeColumn, profileColumn, readTable, type TableColumn } from '@core/io/index';
import { CliError } from './io';

/**
 * One numeric column of a CSV/TSV (or .xlsx/.npy) file for the fit and compare commands, read with src-core/io's
 * readTable. Empty cells (ragged columns) are skipped with a note. Missing-value tokens (NA, NaN, n/a ...),
 * non-numeric text and below-limit cells (`<0.1`) are problems: refused with their count and first rows, or dropped
 * with `dropInvalid`. Below-limit cells are kept, as their limit, when the caller fits censored data.
 */
export interface ColumnValues {
  file: string;
  column: string;
  values: Float64Array<ArrayBuffer>;
  /** Cells left out: empty ones always, the others only with dropInvalid. */
  dropped: { empty: number; missing: number; nonNumeric: number; belowLimit: number };
  /** Limits of the below-limit cells kept (censored mode), distinct values. */
  limits: number[];
  notes: string[];
}

export interface ReadColumnOptions {
  column?: string;
  dropInvalid?: boolean;
  /** Keep `<L` cells as L (left-censored fits) instead of treating them as problems. */
  keepBelowLimit?: boolean;
}

const SHOWN_ROWS = 5;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function chooseColumn(columns: TableColumn[], file: string, name: string | undefined): TableColumn {
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  if (name !== undefined) {
    const found = columns.find((c) => c.name === name);
    if (!found) throw new CliError(`${file} has no column "${name}"; its columns are ${list}`, 2);
    return found;
  }
  const numeric = columns.filter((c) => profileColumn(c).kind === 'numeric');
  if (numeric.length === 1) return numeric[0];
  if (numeric.length === 0) throw new CliError(`${file} has no numeric column (columns: ${list})`, 2);
  throw new CliError(`${file} has ${numeric.length} numeric columns (${numeric.map((c) => `"${c.name}"`).join(', ')}); choose one with --column NAME`, 2);
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
  const column = chooseColumn(table.columns, file, options.column);
  const rows = (status: number) => {
    const found: string[] = [];
    for (let i = 0; i < table.rowCount && found.length < SHOWN_ROWS; i++) {
      if (column.status[i] === status) found.push(`${table.sourceRows[i]} ("${cellText(column, i)}")`);
    }
    return found.join(', ');
  };
  const count = [0, 0, 0, 0, 0];
  for (let i = 0; i < table.rowCount; i++) count[column.status[i]]++;
  const where = `column ${describeColumn(column)} of ${file}`;
  const keepBelow = options.keepBelowLimit === true;
  const problems: string[] = [];
  if (count[CellStatus.missing] > 0) problems.push(`${plural(count[CellStatus.missing], 'missing value')} (NA/NaN) at rows ${rows(CellStatus.missing)}`);
  if (count[CellStatus.nonNumeric] > 0) problems.push(`${plural(count[CellStatus.nonNumeric], 'non-numeric cell')} at rows ${rows(CellStatus.nonNumeric)}`);
  if (count[CellStatus.belowLimit] > 0 && !keepBelow) {
    problems.push(`${plural(count[CellStatus.belowLimit], 'below-limit cell')} at rows ${rows(CellStatus.belowLimit)} (fit them as censored with --censored-at LIMIT)`);
  }
  if (problems.length > 0 && !options.dropInvalid) {
    throw new CliError(`${where}: ${problems.join('; ')}. Fix the file, or pass --drop-invalid to leave them out`, 1);
  }
  const keep = (status: number) => status === CellStatus.ok || (keepBelow && status === CellStatus.belowLimit);
  const values: number[] = [];
  const limits = new Set<number>();
  for (let i = 0; i < table.rowCount; i++) {
    if (!keep(column.status[i])) continue;
    values.push(column.values[i]);
    if (column.status[i] === CellStatus.belowLimit) limits.add(column.values[i]);
  }
  const dropped = {
    empty: count[CellStatus.empty],
    missing: count[CellStatus.missing],
    nonNumeric: count[CellStatus.nonNumeric],
    belowLimit: keepBelow ? 0 : count[CellStatus.belowLimit],
  };
  const notes: string[] = [];
  if (dropped.empty > 0) notes.push(`${where}: skipped ${plural(dropped.empty, 'empty cell')}`);
  if (problems.length > 0) notes.push(`${where}: dropped ${problems.join('; ')}`);
  if (values.length === 0) throw new CliError(`${where} has no numeric values (${table.rowCount} rows)`, 1);
  return { file, column: column.name, values: Float64Array.from(values), dropped, limits: [...limits], notes };
}
