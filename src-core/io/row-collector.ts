import { createCellParser, guessDecimalSeparator, type DecimalSeparator } from './cell-parsing';
import type { Delimiter } from './delimiter-detection';
import { ImportError, type LocatedMessage } from './errors';
import { columnNames, detectHeader, type HeaderMode } from './header';
import { TableBuilder } from './table-builder';
import { columnLetter, type ImportWarning, type Table } from './table';

/**
 * Receives the records of a delimited file in order (fields + source line) and turns them into a Table: holds the
 * first rows back until the header and the decimal separator are settled, skips blank rows (counted), and collects
 * ragged rows as located problems instead of guessing where their cells belong.
 */

export interface CollectorOptions {
  fileName: string;
  delimiter: Delimiter;
  decimal?: DecimalSeparator | 'auto';
  header?: HeaderMode;
  missingTokens?: readonly string[];
  /** Upper bound on the row count (the file's line count), so the column storage is sized once and never grows. */
  expectedRows: number;
}

const DECIMAL_SAMPLE_ROWS = 2000;

export class RowCollector {
  private builder: TableBuilder | null = null;
  private pending: { rows: string[][]; lines: number[] } | null = { rows: [], lines: [] };
  private expectedFields = 0;
  private hasHeader = false;
  private blankRows = 0;
  private trailingEmptyFields = 0;
  private readonly ragged: LocatedMessage[] = [];
  decimal: DecimalSeparator = '.';

  constructor(private readonly options: CollectorOptions, private readonly warnings: ImportWarning[]) {}

  add(fields: string[], line: number): void {
    if (this.pending) {
      this.pending.rows.push(fields);
      this.pending.lines.push(line);
      if (this.pending.rows.length > DECIMAL_SAMPLE_ROWS) this.flushPending();
    } else {
      this.take(fields, line);
    }
  }

  private start(rows: string[][]): void {
    const { options } = this;
    const decimal: DecimalSeparator = options.decimal && options.decimal !== 'auto'
      ? options.decimal
      : options.delimiter === ',' ? '.' : guessDecimalSeparator(rows.slice(0, DECIMAL_SAMPLE_ROWS).flat());
    if (decimal === ',' && options.decimal !== ',') {
      this.warnings.push({ code: 'decimal-comma', message: `${options.fileName}: numbers use a decimal comma (e.g. 1,25 = 1.25).` });
    }
    this.decimal = decimal;
    const parser = createCellParser(decimal, options.missingTokens);
    this.hasHeader = rows.length > 0 && detectHeader(rows[0], options.header ?? 'auto', parser);
    this.expectedFields = rows.length > 0 ? rows[0].length : 0;
    const names = columnNames(this.hasHeader ? rows[0] : null, this.expectedFields, options.fileName, this.warnings);
    this.builder = new TableBuilder(names, parser, options.expectedRows);
  }

  private take(fields: string[], line: number): void {
    if (fields[0] === '' && fields.every((f) => f === '')) {
      this.blankRows++;
      return;
    }
    if (!this.builder) throw new Error('unreachable: builder not started');
    const expected = this.expectedFields;
    if (fields.length !== expected) {
      if (fields.length > expected && fields.slice(expected).every((f) => f.trim() === '')) {
        this.trailingEmptyFields++;
      } else {
        this.ragged.push(raggedProblem(this.options.fileName, line, fields.length, expected));
        return;
      }
    }
    this.builder.addRow(fields, line);
  }

  private flushPending(): void {
    const held = this.pending;
    if (!held) return;
    this.pending = null;
    const firstIndex = held.rows.findIndex((r) => !r.every((f) => f === ''));
    this.start(firstIndex < 0 ? [] : held.rows.slice(firstIndex));
    for (let i = 0; i < held.rows.length; i++) {
      if (!(this.hasHeader && i === firstIndex)) this.take(held.rows[i], held.lines[i]);
    }
  }

  finish(): Table {
    this.flushPending();
    const { fileName, delimiter } = this.options;
    if (this.ragged.length > 0) {
      throw new ImportError(
        'ragged-rows',
        `${fileName}: ${this.ragged.length} row(s) do not have the ${this.expectedFields} fields of the first row `
          + `(delimiter ${JSON.stringify(delimiter)}).`,
        this.ragged,
      );
    }
    if (this.blankRows > 0) {
      this.warnings.push({ code: 'blank-rows-skipped', message: `${fileName}: ${this.blankRows} empty row(s) skipped.` });
    }
    if (this.trailingEmptyFields > 0) {
      this.warnings.push({
        code: 'trailing-empty-fields',
        message: `${fileName}: ${this.trailingEmptyFields} row(s) end with extra empty fields; they hold nothing and were ignored.`,
      });
    }
    if (!this.builder) throw new ImportError('empty-file', `${fileName} holds no data rows.`);
    return this.builder.finish({ fileName, format: 'csv', hasHeader: this.hasHeader });
  }
}

function raggedProblem(file: string, row: number, got: number, expected: number): LocatedMessage {
  if (got < expected) {
    const missing = got + 1 === expected
      ? `column ${columnLetter(got)} is missing`
      : `columns ${columnLetter(got)} to ${columnLetter(expected - 1)} are missing`;
    return { file, row, column: columnLetter(got), message: `${got} field(s) instead of ${expected}: ${missing}` };
  }
  return {
    file, row, column: columnLetter(expected),
    message: `${got} fields instead of ${expected}: unexpected text from column ${columnLetter(expected)} on`,
  };
}
