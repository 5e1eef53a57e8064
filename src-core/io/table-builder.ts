import type { CellParser, CellReading } from './cell-parsing';
import { CellStatus, columnLetter, type Table, type TableColumn } from './table';

/**
 * Collects rows of cell text into column-wise storage: one string array, one Float64Array and one status byte per
 * column, allocated for the expected row count (an upper bound where the reader knows one) and grown by doubling
 * only past it. Rows are parsed as they arrive so the reader can drop its own row arrays chunk by chunk.
 */

/**
 * True when `text` is exactly how JavaScript writes the number it denotes (String(Number(text)) === text), decided
 * from the characters alone because converting millions of numbers back to text is slow. Canonical: optional '-',
 * no leading zeros, no trailing fractional zeros, no exponent, at most 15 significant digits (so the shortest
 * round-trip form has the same digits), below 1e21 and, when below 1, at least 1e-6 (else JS uses an exponent).
 */
export function isCanonicalNumberText(text: string): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const intStart = i;
  while (i < n && isDigitCode(text.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  if (intDigits === 0 || intDigits > 21) return false;
  const intIsZero = intDigits === 1 && text.charCodeAt(intStart) === 48;
  if (intDigits > 1 && text.charCodeAt(intStart) === 48) return false; // leading zero
  let significant = intIsZero ? 0 : intDigits;
  if (i === n) return !(intIsZero && intStart === 1) && significant <= 15; // "-0" is written "0"
  if (text.charCodeAt(i) !== 46) return false; // '.'
  i++;
  const fracStart = i;
  while (i < n && isDigitCode(text.charCodeAt(i))) i++;
  if (i !== n || i === fracStart || text.charCodeAt(n - 1) === 48) return false;
  if (intIsZero) {
    let zeros = 0;
    while (text.charCodeAt(fracStart + zeros) === 48) zeros++;
    if (zeros >= 6) return false;
    significant = n - fracStart - zeros;
  } else {
    significant += n - fracStart;
  }
  return significant <= 15;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * One column under construction. `cells` is allocated at full capacity up front, like the typed arrays: pushing a
 * million entries grows a JS array about thirty times, each step leaving the previous backing store as garbage.
 * With `blank`, every slot starts as an empty cell (readers of sparse sources such as .xlsx write only filled cells).
 */
export class ColumnAccumulator {
  cells: (string | undefined)[];
  values: Float64Array;
  status: Uint8Array;

  constructor(capacity: number, private readonly blank = false) {
    this.cells = new Array<string | undefined>(capacity);
    this.values = new Float64Array(capacity);
    this.status = new Uint8Array(capacity);
    if (blank) this.blankFrom(0);
  }

  grow(capacity: number): void {
    const filled = this.cells.length;
    const cells = new Array<string | undefined>(capacity);
    for (let i = 0; i < filled; i++) cells[i] = this.cells[i];
    this.cells = cells;
    const values = new Float64Array(capacity);
    values.set(this.values);
    this.values = values;
    const status = new Uint8Array(capacity);
    status.set(this.status);
    this.status = status;
    if (this.blank) this.blankFrom(filled);
  }

  /** Row i from the cell's text, read by `parser` (a canonical number keeps no copy of its text, see cellText). */
  setText(i: number, text: string, parser: CellParser, out: CellReading): void {
    parser.read(text, out);
    this.cells[i] = out.status === CellStatus.ok && isCanonicalNumberText(text) ? undefined : text;
    this.values[i] = out.value;
    this.status[i] = out.status;
  }

  /** Row i as a number a binary source stores as a number (finite; its text is how JavaScript writes it). */
  setNumber(i: number, value: number): void {
    this.cells[i] = undefined;
    this.values[i] = value;
    this.status[i] = CellStatus.ok;
  }

  private blankFrom(start: number): void {
    this.cells.fill('', start);
    this.values.fill(NaN, start);
    this.status.fill(CellStatus.empty, start);
  }
}

/**
 * The first n entries as an array of exactly that length: a view when the slack is at most 1/16 (storage sized
 * from an upper bound such as a line count usually has only a header's worth), else a copy so a large slack is
 * freed. Copying every column at the end would briefly hold the whole table twice.
 */
export function fitted<T extends Float64Array | Uint8Array | Uint32Array>(array: T, n: number): T {
  return (array.length - n <= array.length / 16 ? array.subarray(0, n) : array.slice(0, n)) as T;
}

/** Shortens `cells` to n in place (V8 trims the backing store; every entry below n was written by addRow). */
export function truncated(cells: (string | undefined)[], n: number): (string | undefined)[] {
  cells.length = n;
  return cells;
}

export class TableBuilder {
  private readonly columns: ColumnAccumulator[];
  private sourceRows: Uint32Array;
  private capacity: number;
  private count = 0;
  private readonly reading: CellReading = { status: CellStatus.empty, value: NaN };

  constructor(
    private readonly names: readonly string[],
    private readonly parser: CellParser,
    expectedRows = 1024,
    /** 0-based source column of each column, when some source columns were left out (default 0, 1, 2 ...). */
    private readonly sourceIndices: readonly number[] = names.map((_, j) => j),
  ) {
    this.capacity = Math.max(16, expectedRows);
    this.columns = names.map(() => new ColumnAccumulator(this.capacity));
    this.sourceRows = new Uint32Array(this.capacity);
  }

  get rowCount(): number {
    return this.count;
  }

  /** Appends one row; `fields` shorter than the column count is the caller's error to report, not ours. */
  addRow(fields: readonly string[], sourceRow: number): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count;
    const out = this.reading;
    // A number cell whose text is exactly how JavaScript writes that number keeps no copy of its text: the text is
    // recoverable from `values` (see cellText), and a million-row file keeps a few million fewer strings.
    for (let j = 0; j < this.columns.length; j++) this.columns[j].setText(i, fields[j] ?? '', this.parser, out);
    this.sourceRows[i] = sourceRow;
    this.count++;
  }

  private grow(): void {
    this.capacity *= 2;
    for (const col of this.columns) col.grow(this.capacity);
    const rows = new Uint32Array(this.capacity);
    rows.set(this.sourceRows);
    this.sourceRows = rows;
  }

  finish(meta: Pick<Table, 'fileName' | 'format' | 'sheet' | 'hasHeader'>): Table {
    const n = this.count;
    const columns: TableColumn[] = this.columns.map((col, j) => ({
      name: this.names[j],
      index: this.sourceIndices[j],
      letter: columnLetter(this.sourceIndices[j]),
      cells: truncated(col.cells, n),
      values: fitted(col.values, n),
      status: fitted(col.status, n),
    }));
    return { ...meta, columns, rowCount: n, sourceRows: fitted(this.sourceRows, n) };
  }
}

