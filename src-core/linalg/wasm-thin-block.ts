/**
 * A WebAssembly SIMD version of timesThinBlock (block-kernels.ts): out (m x K) = A (m x n) * B (n x K).
 *
 * JavaScript has no SIMD and checks every array bound; this kernel keeps 2 * G output columns in G f64x2 registers
 * and streams A once per group, which roughly doubles the throughput of the linear-regression training loop. It is
 * bit-identical to the JavaScript kernel: every lane sums acc + x * b in the same order j = 0, 1, ..., n - 1 with
 * separately rounded multiply and add (no fused multiply-add), so results never depend on which kernel ran.
 *
 * The module (a few hundred bytes) is assembled here from a readable instruction list rather than shipped as an
 * opaque blob. A large matrix A is copied into WebAssembly memory once and reused while the same Float64Array is
 * passed again (the training loop multiplies by the same X and X^T hundreds of times): callers must not modify A
 * between calls. Environments without WebAssembly SIMD get null from `wasmThinBlock` and use the JavaScript kernel.
 */

// --- a tiny assembler -------------------------------------------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  f64Load: [0x2b, 3, 0],
  v128Load: (offset: number) => [0xfd, 0x00, 3, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 3, ...uleb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f64x2Splat: [0xfd, 0x14],
  f64x2ReplaceLane1: [0xfd, 0x22, 1],
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Mul: [0xfd, 0xf2, 0x01],
};

// Parameters (all i32, pointers in bytes): a, m, n, b, k, out, c (first output column of the group).
const [A, M, N, B, K, OUT, C] = [0, 1, 2, 3, 4, 5, 6];
const [I, J, PA, PB, KB] = [7, 8, 9, 10, 11];
const X = 12;
const ACC = 13;

/** Body of the kernel for 2 * groups output columns starting at column c. */
function kernelBody(groups: number): number[] {
  const accs = Array.from({ length: groups }, (_, g) => ACC + g);
  const code: number[] = [
    ...op.get(K), ...op.i32(3), ...op.i32Shl, ...op.set(KB),
    ...op.i32(0), ...op.set(I),
    ...op.block, ...op.loop,
    ...op.get(I), ...op.get(M), ...op.i32GeU, ...op.brIf(1),
    ...accs.flatMap((acc) => [...op.v128Zero, ...op.set(acc)]),
    // pa = a + 8 i n;  pb = b + 8 c
    ...op.get(A), ...op.get(I), ...op.get(N), ...op.i32Mul, ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(PA),
    ...op.get(B), ...op.get(C), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(PB),
    ...op.i32(0), ...op.set(J),
    ...op.block, ...op.loop,
    ...op.get(J), ...op.get(N), ...op.i32GeU, ...op.brIf(1),
    ...op.get(PA), ...op.f64Load, ...op.f64x2Splat, ...op.set(X),
    // acc_g = acc_g + x * b[j, c + 2g .. c + 2g + 1]
    ...accs.flatMap((acc, g) => [...op.get(acc), ...op.get(X), ...op.get(PB), ...op.v128Load(16 * g), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(acc)]),
    ...op.get(PA), ...op.i32(8), ...op.i32Add, ...op.set(PA),
    ...op.get(PB), ...op.get(KB), ...op.i32Add, ...op.set(PB),
    ...op.get(J), ...op.i32(1), ...op.i32Add, ...op.set(J),
    ...op.br(0),
    ...op.end, ...op.end,
    // out[i, c ..] = acc  (pa reused as the output pointer: out + 8 (i k + c))
    ...op.get(OUT), ...op.get(I), ...op.get(K), ...op.i32Mul, ...op.get(C), ...op.i32Add, ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(PA),
    ...accs.flatMap((acc, g) => [...op.get(PA), ...op.get(acc), ...op.v128Store(16 * g)]),
    ...op.get(I), ...op.i32(1), ...op.i32Add, ...op.set(I),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.end,
  ];
  const locals = [2, ...uleb(5), I32, ...uleb(groups + 1), V128];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/** Rows handled at once by the single-column kernel (two per register). */
const ROWS = 8;
const NB = 11; // reuses the KB slot: n * 8, the byte stride between rows

/**
 * Body of the single-column kernel (K = 1): SIMD lanes run over pairs of rows instead of columns, each lane still
 * summing its row in the order j = 0, 1, ... (so still bit-identical), for 8 rows at a time; the caller does the
 * remaining m mod 8 rows. The parameter c is unused (the column is 0).
 */
function columnKernelBody(): number[] {
  const regs = ROWS / 2;
  const accs = Array.from({ length: regs }, (_, g) => ACC + g);
  const code: number[] = [
    ...op.get(N), ...op.i32(3), ...op.i32Shl, ...op.set(NB),
    ...op.i32(0), ...op.set(I),
    ...op.block, ...op.loop,
    // while (i + 8 <= m)
    ...op.get(I), ...op.i32(ROWS), ...op.i32Add, ...op.get(M), ...[0x4b] /* i32.gt_u */, ...op.brIf(1),
    ...accs.flatMap((acc) => [...op.v128Zero, ...op.set(acc)]),
    ...op.get(A), ...op.get(I), ...op.get(N), ...op.i32Mul, ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(PA),
    ...op.get(B), ...op.set(PB),
    ...op.i32(0), ...op.set(J),
    ...op.block, ...op.loop,
    ...op.get(J), ...op.get(N), ...op.i32GeU, ...op.brIf(1),
    ...op.get(PB), ...op.f64Load, ...op.f64x2Splat, ...op.set(X),
    // acc_g = acc_g + (a[i + 2g, j], a[i + 2g + 1, j]) * b[j]; row r starts at pa + r * nb
    ...accs.flatMap((acc, g) => [
      ...op.get(acc),
      ...op.get(PA), ...op.i32(2 * g), ...op.get(NB), ...op.i32Mul, ...op.i32Add, ...op.f64Load, ...op.f64x2Splat,
      ...op.get(PA), ...op.i32(2 * g + 1), ...op.get(NB), ...op.i32Mul, ...op.i32Add, ...op.f64Load, ...op.f64x2ReplaceLane1,
      ...op.get(X), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(acc),
    ]),
    ...op.get(PA), ...op.i32(8), ...op.i32Add, ...op.set(PA),
    ...op.get(PB), ...op.i32(8), ...op.i32Add, ...op.set(PB),
    ...op.get(J), ...op.i32(1), ...op.i32Add, ...op.set(J),
    ...op.br(0),
    ...op.end, ...op.end,
    // out[i .. i + 7] = accs (K = 1, so the rows' outputs are contiguous)
    ...op.get(OUT), ...op.get(I), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(PA),
    ...accs.flatMap((acc, g) => [...op.get(PA), ...op.get(acc), ...op.v128Store(16 * g)]),
    ...op.get(I), ...op.i32(ROWS), ...op.i32Add, ...op.set(I),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.end,
  ];
  const locals = [2, ...uleb(5), I32, ...uleb(regs + 1), V128];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/** Kernels for 16, 8 and 2 columns (8, 4 and 1 registers of accumulators). */
const GROUPS = [8, 4, 1] as const;

function moduleBytes(): Uint8Array {
  const type = [1, 0x60, 7, ...new Array<number>(7).fill(I32), 0];
  const funcs = [GROUPS.length + 1, ...GROUPS.map(() => 0), 0];
  const memory = [1, 0x00, 1];
  const exports = [
    GROUPS.length + 2,
    ...name('mem'), 0x02, 0,
    ...GROUPS.flatMap((g, f) => [...name(`k${2 * g}`), 0x00, f]),
    ...name('k1'), 0x00, GROUPS.length,
  ];
  const code = [GROUPS.length + 1, ...GROUPS.flatMap((g) => kernelBody(g)), ...columnKernelBody()];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, type), ...section(3, funcs), ...section(5, memory), ...section(7, exports), ...section(10, code),
  ]);
}

// --- the runtime --------------------------------------------------------------------------------------------------

/**
 * The slice of the WebAssembly API used here, typed locally: src-core compiles without DOM typings, and the global
 * may be absent (then the JavaScript kernel runs).
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

type Kernel = (a: number, m: number, n: number, b: number, k: number, out: number, c: number) => void;

interface Instance {
  memory: WasmMemory;
  kernels: { cols: number; run: Kernel }[];
  /** K = 1: rows in blocks of 8. */
  column: Kernel;
  /** Matrices already in memory: the array object, its byte offset and size. */
  cached: { array: Float64Array; offset: number; bytes: number }[];
  top: number;
}

let instance: Instance | null | undefined;

function load(): Instance | null {
  if (instance !== undefined) return instance;
  try {
    if (!wasmApi) throw new Error('no WebAssembly');
    const e = new wasmApi.Instance(new wasmApi.Module(moduleBytes()), {}).exports;
    instance = {
      memory: e.mem as WasmMemory,
      kernels: GROUPS.map((g) => ({ cols: 2 * g, run: e[`k${2 * g}`] as Kernel })),
      column: e.k1 as Kernel,
      cached: [],
      top: 0,
    };
  } catch {
    instance = null; // no WebAssembly or no SIMD: callers fall back to JavaScript
  }
  return instance;
}

const PAGE = 65536;
/** Matrices above this size stay in JavaScript (the copy would double a huge footprint). */
const MAX_CACHED_BYTES = 256 * 1024 * 1024;

function ensureBytes(inst: Instance, bytes: number): void {
  const have = inst.memory.buffer.byteLength;
  if (bytes > have) inst.memory.grow(Math.ceil((bytes - have) / PAGE));
}

/** Byte offset of A in WebAssembly memory, copying it in on first use (keeps at most two matrices). */
function placeMatrix(inst: Instance, a: Float64Array, length: number): number {
  const hit = inst.cached.find((e) => e.array === a && e.bytes === length * 8);
  if (hit) return hit.offset;
  if (inst.cached.length >= 2) {
    inst.cached = [];
    inst.top = 0;
  }
  const offset = inst.top;
  ensureBytes(inst, offset + length * 8);
  new Float64Array(inst.memory.buffer, offset, length).set(a.subarray(0, length));
  inst.cached.push({ array: a, offset, bytes: length * 8 });
  inst.top = offset + length * 8;
  return offset;
}

/**
 * out (m x k) = a (m x n) * b (n x k) in WebAssembly, or null if it is unavailable or the matrix too large (then
 * use timesThinBlock). Columns the SIMD groups cannot cover (an odd last one) are summed here in the same order.
 */
export function wasmThinBlock(a: Float64Array, m: number, n: number, b: Float64Array, k: number, out: Float64Array): Float64Array | null {
  const inst = load();
  if (!inst || m * n * 8 > MAX_CACHED_BYTES) return null;
  const aOff = placeMatrix(inst, a, m * n);
  const bOff = inst.top;
  const outOff = bOff + n * k * 8;
  ensureBytes(inst, outOff + m * k * 8);
  const mem = inst.memory.buffer;
  new Float64Array(mem, bOff, n * k).set(b.subarray(0, n * k));
  if (k === 1) {
    inst.column(aOff, m, n, bOff, 1, outOff, 0);
    const done = m - (m % ROWS);
    out.set(new Float64Array(mem, outOff, done));
    for (let i = done; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * b[j];
      out[i] = s;
    }
    return out;
  }
  let c = 0;
  for (const { cols, run } of inst.kernels) {
    for (; c + cols <= k; c += cols) run(aOff, m, n, bOff, k, outOff, c);
  }
  const result = new Float64Array(mem, outOff, m * k);
  out.set(result);
  for (; c < k; c++) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0, bj = c; j < n; j++, bj += k) s += a[i * n + j] * b[bj];
      out[i * k + c] = s;
    }
  }
  return out;
}

/** True if the SIMD kernel can run here (for tests and benchmarks). */
export function wasmThinBlockAvailable(): boolean {
  return load() !== null;
}
