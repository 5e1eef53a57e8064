/**
 * A minimal WebAssembly assembler: just the opcodes the SIMD kernels use, so a module's bytes are built from a
 * readable instruction list at load time (no build step, no binary in the repository).
 */

export const uleb = (v: number): number[] => {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
};

export const sleb = (v: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) { out.push(byte); return out; }
    out.push(byte | 0x80);
  }
};

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const f64Bytes = (v: number) => Array.from(new Uint8Array(Float64Array.of(v).buffer));

export const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;

/** Instructions; memory accesses take a constant byte offset added to the address on the stack. */
export const op = {
  block: [0x02, 0x40], loop: [0x03, 0x40], end: [0x0b], if: [0x04, 0x40], else: [0x05], br: (d: number) => [0x0c, d], brIf: (d: number) => [0x0d, d],
  get: (i: number) => [0x20, ...uleb(i)], set: (i: number) => [0x21, ...uleb(i)], tee: (i: number) => [0x22, ...uleb(i)],
  select: [0x1b],
  i32: (v: number) => [0x41, ...sleb(v)], add: [0x6a], sub: [0x6b], mul: [0x6c], shl: [0x74],
  gtS: [0x4a], ltS: [0x48], eqz: [0x45],
  f64: (v: number) => [0x44, ...f64Bytes(v)],
  f64Load: (offset: number) => [0x2b, 3, ...uleb(offset)], f64Store: (offset: number) => [0x39, 3, ...uleb(offset)],
  f64Add: [0xa0],
  f32Load: (offset: number) => [0x2a, 2, ...uleb(offset)], f32Store: (offset: number) => [0x38, 2, ...uleb(offset)],
  v128Load: (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)],
  v128Load32Splat: (offset: number) => [0xfd, 0x09, 2, ...uleb(offset)],
  v128Load64Zero: (offset: number) => [0xfd, 0x5d, 3, ...uleb(offset)],
  v128Splat: (offset: number) => [0xfd, 0x0a, 3, ...uleb(offset)], // v128.load64_splat
  v128Store: (offset: number) => [0xfd, 0x0b, 4, ...uleb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  lane: (l: number) => [0xfd, 0x21, l],
  f64x2Add: [0xfd, 0xf0, 0x01], f64x2Mul: [0xfd, 0xf2, 0x01],
  f64x2Sub: [0xfd, 0xf1, 0x01], f64x2Div: [0xfd, 0xf3, 0x01], f64x2Min: [0xfd, 0xf4, 0x01], f64x2Max: [0xfd, 0xf5, 0x01],
  f64x2Abs: [0xfd, 0xec, 0x01], f64x2Ne: [0xfd, 0x48], f64x2Lt: [0xfd, 0x49], f64x2Ge: [0xfd, 0x4c],
  /** Pseudo-minimum and -maximum: b < a ? b : a and a < b ? b : a (one instruction each, unlike min and max). */
  f64x2Pmin: [0xfd, 0xf6, 0x01], f64x2Pmax: [0xfd, 0xf7, 0x01],
  f32x4Add: [0xfd, 0xe4, 0x01], f32x4Sub: [0xfd, 0xe5, 0x01], f32x4Mul: [0xfd, 0xe6, 0x01], f32x4Div: [0xfd, 0xe7, 0x01],
  f32x4Min: [0xfd, 0xe8, 0x01], f32x4Max: [0xfd, 0xe9, 0x01], f32x4Abs: [0xfd, 0xe0, 0x01],
  /** Pseudo-minimum and -maximum: b < a ? b : a and a < b ? b : a (one instruction each, unlike min and max). */
  f32x4Pmin: [0xfd, 0xea, 0x01], f32x4Pmax: [0xfd, 0xeb, 0x01],
  f32x4Ne: [0xfd, 0x42], f32x4Lt: [0xfd, 0x43], f32x4Ge: [0xfd, 0x46], f32x4Lane: (l: number) => [0xfd, 0x1f, l],
  i32x4Add: [0xfd, 0xae, 0x01], i32x4Shl: [0xfd, 0xab, 0x01],
  f64x2PromoteLowF32x4: [0xfd, 0x5f], f32x4DemoteF64x2Zero: [0xfd, 0x5e],
  /** i8x16.shuffle: the low eight bytes of the first operand, then the low eight bytes of the second. */
  joinLowHalves: [0xfd, 0x0d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23],
  /** i8x16.shuffle: the high eight bytes of the first operand moved to the low half (the high half repeats them). */
  highToLow: [0xfd, 0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15],
  v128Or: [0xfd, 0x50], v128Bitselect: [0xfd, 0x52],
  i64x2Shl: [0xfd, 0xcb, 0x01], i64x2Add: [0xfd, 0xce, 0x01],
  /** v128.const with the same double in both lanes. */
  f64x2Const: (v: number) => [0xfd, 0x0c, ...f64Bytes(v), ...f64Bytes(v)],
  /** v128.const with the same 64-bit integer in both lanes. */
  i64x2Const: (v: bigint) => {
    const bytes = Array.from(new Uint8Array(BigInt64Array.of(v).buffer));
    return [0xfd, 0x0c, ...bytes, ...bytes];
  },
};

export interface WasmFunction {
  name: string;
  params: number;
  /** Locals after the parameters: first the i32s, then the f64s, then the v128s. */
  i32Locals: number;
  f64Locals: number;
  v128Locals: number;
  code: number[];
}

/** One module: every function takes i32 parameters and returns nothing; one exported memory `mem`. */
export function assembleModule(functions: WasmFunction[]): Uint8Array {
  const types = section(1, vec(functions.map((f) => [0x60, ...vec(new Array(f.params).fill([I32])), 0])));
  const funcs = section(3, vec(functions.map((_, i) => uleb(i))));
  const memory = section(5, vec([[0x00, ...uleb(1)]]));
  const exports = section(7, vec([...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]), [...name('mem'), 0x02, 0]]));
  const bodies = functions.map((f) => {
    const body = [...vec([[...uleb(f.i32Locals), I32], [...uleb(f.f64Locals), F64], [...uleb(f.v128Locals), V128]]), ...f.code, ...op.end];
    return [...uleb(body.length), ...body];
  });
  const code = section(10, vec(bodies));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...funcs, ...memory, ...exports, ...code]);
}

/** A code buffer with an `emit` that flattens instruction lists. */
export function codeBuffer(): { code: number[]; emit: (...parts: number[][]) => void } {
  const code: number[] = [];
  return { code, emit: (...parts) => { for (const p of parts) code.push(...p); } };
}

/**
 * The statements (instruction lists that each leave the stack as they found it) of several independent vectors,
 * interleaved one statement of each in turn, so a long dependency chain per vector overlaps with the others'.
 */
export function interleave(lists: number[][][]): number[] {
  const out: number[] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(...list[i]);
  return out;
}
