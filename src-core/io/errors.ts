import { printable } from './printable';

/**
 * The one error type of the readers. A file that cannot be read as a table is refused as a whole (never half
 * imported), and the refusal names every place that made it unreadable so the user can fix the file.
 */

/** Where in the source a problem sits. Rows are 1-based as a spreadsheet user counts (header = row 1). */
export interface SourceLocation {
  file: string;
  /** Worksheet, for workbooks (a workbook's sheets may share row and column numbers). */
  sheet?: string;
  row?: number;
  /** Column letter (A, B, ...) */
  column?: string;
  /** Column header text, when known. */
  columnName?: string;
}

export interface LocatedMessage extends SourceLocation {
  message: string;
}

export type ImportErrorCode =
  | 'too-large'
  | 'empty-file'
  | 'unknown-format'
  | 'unbalanced-quote'
  | 'ragged-rows'
  | 'bad-encoding'
  | 'bad-xlsx'
  | 'sheet-not-found'
  | 'bad-npy'
  | 'unsupported-npy';

/** How many located messages are spelled out in the error message itself; all of them stay in `problems`. */
const MESSAGE_LIST_LIMIT = 10;

export function formatLocation(loc: SourceLocation): string {
  const parts = [loc.file];
  if (loc.sheet !== undefined) parts.push(`sheet "${printable(loc.sheet)}"`);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column !== undefined) {
    parts.push(loc.columnName ? `column ${loc.column} "${printable(loc.columnName)}"` : `column ${loc.column}`);
  }
  return parts.join(', ');
}

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  /** Every located problem behind the error (may be longer than the list in `message`). */
  readonly problems: LocatedMessage[];

  constructor(code: ImportErrorCode, summary: string, problems: LocatedMessage[] = []) {
    const listed = problems.slice(0, MESSAGE_LIST_LIMIT).map((p) => `  ${formatLocation(p)}: ${p.message}`);
    if (problems.length > MESSAGE_LIST_LIMIT) listed.push(`  ... and ${problems.length - MESSAGE_LIST_LIMIT} more`);
    super(listed.length > 0 ? `${summary}\n${listed.join('\n')}` : summary);
    this.name = 'ImportError';
    this.code = code;
    this.problems = problems;
  }

  /** Plain-data form for crossing a worker or IPC boundary (custom Error fields do not survive structured clone). */
  toPlain(): { name: 'ImportError'; code: ImportErrorCode; message: string; problems: LocatedMessage[] } {
    return { name: 'ImportError', code: this.code, message: this.message, problems: this.problems };
  }
}
