import { csvText, defuseFormula, formatNumber } from '@core/io/csv-cells';

/**
 * Result tables as data that travels: tab-separated text for the clipboard (pastes into Excel, LibreOffice, Prism as
 * cells) and CSV for a file. A table is read from the DOM as shown, unless its component gives a model of its own
 * (the fit table's parameters, one per row). Numbers are exact where a cell says so (`data-value`), never the rounded
 * figure on screen; text that a spreadsheet would run as a formula is defused (csv-cells.ts) in both forms.
 */
export type TableCell = string | number | null;

export interface TableData {
  columns: string[];
  rows: TableCell[][];
}

/** A cell's text without what is only decoration on screen (`data-export-skip`, e.g. a "best" badge), blanks collapsed. */
function cellText(cell: Element): string {
  const copy = cell.cloneNode(true) as Element;
  copy.querySelectorAll('[data-export-skip]').forEach((el) => el.remove());
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function cellValue(cell: Element): TableCell {
  const raw = cell.getAttribute('data-value');
  if (raw !== null) {
    if (raw === '') return null;
    const n = Number(raw);
    return Number.isNaN(n) && raw !== 'NaN' ? raw : n;
  }
  return cellText(cell);
}

/** Cells of a row, a cell spanning k columns followed by k - 1 empty ones so columns stay aligned. */
function rowCells(row: Element): TableCell[] {
  return Array.from(row.children).flatMap((cell) => {
    const span = Math.max(1, Number(cell.getAttribute('colspan') ?? 1));
    return [cellValue(cell), ...Array<TableCell>(span - 1).fill(null)];
  });
}

/** The table as shown: the last header row names the columns, every body row is a row (captions left out). */
export function readTableElement(table: HTMLTableElement): TableData {
  const sections = (tag: string) => Array.from(table.children).filter((el) => el.tagName === tag);
  const rowsOf = (section: Element) => Array.from(section.children).filter((el) => el.tagName === 'TR');
  const headRows = sections('THEAD').flatMap(rowsOf);
  const columns = headRows.length ? rowCells(headRows[headRows.length - 1]).map((c) => (c === null ? '' : String(c))) : [];
  const rows = sections('TBODY').flatMap(rowsOf).map(rowCells);
  return { columns, rows };
}

const tsvCell = (cell: TableCell) => (cell === null ? '' : typeof cell === 'number' ? formatNumber(cell) : defuseFormula(cell.replace(/[\t\r\n]+/g, ' ')));

/** Tab-separated, one line per row, header first: what spreadsheets take from the clipboard as cells. */
export function toTsv(data: TableData): string {
  return `${[data.columns, ...data.rows].map((row) => row.map(tsvCell).join('\t')).join('\n')}\n`;
}

const csvCell = (cell: TableCell) => (cell === null ? '' : typeof cell === 'number' ? formatNumber(cell) : csvText(cell));

export function toCsv(data: TableData): string {
  return `${[data.columns, ...data.rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}
