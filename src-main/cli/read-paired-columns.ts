import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CellStatus, ImportError, cellText, describeColumn, readTable, type TableColumn } from '@core/io/index';
import { CliError } from './io';
import { isInfiniteCell } from './read-column';

/**
 * Two numeric columns of one file read as pairs, row by row (the same synapse before and after learning), with
 * src-core/io's readTable. Pairing is by row, so no cell may be dropped on its own: a row empty in both columns is
 * skipped, but a row with one value only, a missing-value token, an infinite value, text or a below-limit cell is
 * refused, naming the file, row and column.
 */
export interface PairedColumns {
  file: string;
  names: [string, string];
  first: Float64Array<ArrayBuffer>;
  second: Float64Array<ArrayBuffer>;
  /** Rows skipped because both cells were empty. */
  skipped: number;
}

const SHOWN = 5;

function pick(columns: TableColumn[], file: string, name: string, option: string): TableColumn {
  const found = columns.find((c) => c.name === name);
  if (!found) throw new CliError(`${file} has no column "${name}" (${option}); its columns are ${columns.map((c) => `"${c.name}"`).join(', ')}`, 2);
  return found;
}

export async function readPairedColumns(path: string, first: { name: string; option: string }, second: { name: string; option: string }): Promise<PairedColumns> {
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
  const a = pick(table.columns, file, first.name, first.option);
  const b = pick(table.columns, file, second.name, second.option);
  const problems: string[] = [];
  let problemCount = 0;
  const x: number[] = [];
  const y: number[] = [];
  let skipped = 0;
  const why = (col: TableColumn, i: number, status: number) =>
    isInfiniteCell(col, i) ? 'is infinite'
    : status === CellStatus.empty ? 'is empty while its partner is not'
    : status === CellStatus.missing ? 'is a missing value'
    : status === CellStatus.belowLimit ? 'is a below-limit value (the test needs exact values)'
    : 'is not a number';
  for (let i = 0; i < table.rowCount; i++) {
    const sa = a.status[i];
    const sb = b.status[i];
    if (sa === CellStatus.ok && sb === CellStatus.ok && Number.isFinite(a.values[i]) && Number.isFinite(b.values[i])) {
      x.push(a.values[i]);
      y.push(b.values[i]);
      continue;
    }
    if (sa === CellStatus.empty && sb === CellStatus.empty) {
      skipped++;
      continue;
    }
    for (const [col, s] of [[a, sa], [b, sb]] as const) {
      if (s === CellStatus.ok && Number.isFinite(col.values[i])) continue;
      problemCount++;
      if (problems.length < SHOWN) problems.push(`row ${table.sourceRows[i]}, column ${describeColumn(col)}: "${cellText(col, i)}" ${why(col, i, s)}`);
    }
  }
  if (problemCount > 0) {
    const more = problemCount > SHOWN ? `\n  ... and ${problemCount - SHOWN} more` : '';
    throw new CliError(`${file}: ${problemCount} unusable cell${problemCount === 1 ? '' : 's'} in the paired columns; fix the file\n  ${problems.join('\n  ')}${more}`, 1);
  }
  if (x.length === 0) throw new CliError(`${file}: columns "${a.name}" and "${b.name}" hold no numeric pairs`, 1);
  return { file, names: [a.name, b.name], first: Float64Array.from(x), second: Float64Array.from(y), skipped };
}
