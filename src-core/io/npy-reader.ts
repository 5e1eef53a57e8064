import type { NpyArray } from './npy-parser';
import { CellStatus, columnLetter, type ImportWarning, type Table, type TableColumn } from './table';

/**
 * NumPy array -> Table. A 1-D array is one column "value". A 2-D array (e.g. a weight matrix) becomes one column
 * per array column ("col 0", "col 1", ... as numpy indexes them), or one flattened column "weight" in C order.
 * NaN counts as a missing value, ±inf as non-numeric, so validation reports them like spreadsheet cells.
 */

export type NpyLayout = 'auto' | 'columns' | 'flatten';

/** Above this many columns, 'auto' flattens: a 1000 x 1000 weight matrix is one distribution, not 1000 columns. */
export const NPY_AUTO_MAX_COLUMNS = 32;

function statusOf(values: Float64Array): Uint8Array {
  const status = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    status[i] = Number.isFinite(v) ? CellStatus.ok : Number.isNaN(v) ? CellStatus.missing : CellStatus.nonNumeric;
  }
  return status;
}

function column(name: string, index: number, values: Float64Array): TableColumn {
  return { name, index, letter: columnLetter(index), cells: null, values, status: statusOf(values) };
}

function oneBasedRows(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i + 1;
  return rows;
}

export function npyToTable(
  array: NpyArray,
  fileName: string,
  layout: NpyLayout = 'auto',
  warnings: ImportWarning[] = [],
): Table {
  if (array.inexactIntegers > 0) {
    warnings.push({
      code: 'inexact-integers',
      message: `${fileName}: ${array.inexactIntegers} integer(s) exceed 2^53 and are rounded to the nearest float64.`,
    });
  }
  const meta = { fileName, format: 'npy' as const, hasHeader: false };
  const [rows, cols] = array.shape.length === 2 ? array.shape : [array.data.length, 1];
  const flatten = array.shape.length === 2
    && (layout === 'flatten' || (layout === 'auto' && cols > NPY_AUTO_MAX_COLUMNS));
  if (array.shape.length < 2 || flatten) {
    if (flatten && layout === 'auto') {
      warnings.push({
        code: 'npy-flattened',
        message: `${fileName}: the ${rows} x ${cols} array was read as one column of ${rows * cols} weights `
          + '(row by row); choose the "columns" layout to keep its columns apart.',
      });
    }
    const name = flatten ? 'weight' : 'value';
    return { ...meta, columns: [column(name, 0, array.data)], rowCount: array.data.length, sourceRows: oneBasedRows(array.data.length) };
  }
  const columns: TableColumn[] = [];
  for (let j = 0; j < cols; j++) {
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) values[i] = array.data[i * cols + j];
    columns.push(column(`col ${j}`, j, values));
  }
  return { ...meta, columns, rowCount: rows, sourceRows: oneBasedRows(rows) };
}
