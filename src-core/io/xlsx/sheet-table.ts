import type { CellParser, CellReading } from '../cell-parsing';
import { columnNames, detectHeader, type HeaderMode } from '../header';
import { ColumnAccumulator, fitted, truncated } from '../table-builder';
import { CellStatus, columnLetter, type ImportWarning, type Table, type TableColumn } from '../table';

/**
 * Rows of a worksheet, as they stream out of the sheet XML, into a Table. A sheet is sparse (only filled cells are
 * written), so a column is created when its first filled cell (or header cell) appears, with every earlier row
 * empty; columns empty from top to bottom never exist and are left out, the others keep their source letter. The
 * first filled row is the header when it looks like one (header.ts); empty rows after it are skipped and counted.
 */

/** One row's filled cells, reused from row to row: source column, and the cell as a number or as text. */
export class SheetRow {
  columns: number[] = [];
  /** The text of a text cell (also dates, booleans, errors); undefined for a number cell. */
  texts: (string | undefined)[] = [];
  numbers: number[] = [];
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(column: number, text: string | undefined, number: number): void {
    this.columns[this.length] = column;
    this.texts[this.length] = text;
    this.numbers[this.length] = number;
    this.length++;
  }

  /** True when some cell holds something (a text of blanks counts, as in a CSV). */
  filled(): boolean {
    for (let k = 0; k < this.length; k++) if (this.texts[k] !== '') return true;
    return false;
  }

  textAt(k: number): string {
    return this.texts[k] ?? String(this.numbers[k]);
  }
}

export class SheetTableBuilder {
  private readonly columns: (ColumnAccumulator | undefined)[] = [];
  private capacity = 1024;
  private count = 0;
  private sourceRows = new Uint32Array(this.capacity);
  private header: Map<number, string> | null = null;
  private started = false;
  private lastRow = 0;
  private readonly reading: CellReading = { status: CellStatus.empty, value: NaN };
  /** Empty rows after the first filled one (explicit empty rows and gaps in the row numbers). */
  blankRows = 0;

  constructor(private readonly parser: CellParser, private readonly headerMode: HeaderMode) {}

  get hasHeader(): boolean {
    return this.header !== null;
  }

  addRow(sourceRow: number, row: SheetRow): void {
    const filled = row.filled();
    if (this.started) this.blankRows += Math.max(0, sourceRow - this.lastRow - 1) + (filled ? 0 : 1);
    this.lastRow = Math.max(this.lastRow, sourceRow);
    if (!filled) return;
    if (!this.started) {
      this.started = true;
      const texts = Array.from({ length: row.length }, (_, k) => row.textAt(k));
      if (detectHeader(texts, this.headerMode, this.parser)) {
        this.header = new Map();
        for (let k = 0; k < row.length; k++) {
          if (texts[k] === '') continue;
          this.header.set(row.columns[k], texts[k]);
          this.column(row.columns[k]);
        }
        return;
      }
    }
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.sourceRows[i] = sourceRow;
    for (let k = 0; k < row.length; k++) {
      const text = row.texts[k];
      if (text === '') continue;
      const column = this.column(row.columns[k]);
      if (text === undefined) column.setNumber(i, row.numbers[k]);
      else column.setText(i, text, this.parser, this.reading);
    }
  }

  /** The table, or null when the sheet holds nothing at all. */
  finish(fileName: string, sheet: string, warnings: ImportWarning[]): Table | null {
    if (!this.started) return null;
    const kept: number[] = [];
    this.columns.forEach((c, j) => { if (c) kept.push(j); });
    const header = this.header;
    const names = columnNames(header ? kept.map((j) => header.get(j) ?? '') : null, kept.length, fileName, warnings, kept);
    const n = this.count;
    const columns: TableColumn[] = kept.map((j, k) => {
      const c = this.columns[j] as ColumnAccumulator;
      return { name: names[k], index: j, letter: columnLetter(j), cells: truncated(c.cells, n), values: fitted(c.values, n), status: fitted(c.status, n) };
    });
    return { fileName, format: 'xlsx', sheet, hasHeader: header !== null, columns, rowCount: n, sourceRows: fitted(this.sourceRows, n) };
  }

  private column(j: number): ColumnAccumulator {
    return (this.columns[j] ??= new ColumnAccumulator(this.capacity, true));
  }

  private grow(): void {
    this.capacity *= 2;
    for (const c of this.columns) c?.grow(this.capacity);
    const rows = new Uint32Array(this.capacity);
    rows.set(this.sourceRows);
    this.sourceRows = rows;
  }
}
