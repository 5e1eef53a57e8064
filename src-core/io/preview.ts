import { CellStatus, cellText, type Table, type TableColumn } from './table';

/**
 * The first rows of a table for the mapping step, with what each column mostly holds so the interface can offer
 * numeric columns as values and text columns as groups.
 */

export type ColumnKind = 'numeric' | 'text' | 'empty';

export interface ColumnProfile {
  name: string;
  letter: string;
  kind: ColumnKind;
  /** Cells per status, indexed by CellStatus. */
  statusCounts: number[];
}

export interface TablePreview {
  fileName: string;
  sheet?: string;
  totalRows: number;
  columns: ColumnProfile[];
  rows: { row: number; cells: string[]; status: CellStatus[] }[];
}

export function profileColumn(column: TableColumn): ColumnProfile {
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < column.status.length; i++) counts[column.status[i]]++;
  const numeric = counts[CellStatus.ok] + counts[CellStatus.belowLimit];
  const filled = numeric + counts[CellStatus.nonNumeric];
  // Numeric when most filled cells are numbers: a stray text cell must not turn a value column into a text column.
  const kind: ColumnKind = filled === 0 ? 'empty' : numeric >= counts[CellStatus.nonNumeric] ? 'numeric' : 'text';
  return { name: column.name, letter: column.letter, kind, statusCounts: counts };
}

export function previewTable(table: Table, rows = 20): TablePreview {
  const n = Math.min(rows, table.rowCount);
  const preview: TablePreview['rows'] = [];
  for (let i = 0; i < n; i++) {
    preview.push({
      row: table.sourceRows[i],
      cells: table.columns.map((c) => cellText(c, i)),
      status: table.columns.map((c) => c.status[i] as CellStatus),
    });
  }
  return {
    fileName: table.fileName,
    sheet: table.sheet,
    totalRows: table.rowCount,
    columns: table.columns.map(profileColumn),
    rows: preview,
  };
}
