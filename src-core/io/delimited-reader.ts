import Papa from 'papaparse';
import type { DecimalSeparator } from './cell-parsing';
import { detectDelimiter, detectNewline, sampleLines, type Delimiter } from './delimiter-detection';
import { ImportError, type LocatedMessage } from './errors';
import type { HeaderMode } from './header';
import { LineTracker } from './line-tracker';
import { NO_PROGRESS, type ProgressSink } from './progress';
import { RowCollector } from './row-collector';
import { columnLetter, type ImportWarning, type Table } from './table';

/**
 * CSV / TSV / semicolon text -> Table. Text containing a double quote goes through papaparse (quoting rules, fed in
 * chunks for progress and cancel). Text without any quote cannot contain quoted fields, so it is split line by
 * line and field by field directly, which is exactly papaparse's own "fast mode" but row by row: each row's strings
 * die young instead of a whole chunk's being promoted, keeping a 1e6-row import's peak memory down.
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

const CHUNK_CHARS = 1024 * 1024;
/** Rows between progress reports / cancellation checks on the quote-free path. */
const ROWS_PER_REPORT = 65536;

interface ChunkedConfig {
  chunkSize: number;
  chunk: (results: Papa.ParseResult<string[]>) => void;
}

function splitUnquoted(
  text: string, delimiter: string, newline: string, comment: string,
  collector: RowCollector, progress: ProgressSink,
): void {
  let pos = 0;
  let line = 0;
  while (pos <= text.length) {
    line++;
    let end = text.indexOf(newline, pos);
    if (end < 0) end = text.length;
    if (!(comment && text.startsWith(comment, pos))) {
      collector.add(text.slice(pos, end).split(delimiter), line);
    }
    pos = end + newline.length;
    if (line % ROWS_PER_REPORT === 0) {
      progress.checkCancelled();
      progress.report({ fraction: Math.min(1, pos / Math.max(1, text.length)) });
    }
  }
  progress.report({ fraction: 1 });
}

function parseQuoted(
  text: string, delimiter: string, newline: '\r\n' | '\n' | '\r', comment: string, fileName: string,
  collector: RowCollector, progress: ProgressSink,
): void {
  const lines = new LineTracker(text, newline, comment);
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
      const errorRows = new Set<number>();
      for (const e of results.errors) if (e.code === 'MissingQuotes' && e.row !== undefined) errorRows.add(e.row);
      for (let r = 0; r < rows.length; r++) {
        const line = lines.next(rows[r]);
        if (errorRows.has(r)) {
          problems.push({
            file: fileName, row: line, column: columnLetter(rows[r].length - 1),
            message: 'a quoted field starts here and its closing quote (") is missing; the rest of the file was read into it',
          });
        } else {
          collector.add(rows[r], line);
        }
      }
      progress.report({ fraction: Math.min(1, (results.meta.cursor ?? 0) / Math.max(1, text.length)) });
    },
  };
  // papaparse streams a string in chunks synchronously (StringStreamer) but its typings only allow `chunk` for
  // files and streams; the cast states the string overload the library really has.
  (Papa.parse as unknown as (input: string, config: Papa.ParseConfig<string[]> & ChunkedConfig) => void)(text, config);
  if (problems.length > 0) throw new ImportError('unbalanced-quote', `${fileName} has an unbalanced quote.`, problems);
}

/**
 * Physical lines in the text: an upper bound on its records (a quoted field may span lines; comments, blank lines and
 * the header are not rows), so column storage sized by it never has to grow. Growing by doubling held the old and
 * the new arrays at once and left up to half of them as slack, the largest part of a 1e6-row import's peak memory;
 * an estimate from the first lines' mean length was a little short whenever later lines ran longer.
 */
function countLines(text: string, newline: string): number {
  const mark = newline === '\r' ? '\r' : '\n';
  let lines = 1;
  for (let i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + 1)) lines++;
  return lines;
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
  // The final line ending closes the last row; left in, it would read as one more, empty row.
  const text = fullText.endsWith(newline) ? fullText.slice(0, fullText.length - newline.length) : fullText;
  const sample = sampleLines(text, comment);
  if (sample.length === 0) throw new ImportError('empty-file', `${fileName} holds no data rows.`);
  const delimiter = !options.delimiter || options.delimiter === 'auto' ? detectDelimiter(sample, fileName) : options.delimiter;
  const collector = new RowCollector({ ...options, fileName, delimiter, expectedRows: countLines(text, newline) }, warnings);
  if (text.includes('"')) parseQuoted(text, delimiter, newline, comment, fileName, collector, progress);
  else splitUnquoted(text, delimiter, newline, comment, collector, progress);
  return { table: collector.finish(), delimiter, decimal: collector.decimal };
}
