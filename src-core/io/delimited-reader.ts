import Papa from 'papaparse';
import { createCellParser, guessDecimalSeparator, type DecimalSeparator } from './cell-parsing';
import { detectDelimiter, detectNewline, sampleLines, type Delimiter } from './delimiter-detection';
import { ImportError, type LocatedMessage } from './errors';
import { columnNames, detectHeader, type HeaderMode } from './header';
import { NO_PROGRESS, type ProgressSink } from './progress';
import { LineTracker } from './line-tracker';
import { TableBuilder } from './table-builder';
import { columnLetter, type ImportWarning, type Table } from './table';

/**
 * CSV / TSV / semicolon text -> Table, with papaparse doing the quoting rules. The text is fed in chunks so that a
 * big file reports progress and can be cancelled between chunks, and each chunk's rows go straight into typed
 * column storage.
 */

export interface DelimitedOptions {
  delimiter?: Delimiter | 'auto';
  decimal?: DecimalSeparator | 'auto';
  header?: HeaderMode;
  /** Lines starting with this are comments (default '#'); '' turns comment skipping off. */
  comment?: string;
  missingTokens?: readonly string[];
}

export interface DelimitedResult {
  table: Table;
  /** What was used, detected or given: worth saving with a mapping for the next file of the same layout. */
  delimiter: Delimiter;
  decimal: DecimalSeparator;
}

const CHUNK_CHARS = 4 * 1024 * 1024;
const DECIMAL_SAMPLE_ROWS = 2000;

interface ChunkedConfig {
  chunkSize: number;
  chunk: (results: Papa.ParseResult<string[]>) => void;
}

interface Pending {
  rows: string[][];
  lines: number[];
}

export function readDelimited(
  fullText: string,
  fileName: string,
  options: DelimitedOptions = {},
  warnings: ImportWarning[] = [],
  progress: ProgressSink = NO_PROGRESS,
): DelimitedResult {
  const comment = options.comment ?? '#';
  const newline = detectNewline(fullText);
  // The final line ending closes the last row; left in, papaparse would report an empty row after it.
  const text = fullText.endsWith(newline) ? fullText.slice(0, fullText.length - newline.length) : fullText;
  const sample = sampleLines(text, comment);
  if (sample.length === 0) throw new ImportError('empty-file', `${fileName} holds no data rows.`);
  const delimiter = !options.delimiter || options.delimiter === 'auto' ? detectDelimiter(sample, fileName) : options.delimiter;
  const lines = new LineTracker(text, newline, comment, text.includes('"'));

  let builder: TableBuilder | null = null;
  let expectedFields = 0;
  let hasHeader = false;
  let blankRows = 0;
  let decimalUsed: DecimalSeparator = '.';
  let trailingEmptyFields = 0;
  const ragged: LocatedMessage[] = [];
  // Rows are held back until enough of them are seen to settle the header and the decimal separator.
  let pending: Pending | null = { rows: [], lines: [] };

  const start = (rows: string[][]): void => {
    const decimal: DecimalSeparator = options.decimal && options.decimal !== 'auto'
      ? options.decimal
      : delimiter === ',' ? '.' : guessDecimalSeparator(sampleCells(rows));
    if (decimal === ',' && options.decimal !== ',') {
      warnings.push({ code: 'decimal-comma', message: `${fileName}: numbers use a decimal comma (e.g. 1,25 = 1.25).` });
    }
    decimalUsed = decimal;
    const parser = createCellParser(decimal, options.missingTokens);
    hasHeader = rows.length > 0 && detectHeader(rows[0], options.header ?? 'auto', parser);
    expectedFields = rows.length > 0 ? rows[0].length : 0;
    const names = columnNames(hasHeader ? rows[0] : null, expectedFields, fileName, warnings);
    const estimate = Math.ceil(text.length / Math.max(8, sample.reduce((s, l) => s + l.length + 1, 0) / sample.length));
    builder = new TableBuilder(names, parser, estimate);
  };

  const take = (fields: string[], line: number): void => {
    if (fields.every((f) => f === '')) {
      blankRows++;
      return;
    }
    if (!builder) throw new Error('unreachable: builder not started');
    if (fields.length !== expectedFields) {
      const extra = fields.slice(expectedFields);
      if (fields.length > expectedFields && extra.every((f) => f.trim() === '')) {
        trailingEmptyFields++;
      } else {
        ragged.push(raggedProblem(fileName, line, fields.length, expectedFields));
        return;
      }
    }
    builder.addRow(fields, line);
  };

  const flushPending = (): void => {
    if (!pending) return;
    const held = pending;
    pending = null;
    const firstIndex = held.rows.findIndex((r) => !r.every((f) => f === ''));
    start(firstIndex < 0 ? [] : held.rows.slice(firstIndex));
    for (let i = 0; i < held.rows.length; i++) {
      if (!(hasHeader && i === firstIndex)) take(held.rows[i], held.lines[i]);
    }
  };

  const problems: LocatedMessage[] = [];
  const config: Papa.ParseConfig<string[]> & ChunkedConfig = {
    delimiter,
    newline,
    quoteChar: '"',
    comments: comment === '' ? false : comment,
    skipEmptyLines: false,
    chunkSize: CHUNK_CHARS,
    chunk: (results: Papa.ParseResult<string[]>) => {
      progress.checkCancelled();
      const rows = results.data;
      const errorRows = new Map<number, string>();
      for (const e of results.errors) if (e.code === 'MissingQuotes' && e.row !== undefined) errorRows.set(e.row, e.message);
      for (let r = 0; r < rows.length; r++) {
        const line = lines.next(rows[r]);
        if (errorRows.has(r)) {
          problems.push({
            file: fileName, row: line, column: columnLetter(rows[r].length - 1),
            message: 'a quoted field starts here and its closing quote (") is missing; the rest of the file was read into it',
          });
          continue;
        }
        if (pending) {
          pending.rows.push(rows[r]);
          pending.lines.push(line);
          if (pending.rows.length > DECIMAL_SAMPLE_ROWS) flushPending();
        } else {
          take(rows[r], line);
        }
      }
      progress.report({ fraction: Math.min(1, (results.meta.cursor ?? 0) / Math.max(1, text.length)) });
    },
  };
  // papaparse streams a string in chunks synchronously (StringStreamer) but its typings only allow `chunk` for
  // files and streams; the cast states the string overload the library really has.
  (Papa.parse as unknown as (input: string, config: Papa.ParseConfig<string[]> & ChunkedConfig) => void)(text, config);
  flushPending();

  if (problems.length > 0) throw new ImportError('unbalanced-quote', `${fileName} has an unbalanced quote.`, problems);
  if (ragged.length > 0) {
    throw new ImportError(
      'ragged-rows',
      `${fileName}: ${ragged.length} row(s) do not have the ${expectedFields} fields of the first row `
        + `(delimiter ${JSON.stringify(delimiter)}).`,
      ragged,
    );
  }
  if (blankRows > 0) {
    warnings.push({ code: 'blank-rows-skipped', message: `${fileName}: ${blankRows} empty row(s) skipped.` });
  }
  if (trailingEmptyFields > 0) {
    warnings.push({
      code: 'trailing-empty-fields',
      message: `${fileName}: ${trailingEmptyFields} row(s) end with extra empty fields; they hold nothing and were ignored.`,
    });
  }
  const built = builder as TableBuilder | null;
  if (!built) throw new ImportError('empty-file', `${fileName} holds no data rows.`);
  return { table: built.finish({ fileName, format: 'csv', hasHeader }), delimiter, decimal: decimalUsed };
}

function sampleCells(rows: readonly string[][]): string[] {
  const cells: string[] = [];
  for (const row of rows.slice(0, DECIMAL_SAMPLE_ROWS)) for (const cell of row) cells.push(cell);
  return cells;
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
