/** How a command talks to the terminal: with --json, stdout carries only the JSON document; all else goes to stderr. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * What reaches the terminal: control characters other than line breaks and tabs, and the invisible characters that
 * reorder text, shown as escapes, so a name or cell quoted from a hostile file cannot move the cursor, recolour or
 * clear the screen, or make a line read differently than it is (JSON output has none: JSON.stringify escapes them).
 */
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    // \xNN only for C0 (never raw inside JSON text); \uNNNN otherwise, which inside a JSON string is the same character.
    return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(terminalSafe(text.endsWith('\n') ? text : `${text}\n`)),
  err: (text) => process.stderr.write(terminalSafe(text.endsWith('\n') ? text : `${text}\n`)),
};

/** A user mistake or a refused operation: printed as "error: <message>" with this exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** JSON that keeps typed arrays readable (as plain number arrays). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float64Array) : v), 2);
}
