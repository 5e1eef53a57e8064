/**
 * Guessing the field delimiter of a text table from its first lines. Candidates in order of preference: tab,
 * semicolon, comma, pipe. Semicolon beats comma when both split every line evenly, because semicolon files exist
 * precisely so that commas can be decimal separators ("1,25;0,8").
 */

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = ['\t', ';', ',', '|'];

const SAMPLE_LINES = 64;

/** Field count of one line for a delimiter, ignoring delimiters inside double quotes. */
function fieldCount(line: string, delimiter: string): number {
  let count = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) count++;
  }
  return count;
}

/** The first data-bearing physical lines (comments and blank lines left out). */
export function sampleLines(text: string, comment: string, limit = SAMPLE_LINES): string[] {
  const lines: string[] = [];
  let pos = 0;
  while (pos < text.length && lines.length < limit) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).replace(/\r$/, '');
    if (line.trim() !== '' && !(comment && line.startsWith(comment))) lines.push(line);
    pos = end + 1;
  }
  return lines;
}

export function detectDelimiter(lines: readonly string[], fileName: string): Delimiter {
  if (lines.length === 0) return fileName.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  const counts = DELIMITERS.map((d) => lines.map((line) => fieldCount(line, d)));
  // A first line (usually the header) without any candidate is a one-column file: pick a delimiter absent from it
  // so that decimal commas in the data ("1,25") are not split into two columns.
  if (counts.every((c) => c[0] === 1)) {
    const absent = DELIMITERS.find((d) => lines.every((line) => !line.includes(d)));
    return absent ?? '\t';
  }
  for (let k = 0; k < DELIMITERS.length; k++) {
    const c = counts[k];
    if (c[0] > 1 && c.every((n) => n === c[0])) return DELIMITERS[k];
  }
  // Nothing splits every line evenly: take the delimiter of the first line with the most fields; the ragged rows
  // are then reported by the reader with their row numbers, and the user can choose the delimiter explicitly.
  let best = 0;
  for (let k = 1; k < DELIMITERS.length; k++) if (counts[k][0] > counts[best][0]) best = k;
  return DELIMITERS[best];
}

/** The line ending of a text: CRLF, LF or (old Mac) CR. */
export function detectNewline(text: string): '\r\n' | '\n' | '\r' {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}
