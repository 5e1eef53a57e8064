/**
 * NumPy .npy and .npz writers, the counterpart of npy-parser.ts (format description: numpy/lib/format.py): an .npy
 * is the magic "\x93NUMPY", version 1.0, a little-endian 2-byte header length, a Python dict literal padded with
 * spaces and ending in a newline so the data start on a multiple of 64 bytes, then the float64 values little-endian
 * in C order. An .npz is a zip archive of .npy members, one per array (numpy.load reads stored and deflated members
 * alike); fflate's zip writer builds it, with a fixed timestamp so the same arrays always give the same bytes.
 */
import { zipSync } from 'fflate';

export interface NamedArray {
  /** The key numpy.load gives the array (the member is `${name}.npy`). */
  name: string;
  data: Float64Array;
  /** C-order shape; its product must equal data.length. */
  shape: number[];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]; // \x93NUMPY, version 1.0
/** 1980-01-02 12:00 UTC: zip stores local time from 1980 on, so this stays valid in every time zone. */
const ZIP_TIME = 315_662_400_000;

/** One float64 array as .npy bytes. */
export function encodeNpy(data: Float64Array, shape: number[]): Uint8Array {
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || shape.reduce((a, b) => a * b, 1) !== data.length) {
    throw new RangeError(`shape (${shape.join(', ')}) does not hold ${data.length} values`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // magic (8) + length (2) + dict + padding + '\n' is a multiple of 64.
  const unpadded = MAGIC.length + 2 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(MAGIC.length + 2 + header.length + 8 * data.length);
  out.set(MAGIC);
  const view = new DataView(out.buffer);
  view.setUint16(MAGIC.length, header.length, true);
  for (let i = 0; i < header.length; i++) out[MAGIC.length + 2 + i] = header.charCodeAt(i);
  const start = MAGIC.length + 2 + header.length;
  for (let i = 0; i < data.length; i++) view.setFloat64(start + 8 * i, data[i], true);
  return out;
}

/** Several arrays as an .npz archive (uncompressed, like numpy.savez). Names must be unique. */
export function encodeNpz(arrays: NamedArray[]): Uint8Array {
  const members: Record<string, [Uint8Array, { level: 0; mtime: number }]> = {};
  for (const a of arrays) {
    const key = `${a.name}.npy`;
    if (key in members) throw new Error(`array name "${a.name}" appears twice`);
    members[key] = [encodeNpy(a.data, a.shape), { level: 0, mtime: ZIP_TIME }];
  }
  return zipSync(members);
}
