import { CellStatus } from './table';

/**
 * Reading one cell's text as a number, strictly: a cell is a number only when all of it is one (surrounding blanks
 * aside). `12 mV`, `1.2.3`, `0x1F`, `Infinity` are not numbers; they are reported, never guessed at.
 */

/** Lower-cased tokens that mean "no value" in lab spreadsheets. Documented for users on the import page. */
export const DEFAULT_MISSING_TOKENS: readonly string[] = [
  'na', 'n/a', 'n.a.', 'n.a', 'nan', 'n.d.', 'n.d', 'nd', '-', '--', '\u2013', '\u2014', 'null', 'none', '#n/a',
];

export type DecimalSeparator = '.' | ',';

export interface CellReading {
  status: CellStatus;
  /** The number (or the limit of a below-limit cell); NaN otherwise. */
  value: number;
}

export interface CellParser {
  /** Reads `text` into `out` (reused across calls so a million cells allocate nothing). */
  read(text: string, out: CellReading): void;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * True when text[from, to) is exactly one plain decimal number (sign, digits, one separator, optional exponent). Hand-written because Number() also accepts hex, binary, `Infinity` and blanks.
 */
function isPlainNumber(text: string, from: number, to: number, separator: number): boolean {
  let i = from;
  let c = text.charCodeAt(i);
  if (c === 43 || c === 45) i++; // + -
  let digits = 0;
  while (i < to && isDigit(text.charCodeAt(i))) { i++; digits++; }
  if (i < to && text.charCodeAt(i) === separator) {
    i++;
    while (i < to && isDigit(text.charCodeAt(i))) { i++; digits++; }
  }
  if (digits === 0) return false;
  if (i < to) {
    c = text.charCodeAt(i);
    if (c !== 101 && c !== 69) return false; // e E
    i++;
    c = text.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    let expDigits = 0;
    while (i < to && isDigit(text.charCodeAt(i))) { i++; expDigits++; }
    if (expDigits === 0) return false;
  }
  return i === to;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 160; // space, tab, no-break space (Excel exports it)
}

export function createCellParser(
  decimal: DecimalSeparator = '.',
  missingTokens: readonly string[] = DEFAULT_MISSING_TOKENS,
): CellParser {
  const missing = new Set(missingTokens.map((t) => t.toLowerCase()));
  const separator = decimal.charCodeAt(0);
  const toNumber = (text: string, from: number, to: number): number => {
    const slice = from === 0 && to === text.length ? text : text.slice(from, to);
    return Number(decimal === ',' ? slice.replace(',', '.') : slice);
  };
  return {
    read(text: string, out: CellReading): void {
      let from = 0;
      let to = text.length;
      while (from < to && isBlank(text.charCodeAt(from))) from++;
      while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
      if (from === to) {
        out.status = CellStatus.empty;
        out.value = NaN;
        return;
      }
      if (isPlainNumber(text, from, to, separator)) {
        // A decimal beyond the range of a double (1e309) reads as Infinity: not a value anything can use, so it is
        // reported with the text cells instead of being stored as infinity.
        const value = toNumber(text, from, to);
        out.status = Number.isFinite(value) ? CellStatus.ok : CellStatus.nonNumeric;
        out.value = Number.isFinite(value) ? value : NaN;
        return;
      }
      if (text.charCodeAt(from) === 60) { // '<'
        let start = from + 1;
        while (start < to && isBlank(text.charCodeAt(start))) start++;
        if (start < to && isPlainNumber(text, start, to, separator)) {
          const limit = toNumber(text, start, to);
          out.status = Number.isFinite(limit) ? CellStatus.belowLimit : CellStatus.nonNumeric;
          out.value = Number.isFinite(limit) ? limit : NaN;
          return;
        }
      }
      const token = text.slice(from, to).toLowerCase();
      out.status = missing.has(token) ? CellStatus.missing : CellStatus.nonNumeric;
      out.value = NaN;
    },
  };
}

/**
 * True when the text is a plain decimal number (either separator) too large for a double: `1e309`, `-2e400`. Such a
 * cell is non-numeric to the reader; messages say why.
 */
export function overflowsDouble(text: string): boolean {
  const t = text.trim().replace(/^<\s*/, '');
  const dotted = t.replace(',', '.');
  return (isPlainNumber(t, 0, t.length, 46) || isPlainNumber(t, 0, t.length, 44)) && !Number.isFinite(Number(dotted));
}

/**
 * Guesses the decimal separator from sample cells of a file whose field delimiter is not a comma: comma only when
 * some cells look like `1,25` and none look like `1.25` (a mixed file keeps '.', and its `1,25` cells are then
 * reported as non-numeric rather than silently read one way or the other).
 */
export function guessDecimalSeparator(samples: Iterable<string>): DecimalSeparator {
  let commaLike = 0;
  let dotLike = 0;
  for (const raw of samples) {
    const text = raw.trim().replace(/^</, '').trim();
    if (isPlainNumber(text, 0, text.length, 44) && text.includes(',')) commaLike++;
    else if (isPlainNumber(text, 0, text.length, 46) && text.includes('.')) dotLike++;
  }
  return commaLike > 0 && dotLike === 0 ? ',' : '.';
}
