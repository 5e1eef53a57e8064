/**
 * The file format of a job's plan and of every part a cluster task writes: plain data kept bit for bit, so a result
 * merged from files equals the one merged from worker messages (structured clones) in a local run.
 *
 *   bytes 0-7    "PLDATA01"
 *   bytes 8-11   n, the length of the JSON text (uint32, little-endian)
 *   n bytes      JSON text (UTF-8): the value, with
 *                  typed arrays   -> { "$typed": "Float64Array", "offset": o, "length": bytes }
 *                  NaN, ±Infinity, -0 -> { "$number": "NaN" | "Infinity" | "-Infinity" | "-0" }
 *                  undefined      -> { "$undefined": true }
 *   padding      zero bytes up to a multiple of 8
 *   binary       the typed arrays' little-endian bytes, each at its offset (a multiple of 8) from here
 *
 * Finite numbers travel as JSON text, which JavaScript writes as the shortest string that reads back to the same
 * double. Anything that is not plain data (a Map, a class instance, a BigInt, an object that already has one of the
 * marker keys) is refused with its path rather than stored approximately. Python reads a file with json + numpy.
 */
const MAGIC = 'PLDATA01';
const MARKERS = ['$typed', '$number', '$undefined'];

type TypedArrayName = 'Float64Array' | 'Float32Array' | 'Int32Array' | 'Uint32Array' | 'Uint8Array' | 'Int8Array' | 'Int16Array' | 'Uint16Array';
type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Int16Array | Uint16Array;
const constructors: Record<TypedArrayName, { new (buffer: ArrayBuffer, offset?: number, length?: number): TypedArray; BYTES_PER_ELEMENT: number }> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array, Int8Array, Int16Array, Uint16Array,
};

export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Encodes plain data (objects, arrays, numbers, strings, booleans, null, undefined, typed arrays) as bytes. */
export function encodeData(value: unknown): Uint8Array {
  const blobs: { view: TypedArray; offset: number }[] = [];
  let binaryLength = 0;
  const encode = (v: unknown, path: string): unknown => {
    if (v === undefined) return { $undefined: true };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { $number: 'NaN' };
      if (v === Infinity) return { $number: 'Infinity' };
      if (v === -Infinity) return { $number: '-Infinity' };
      if (Object.is(v, -0)) return { $number: '-0' };
      return v;
    }
    if (typeof v !== 'object') throw new CodecError(`${path || 'value'}: a ${typeof v} is not plain data`);
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name as TypedArrayName;
      if (!(name in constructors) || v instanceof DataView) throw new CodecError(`${path || 'value'}: ${v.constructor.name} is not supported`);
      const view = v as TypedArray;
      const entry = { view, offset: binaryLength };
      blobs.push(entry);
      binaryLength = align8(binaryLength + view.byteLength);
      return { $typed: name, offset: entry.offset, length: view.byteLength };
    }
    if (Array.isArray(v)) return Array.from(v, (item, i) => encode(item, `${path}[${i}]`));
    if (!isPlainObject(v)) throw new CodecError(`${path || 'value'}: a ${v.constructor?.name ?? 'non-plain object'} is not plain data`);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) {
      if (MARKERS.includes(key)) throw new CodecError(`${path ? `${path}.` : ''}${key}: the key is reserved by the file format`);
      out[key] = encode(item, path ? `${path}.${key}` : key);
    }
    return out;
  };
  const json = new TextEncoder().encode(JSON.stringify(encode(value, '')));
  const binaryStart = align8(12 + json.length);
  const bytes = new Uint8Array(binaryStart + binaryLength);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(8, json.length, true);
  bytes.set(json, 12);
  for (const { view, offset } of blobs) bytes.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), binaryStart + offset);
  return bytes;
}

/** Decodes what encodeData wrote; `label` (a file name) heads every error. */
export function decodeData(bytes: Uint8Array, label = 'data'): unknown {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new CodecError(`${label}: not a Plasticity Lab data file (bad magic)`);
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + jsonLength > bytes.length) throw new CodecError(`${label}: truncated (the header says ${jsonLength} bytes of JSON)`);
  const binaryStart = align8(12 + jsonLength);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + jsonLength)));
  } catch (error) {
    throw new CodecError(`${label}: unreadable JSON (${(error as Error).message})`);
  }
  const decode = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(decode);
    const o = v as Record<string, unknown>;
    if ('$undefined' in o) return undefined;
    if ('$number' in o) return Number(o.$number === '-0' ? -0 : o.$number);
    if ('$typed' in o) {
      const ctor = constructors[o.$typed as TypedArrayName];
      const offset = o.offset as number;
      const length = o.length as number;
      if (!ctor || !Number.isInteger(offset) || !Number.isInteger(length) || length % ctor.BYTES_PER_ELEMENT !== 0 || binaryStart + offset + length > bytes.length) {
        throw new CodecError(`${label}: a typed array lies outside the file or has an unknown type`);
      }
      // A fresh, aligned buffer: the file's bytes may sit at any offset.
      const buffer = new ArrayBuffer(length);
      new Uint8Array(buffer).set(bytes.subarray(binaryStart + offset, binaryStart + offset + length));
      return new ctor(buffer);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(o)) out[key] = decode(item);
    return out;
  };
  return decode(parsed);
}
