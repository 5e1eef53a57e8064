/**
 * Typed arrays <-> BLOB rows. A result object is stored as JSON in which every typed array is replaced by
 * { "$array": "<name>" }; the arrays themselves go to entry_arrays as raw bytes with dtype and shape, so a
 * million-value column costs 8 MB, not 20 MB of text, and comes back bit for bit.
 */
export type Dtype = 'float64' | 'float32' | 'int32' | 'uint32' | 'int16' | 'uint16' | 'int8' | 'uint8';
type AnyTypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

const byDtype = {
  float64: Float64Array, float32: Float32Array, int32: Int32Array, uint32: Uint32Array,
  int16: Int16Array, uint16: Uint16Array, int8: Int8Array, uint8: Uint8Array,
} as const;

export interface StoredArray {
  name: string;
  dtype: Dtype;
  shape: number[];
  data: Buffer;
}

function dtypeOf(value: unknown): Dtype | null {
  for (const [dtype, ctor] of Object.entries(byDtype)) if (value instanceof ctor) return dtype as Dtype;
  return null;
}

export function encodeArray(name: string, array: AnyTypedArray, shape: number[] = [array.length]): StoredArray {
  const dtype = dtypeOf(array);
  if (!dtype) throw new Error(`${name}: not a supported typed array`);
  return { name, dtype, shape, data: Buffer.from(array.buffer, array.byteOffset, array.byteLength) };
}

export function decodeArray(stored: { dtype: string; data: Buffer }): AnyTypedArray {
  const ctor = byDtype[stored.dtype as Dtype];
  if (!ctor) throw new Error(`unknown dtype ${stored.dtype}`);
  // Copy: SQLite's buffer may not be aligned for the element size.
  const copy = new ArrayBuffer(stored.data.byteLength);
  new Uint8Array(copy).set(stored.data);
  return new ctor(copy);
}

/** Replaces typed arrays in `value` by references and returns them separately. */
export function splitArrays(value: unknown): { json: string; arrays: StoredArray[] } {
  const arrays: StoredArray[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (dtypeOf(v)) {
      arrays.push(encodeArray(path, v as AnyTypedArray));
      return { $array: path };
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}[${i}]`));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) out[key] = walk(item, path ? `${path}.${key}` : key);
      return out;
    }
    return v;
  };
  const json = JSON.stringify(walk(value, '') ?? null);
  return { json, arrays };
}

/** Inverse of splitArrays. */
export function joinArrays(json: string, arrays: Map<string, AnyTypedArray>): unknown {
  return JSON.parse(json, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && '$array' in v && Object.keys(v).length === 1) {
      const name = (v as { $array: string }).$array;
      const found = arrays.get(name);
      if (!found) throw new Error(`stored result refers to a missing array "${name}"`);
      return found;
    }
    return v;
  });
}
