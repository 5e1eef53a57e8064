/**
 * JSON with typed arrays intact, for the loopback transport (Electron IPC structured-clones them natively).
 * A typed array travels as { "$typed": "Float64Array", "b64": "..." } holding its little-endian bytes, so numbers
 * survive bit for bit (JSON text would round-trip doubles too, but at 2-3x the size and with -0/NaN lost).
 */
type TypedArrayName = 'Float64Array' | 'Float32Array' | 'Int32Array' | 'Uint32Array' | 'Uint8Array' | 'Int8Array' | 'Int16Array' | 'Uint16Array';

const constructors: Record<TypedArrayName, { new (buffer: ArrayBuffer): ArrayBufferView; BYTES_PER_ELEMENT: number }> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array, Int8Array, Int16Array, Uint16Array,
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let s = '';
    for (let i = start; i < end; i += 3) {
      const a = bytes[i], b = i + 1 < end ? bytes[i + 1] : 0, c = i + 2 < end ? bytes[i + 2] : 0;
      const n = (a << 16) | (b << 8) | c;
      s += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
      s += i + 1 < end ? ALPHABET[(n >> 6) & 63] : '=';
      s += i + 2 < end ? ALPHABET[n & 63] : '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n = (LOOKUP[clean.charCodeAt(i)] << 18) | (LOOKUP[clean.charCodeAt(i + 1)] << 12) |
      ((i + 2 < clean.length ? LOOKUP[clean.charCodeAt(i + 2)] : 0) << 6) | (i + 3 < clean.length ? LOOKUP[clean.charCodeAt(i + 3)] : 0);
    out[o++] = (n >> 16) & 255;
    if (i + 2 < clean.length) out[o++] = (n >> 8) & 255;
    if (i + 3 < clean.length) out[o++] = n & 255;
  }
  return out;
}

function typedName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name as TypedArrayName;
  return name in constructors ? name : null;
}

/** Encodes a payload as JSON text, typed arrays included. */
export function toWire(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    // JSON.stringify has already called toJSON on typed arrays? No: they have none, so `v` is the array itself.
    const name = typedName(v);
    if (name) {
      const view = v as ArrayBufferView;
      return { $typed: name, b64: bytesToBase64(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)) };
    }
    return v;
  });
}

/**
 * Decodes what toWire produced. `decoded` may supply the bytes of a "b64" value already decoded elsewhere
 * (wire-bytes.ts decodes them from a request body's bytes and leaves a placeholder in the text).
 */
export function fromWire(text: string, decoded?: (b64: string) => Uint8Array | null): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$typed' in v && 'b64' in v) {
      const { $typed, b64 } = v as { $typed: TypedArrayName; b64: string };
      const ctor = Object.prototype.hasOwnProperty.call(constructors, $typed) ? constructors[$typed] : undefined;
      if (!ctor) throw new Error(`unknown typed array ${String($typed)}`);
      if (typeof b64 !== 'string') throw new Error(`${$typed}: b64 is not a string`);
      const bytes = decoded?.(b64) ?? base64ToBytes(b64);
      if (bytes.length % ctor.BYTES_PER_ELEMENT !== 0) throw new Error(`${$typed}: ${bytes.length} bytes are not a whole number of elements`);
      // A freshly decoded buffer of its own is used as it is; anything else is copied into a fresh, aligned one.
      if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return new ctor(bytes.buffer);
      const buffer = new ArrayBuffer(bytes.length);
      new Uint8Array(buffer).set(bytes);
      return new ctor(buffer);
    }
    return v;
  });
}
