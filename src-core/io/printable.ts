/**
 * File text inside messages: a garbage or hostile file must not print raw control bytes to a terminal (escape
 * sequences), reorder a line with bidirectional overrides, or flood a message with a megabyte cell or ten thousand
 * column names. Everything a message quotes from a file goes through these two functions.
 */

/** C0 and C1 controls, DEL, and the invisible characters that reorder or hide text (bidi controls, zero-width). */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** `text` with unprintable characters as visible escapes (\t, \n, \x07, \u202e) and cut to `max` characters. */
export function printable(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(UNPRINTABLE, (c) => {
    if (c === '\t') return '\\t';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Names as a quoted list of at most `max`, then how many more: `"a", "b", "c" and 9997 more`. */
export function nameList(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).map((n) => `"${printable(n, 60)}"`).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
