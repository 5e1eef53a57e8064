/**
 * Source line numbers for the records papaparse returns. papaparse drops comment lines silently and a quoted field
 * may span lines, so record k is not line k+1; this walks the text alongside the records to recover, for each
 * record, the 1-based line on which it starts (what a spreadsheet user calls its row).
 */
export class LineTracker {
  private pos = 0;
  private line = 1;
  private readonly newlineChar: string;

  constructor(
    private readonly text: string,
    newline: '\r\n' | '\n' | '\r',
    private readonly comment: string,
  ) {
    this.newlineChar = newline === '\r' ? '\r' : '\n';
  }

  private skipLine(): void {
    const end = this.text.indexOf(this.newlineChar, this.pos);
    this.pos = end < 0 ? this.text.length : end + 1;
    this.line++;
  }

  /** The line on which `fields` (the next record in file order) starts. */
  next(fields: readonly string[]): number {
    while (this.comment && this.pos < this.text.length && this.text.startsWith(this.comment, this.pos)) this.skipLine();
    const startLine = this.line;
    let spanned = 1;
    for (const field of fields) {
      for (let i = field.indexOf(this.newlineChar); i >= 0; i = field.indexOf(this.newlineChar, i + 1)) spanned++;
    }
    for (let k = 0; k < spanned; k++) this.skipLine();
    return startLine;
  }
}
