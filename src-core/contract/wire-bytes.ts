import { fromWire } from './wire';

/**
 * `fromWire` straight from the bytes of a request body, for the loopback server: the base64 text of every typed
 * array ({ "$typed": ..., "b64": "..." }, as toWire writes it) is decoded from the bytes where it lies, and only the
 * small JSON around it becomes a string for JSON.parse. A 250 MB import body then costs its bytes and the decoded
 * array, not also two 250 MB strings (the whole text, and the b64 value JSON.parse copies out of it).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LOOKUP = new Int16Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => { LOOKUP[c.charCodeAt(0)] = i; });

/** Base64 in bytes[from, to) decoded; null when it is not plain base64 (then the text path decides). */
function decodeBase64(bytes: Uint8Array, from: number, to: number): Uint8Array | null {
  let end = to;
  while (end > from && end > to - 2 && bytes[end - 1] === 0x3d) end--; // '=' padding
  const chars = end - from;
  if (chars % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((chars * 3) / 4));
  let o = 0;
  let i = from;
  // Four characters to three bytes at a time; a character outside the alphabet makes the sum negative.
  for (const whole = from + chars - (chars % 4); i < whole; i += 4) {
    const a = LOOKUP[bytes[i]], b = LOOKUP[bytes[i + 1]], c = LOOKUP[bytes[i + 2]], d = LOOKUP[bytes[i + 3]];
    if ((a | b | c | d) < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (i < end) {
    const a = LOOKUP[bytes[i]], b = LOOKUP[bytes[i + 1]], c = i + 2 < end ? LOOKUP[bytes[i + 2]] : 0;
    if ((a | b | c) < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >> 16;
    if (i + 2 < end) out[o++] = (n >> 8) & 255;
  }
  return out;
}

/** Index just past the string that starts at `at` (an opening quote): the next quote not escaped by a backslash. */
function stringEnd(bytes: Uint8Array, at: number): number {
  let q = bytes.indexOf(QUOTE, at + 1);
  while (q >= 0) {
    let slashes = 0;
    while (bytes[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
    q = bytes.indexOf(QUOTE, q + 1);
  }
  throw new SyntaxError('Unterminated string in JSON');
}

/** True when the string token bytes[start, end) (quotes included) is exactly `"key"`. */
function isKey(bytes: Uint8Array, start: number, end: number, key: string): boolean {
  if (end - start - 2 !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (bytes[start + 1 + k] !== key.charCodeAt(k)) return false;
  return true;
}

export function fromWireBytes(bytes: Uint8Array): unknown {
  const decoded: Uint8Array[] = [];
  const parts: Uint8Array[] = [];
  /** Per open object: whether its "$typed" key has been seen (toWire writes it before "b64"). */
  const typed: boolean[] = [];
  let copied = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x7b) typed.push(false); // {
    else if (b === 0x7d) typed.pop(); // }
    if (b !== QUOTE) {
      i++;
      continue;
    }
    const end = stringEnd(bytes, i);
    let j = end;
    while (j < bytes.length && (bytes[j] === 0x20 || bytes[j] === 0x0a || bytes[j] === 0x0d || bytes[j] === 0x09)) j++;
    if (bytes[j] !== 0x3a || typed.length === 0) { // not a key
      i = end;
      continue;
    }
    if (isKey(bytes, i, end, '$typed')) typed[typed.length - 1] = true;
    if (isKey(bytes, i, end, 'b64') && typed[typed.length - 1]) {
      let v = j + 1;
      while (v < bytes.length && bytes[v] !== QUOTE && (bytes[v] === 0x20 || bytes[v] === 0x0a || bytes[v] === 0x0d || bytes[v] === 0x09)) v++;
      if (bytes[v] === QUOTE) {
        const valueEnd = stringEnd(bytes, v);
        const value = decodeBase64(bytes, v + 1, valueEnd - 1);
        if (value) {
          parts.push(bytes.subarray(copied, v), new TextEncoder().encode(`"@${decoded.length}"`));
          decoded.push(value);
          copied = valueEnd;
        }
        i = valueEnd;
        continue;
      }
    }
    i = end;
  }
  if (decoded.length === 0) return fromWire(new TextDecoder().decode(bytes));
  parts.push(bytes.subarray(copied));
  const text = parts.map((p) => new TextDecoder().decode(p)).join('');
  return fromWire(text, (placeholder) => {
    const k = /^@(\d+)$/.exec(placeholder);
    return k ? decoded[Number(k[1])] ?? null : null;
  });
}
