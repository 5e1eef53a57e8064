/**
 * How every CSV the app writes spells its cells, in one place for main (history export, data-set tables) and the
 * renderer (chart CSVs): numbers in their shortest round-trip decimal form with NaN/inf spelled the way pandas and R
 * read them, and text cells quoted when CSV needs it and defused when a spreadsheet would run them as a formula.
 */

/** A number as its shortest round-trip decimal; `NaN`, `inf`, `-inf`, and `-0` kept as such. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

/** First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A text that is just a signed decimal number ("-5", "+1.5e3") evaluates to that number, never to a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Text a spreadsheet would run as a formula, with the leading apostrophe that makes it plain text (see csvText); any
 * other text unchanged. Also for tab-separated text pasted into a spreadsheet from the clipboard.
 */
export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * A text cell (a header, a group label, a series name) as a CSV field. Text that starts with = + - @, a tab or a
 * carriage return gets a leading apostrophe, which spreadsheets show as text instead of running it
 * (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`); a plain signed number such as "-5" is left alone. Quoted when it holds a
 * comma, a quote, a line break or edge blanks.
 */
export function csvText(text: string): string {
  const safe = defuseFormula(text);
  return /[",\n\r]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}
