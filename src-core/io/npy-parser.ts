import { ImportError } from './errors';
import { printable } from './printable';

/**
 * NumPy .npy (format versions 1.0, 2.0, 3.0) -> numbers in C (row-major) order. Written by hand from the format
 * description (numpy/lib/format.py): magic "\x93NUMPY", version bytes, a little-endian header length (2 bytes in
 * v1, 4 in v2/v3), an ASCII (v3: UTF-8) Python dict literal {'descr', 'fortran_order', 'shape'}, then raw data.
 * Only plain numeric dtypes are accepted; object arrays (pickles) are refused, never executed.
 */

export interface NpyArray {
  /** The dtype string as in the file, e.g. '<f8'. */
  dtype: string;
  shape: number[];
  fortranOrder: boolean;
  /** All elements as float64, in C order whatever the file's order was. */
  data: Float64Array;
  /** Count of int64/uint64 elements beyond 2^53 whose float64 value is rounded. */
  inexactIntegers: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Dtype {
  kind: 'f' | 'i' | 'u' | 'b';
  size: number;
  littleEndian: boolean;
}

function parseDtype(descr: string, file: string): Dtype {
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  const supported: Record<string, number[]> = { f: [2, 4, 8], i: [1, 2, 4, 8], u: [1, 2, 4, 8], b: [1] };
  if (!m || !supported[m[2]].includes(Number(m[3]))) {
    throw new ImportError(
      'unsupported-npy',
      `${file}: the array's dtype '${descr}' is not a plain number type (supported: float16/32/64, int and uint `
        + '8-64 bits, bool). Save it with numpy as float64, e.g. np.save(path, a.astype(np.float64)).',
    );
  }
  return { kind: m[2] as Dtype['kind'], size: Number(m[3]), littleEndian: m[1] !== '>' };
}

function parseHeader(header: string, file: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) {
    if (/['"]descr['"]\s*:\s*\[/.test(header)) {
      throw new ImportError('unsupported-npy', `${file}: structured (record) arrays are not supported; save one numeric array.`);
    }
    throw new ImportError('bad-npy', `${file}: the .npy header is not readable: ${printable(header.trim(), 200)}`);
  }
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ImportError('bad-npy', `${file}: the .npy shape (${shape[1]}) is not a list of sizes.`);
  }
  return { descr: descr[1], fortranOrder: fortran[1] === 'True', shape: dims };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function readElements(view: DataView, count: number, dtype: Dtype): { data: Float64Array; inexact: number } {
  const data = new Float64Array(count);
  const le = dtype.littleEndian;
  const key = `${dtype.kind}${dtype.size}`;
  let inexact = 0;
  const limit = 2 ** 53;
  for (let i = 0, o = 0; i < count; i++, o += dtype.size) {
    switch (key) {
      case 'f8': data[i] = view.getFloat64(o, le); break;
      case 'f4': data[i] = view.getFloat32(o, le); break;
      case 'f2': data[i] = halfToFloat(view.getUint16(o, le)); break;
      case 'i1': data[i] = view.getInt8(o); break;
      case 'i2': data[i] = view.getInt16(o, le); break;
      case 'i4': data[i] = view.getInt32(o, le); break;
      case 'u1': case 'b1': data[i] = view.getUint8(o); break;
      case 'u2': data[i] = view.getUint16(o, le); break;
      case 'u4': data[i] = view.getUint32(o, le); break;
      case 'i8': case 'u8': {
        const big = key === 'i8' ? view.getBigInt64(o, le) : view.getBigUint64(o, le);
        const n = Number(big);
        if (Math.abs(n) > limit) inexact++;
        data[i] = n;
        break;
      }
      default: throw new Error(`unreachable dtype ${key}`);
    }
  }
  return { data, inexact };
}

/** Reorders a Fortran (column-major) 2-D array into C (row-major) order. */
function fortranToC(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) out[i * cols + j] = data[j * rows + i];
  }
  return out;
}

export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ImportError('bad-npy', `${file} is not a NumPy .npy file (it does not start with \\x93NUMPY).`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3) throw new ImportError('unsupported-npy', `${file}: .npy format version ${major} is not supported (1-3 are).`);
  const head = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenSize = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? head.getUint16(8, true) : head.getUint32(8, true);
  const dataStart = 8 + lenSize + headerLength;
  if (dataStart > bytes.length) throw new ImportError('bad-npy', `${file}: the .npy header is cut off.`);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lenSize, dataStart));
  const header = parseHeader(headerText, file);
  const dtype = parseDtype(header.descr, file);
  if (header.shape.length > 2) {
    throw new ImportError('unsupported-npy', `${file}: a ${header.shape.length}-D array (shape ${header.shape.join('x')}) cannot be a table; save a 1-D or 2-D array.`);
  }
  const count = header.shape.reduce((a, b) => a * b, 1);
  const expectedBytes = count * dtype.size;
  const available = bytes.length - dataStart;
  if (available !== expectedBytes) {
    throw new ImportError(
      'bad-npy',
      `${file}: shape (${header.shape.join(', ')}) of ${header.descr} needs ${expectedBytes} data bytes but the file holds ${available}`
        + (available < expectedBytes ? ' (the file is truncated).' : '.'),
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart, expectedBytes);
  const { data, inexact } = readElements(view, count, dtype);
  const cOrder = header.fortranOrder && header.shape.length === 2
    ? fortranToC(data, header.shape[0], header.shape[1])
    : data;
  return { dtype: header.descr, shape: header.shape, fortranOrder: header.fortranOrder, data: cOrder, inexactIntegers: inexact };
}
