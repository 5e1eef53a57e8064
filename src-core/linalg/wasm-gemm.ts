/**
 * A WebAssembly SIMD (f64x2) version of the dot-product matrix kernel C = A B^T, for the RNN hot loops. There is no
 * build step: the module's bytes are assembled right here from a few opcodes, so `npm install` is all it needs and
 * the code stays reviewable. Each 2 x 4 block of C keeps eight f64x2 accumulators in registers and consumes the
 * shared dimension two entries per instruction.
 *
 * `wasmGemmNT` returns false when WebAssembly SIMD is unavailable or the shape is not one it handles (odd k);
 * callers then use the plain TypeScript kernel. Results equal the TypeScript kernel's up to summation order.
 */

// ---- a minimal assembler ----
const uleb = (v: number): number[] => {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
};
const sleb = (v: number): number[] => {
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

const I32 = 0x7f, V128 = 0x7b;
const op = {
  block: [0x02, 0x40], loop: [0x03, 0x40], end: [0x0b], br: (d: number) => [0x0c, d], brIf: (d: number) => [0x0d, d],
  get: (i: number) => [0x20, i], set: (i: number) => [0x21, i],
  i32: (v: number) => [0x41, ...sleb(v)], add: [0x6a], mul: [0x6c], shl: [0x74], gtS: [0x4a],
  f64Add: [0xa0], f64Store: (offset: number) => [0x39, 3, ...uleb(offset)],
  v128Load: [0xfd, ...uleb(0x00), 3, 0], v128Zero: [0xfd, ...uleb(0x0c), ...new Array(16).fill(0)],
  f64x2Add: [0xfd, ...uleb(0xf0)], f64x2Mul: [0xfd, ...uleb(0xf2)], lane: (l: number) => [0xfd, ...uleb(0x21), l],
};

// Parameters and locals of gemm(a, b, m, k, n, out): byte addresses and sizes.
const A = 0, B = 1, M = 2, K = 3, N = 4, OUT = 5;
const I = 6, J = 7, P = 8, A0 = 9, A1 = 10, B0 = 11, B1 = 12, B2 = 13, B3 = 14, KB = 15, C0 = 16, C1 = 17;
const ACC = 18; // 8 v128 accumulators: ACC + 4 * row + col
const X0 = 26, X1 = 27, Y = 28; // Y..Y+3

function gemmBody(): number[] {
  const code: number[] = [];
  const emit = (...parts: number[][]) => { for (const p of parts) code.push(...p); };
  emit(op.get(K), op.i32(3), op.shl, op.set(KB));
  emit(op.i32(0), op.set(I));
  emit(op.block, op.loop); // rows, two at a time
  emit(op.get(I), op.i32(2), op.add, op.get(M), op.gtS, op.brIf(1));
  emit(op.get(A), op.get(I), op.get(KB), op.mul, op.add, op.set(A0));
  emit(op.get(A0), op.get(KB), op.add, op.set(A1));
  emit(op.i32(0), op.set(J));
  emit(op.block, op.loop); // columns, four at a time
  emit(op.get(J), op.i32(4), op.add, op.get(N), op.gtS, op.brIf(1));
  emit(op.get(B), op.get(J), op.get(KB), op.mul, op.add, op.set(B0));
  emit(op.get(B0), op.get(KB), op.add, op.set(B1));
  emit(op.get(B1), op.get(KB), op.add, op.set(B2));
  emit(op.get(B2), op.get(KB), op.add, op.set(B3));
  for (let q = 0; q < 8; q++) emit(op.v128Zero, op.set(ACC + q));
  emit(op.i32(0), op.set(P));
  emit(op.block, op.loop); // shared dimension, two entries per step
  emit(op.get(P), op.i32(16), op.add, op.get(KB), op.gtS, op.brIf(1));
  emit(op.get(A0), op.get(P), op.add, op.v128Load, op.set(X0));
  emit(op.get(A1), op.get(P), op.add, op.v128Load, op.set(X1));
  [B0, B1, B2, B3].forEach((bp, c) => emit(op.get(bp), op.get(P), op.add, op.v128Load, op.set(Y + c)));
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 4; c++) {
      emit(op.get(ACC + 4 * r + c), op.get(r === 0 ? X0 : X1), op.get(Y + c), op.f64x2Mul, op.f64x2Add, op.set(ACC + 4 * r + c));
    }
  }
  emit(op.get(P), op.i32(16), op.add, op.set(P), op.br(0));
  emit(op.end, op.end);
  // C0 = out + (i * n + j) * 8, C1 = C0 + n * 8; store the lane sums.
  emit(op.get(OUT), op.get(I), op.get(N), op.mul, op.get(J), op.add, op.i32(3), op.shl, op.add, op.set(C0));
  emit(op.get(C0), op.get(N), op.i32(3), op.shl, op.add, op.set(C1));
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 4; c++) {
      const acc = ACC + 4 * r + c;
      emit(op.get(r === 0 ? C0 : C1), op.get(acc), op.lane(0), op.get(acc), op.lane(1), op.f64Add, op.f64Store(8 * c));
    }
  }
  emit(op.get(J), op.i32(4), op.add, op.set(J), op.br(0));
  emit(op.end, op.end);
  emit(op.get(I), op.i32(2), op.add, op.set(I), op.br(0));
  emit(op.end, op.end);
  emit(op.end);
  return code;
}

// matvec2(w, x, y, n, s, t): s = W x and t = W y for W (n x n, n even), two rows per pass, two columns per lane.
const MW = 0, MX = 1, MY = 2, MN = 3, MS = 4, MT = 5;
const MI = 6, MJ = 7, MW0 = 8, MW1 = 9, MNB = 10;
const MACC = 11; // s0, t0, s1, t1
const MWV0 = 15, MWV1 = 16, MXV = 17, MYV = 18;

function matvec2Body(): number[] {
  const code: number[] = [];
  const emit = (...parts: number[][]) => { for (const p of parts) code.push(...p); };
  emit(op.get(MN), op.i32(3), op.shl, op.set(MNB));
  emit(op.i32(0), op.set(MI));
  emit(op.block, op.loop);
  emit(op.get(MI), op.i32(2), op.add, op.get(MN), op.gtS, op.brIf(1));
  emit(op.get(MW), op.get(MI), op.get(MNB), op.mul, op.add, op.set(MW0));
  emit(op.get(MW0), op.get(MNB), op.add, op.set(MW1));
  for (let q = 0; q < 4; q++) emit(op.v128Zero, op.set(MACC + q));
  emit(op.i32(0), op.set(MJ));
  emit(op.block, op.loop);
  emit(op.get(MJ), op.i32(16), op.add, op.get(MNB), op.gtS, op.brIf(1));
  emit(op.get(MX), op.get(MJ), op.add, op.v128Load, op.set(MXV));
  emit(op.get(MY), op.get(MJ), op.add, op.v128Load, op.set(MYV));
  emit(op.get(MW0), op.get(MJ), op.add, op.v128Load, op.set(MWV0));
  emit(op.get(MW1), op.get(MJ), op.add, op.v128Load, op.set(MWV1));
  [[0, MWV0, MXV], [1, MWV0, MYV], [2, MWV1, MXV], [3, MWV1, MYV]].forEach(([acc, wv, v]) =>
    emit(op.get(MACC + acc), op.get(wv), op.get(v), op.f64x2Mul, op.f64x2Add, op.set(MACC + acc)));
  emit(op.get(MJ), op.i32(16), op.add, op.set(MJ), op.br(0));
  emit(op.end, op.end);
  // s[i] and s[i + 1], then t[i] and t[i + 1].
  [[MS, 0, 2], [MT, 1, 3]].forEach(([base, first, second]) => {
    [first, second].forEach((acc, row) => {
      emit(op.get(base), op.get(MI), op.i32(3), op.shl, op.add);
      emit(op.get(MACC + acc), op.lane(0), op.get(MACC + acc), op.lane(1), op.f64Add, op.f64Store(8 * row));
    });
  });
  emit(op.get(MI), op.i32(2), op.add, op.set(MI), op.br(0));
  emit(op.end, op.end);
  emit(op.end);
  return code;
}

function assemble(): Uint8Array {
  const type = section(1, vec([[0x60, ...vec(new Array(6).fill([I32])), 0]]));
  const func = section(3, vec([[0], [0]]));
  const memory = section(5, vec([[0x00, ...uleb(1)]]));
  const exports = section(7, vec([[...name('gemm'), 0x00, 0], [...name('matvec2'), 0x00, 1], [...name('mem'), 0x02, 0]]));
  const locals = [[...uleb(12), I32], [...uleb(8), V128], [...uleb(6), V128]];
  const body = [...vec(locals), ...gemmBody()];
  const mvBody = [...vec([[...uleb(5), I32], [...uleb(8), V128]]), ...matvec2Body()];
  const code = section(10, vec([[...uleb(body.length), ...body], [...uleb(mvBody.length), ...mvBody]]));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...func, ...memory, ...exports, ...code]);
}

// The few WebAssembly members used here (the project's TypeScript libs do not declare the WebAssembly global).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

interface Kernel {
  gemm: (a: number, b: number, m: number, k: number, n: number, out: number) => void;
  matvec2: (w: number, x: number, y: number, n: number, s: number, t: number) => void;
  mem: WasmMemory;
}

let compiled: object | null | undefined;
let kernel: Kernel | null | undefined;

/** A fresh instance (own memory) of the compiled module, or null without WebAssembly SIMD. */
function instantiate(): Kernel | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(assemble());
    } catch {
      compiled = null; // no WebAssembly SIMD here: callers keep the TypeScript kernels
    }
  }
  if (compiled === null) return null;
  return new WebAssembly.Instance(compiled).exports as Kernel;
}

function load(): Kernel | null {
  if (kernel === undefined) kernel = instantiate();
  return kernel;
}

/**
 * One reusable instance per named slot for the pinned kernels, so a training loop does not create a WebAssembly
 * memory per call. A slot's previous pin becomes invalid when the slot is pinned again; each caller pins, uses the
 * closure synchronously within one function, and never interleaves two pins of the same slot.
 */
const slots = new Map<string, Kernel>();
function slotInstance(slot: string): Kernel | null {
  let k = slots.get(slot);
  if (k === undefined) {
    const fresh = instantiate();
    if (fresh === null) return null;
    slots.set(slot, fresh);
    k = fresh;
  }
  return k;
}

/**
 * s = W x and t = W y with W copied once into its own WebAssembly memory (the Lyapunov loop multiplies by the same W
 * thousands of times). Returns null if SIMD is unavailable or disabled, or n is odd; callers then use matvec2.
 */
export function pinnedMatvec2(w: Float64Array, n: number, slot = 'matvec2'): ((x: Float64Array, y: Float64Array, s: Float64Array, t: Float64Array) => void) | null {
  if (!enabled || n % 2 !== 0 || n < 2) return null;
  const kern = slotInstance(slot);
  if (kern === null) return null;
  const need = (n * n + 4 * n) * 8;
  if (kern.mem.buffer.byteLength < need) kern.mem.grow(Math.ceil((need - kern.mem.buffer.byteLength) / 65536));
  const heap = new Float64Array(kern.mem.buffer);
  heap.set(w.subarray(0, n * n), 0);
  const xOff = n * n, yOff = xOff + n, sOff = yOff + n, tOff = sOff + n;
  return (x, y, s, t) => {
    heap.set(x.subarray(0, n), xOff);
    heap.set(y.subarray(0, n), yOff);
    kern.matvec2(0, xOff * 8, yOff * 8, n, sOff * 8, tOff * 8);
    s.set(heap.subarray(sOff, sOff + n));
    t.set(heap.subarray(tOff, tOff + n));
  };
}

/** Whether the SIMD kernel is in use (for benchmarks and tests). */
export function wasmGemmAvailable(): boolean {
  return load() !== null;
}

let enabled = true;
/** Turns the SIMD path off or on (tests compare both paths). */
export function setWasmGemmEnabled(on: boolean): void {
  enabled = on;
}

/**
 * C (m x n) (+)= A (m x k) B^T (B stored n x k) on the 2 x 4 block interior; returns the sizes it covered
 * (rows m2, columns n4) so the caller finishes the edges, or null if it did nothing.
 */
export function wasmGemmNT(
  a: Float64Array, b: Float64Array, m: number, k: number, n: number,
  out: Float64Array, accumulate: boolean, aOffset: number, outOffset: number,
): { m2: number; n4: number } | null {
  if (!enabled || k % 2 !== 0 || m < 2 || n < 4 || k < 16) return null;
  const kern = load();
  if (kern === null) return null;
  const aBytes = m * k * 8, bBytes = n * k * 8, cBytes = m * n * 8;
  const need = aBytes + bBytes + cBytes;
  const mem = kern.mem;
  if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
  const heap = new Float64Array(mem.buffer);
  heap.set(a.subarray(aOffset, aOffset + m * k), 0);
  heap.set(b.subarray(0, n * k), m * k);
  const m2 = m - (m % 2), n4 = n - (n % 4);
  kern.gemm(0, aBytes, m2, k, n, aBytes + bBytes);
  const c = heap.subarray(m * k + n * k, m * k + n * k + m * n);
  // The kernel wrote the m2 x n4 interior with row stride n; copy it out.
  for (let i = 0; i < m2; i++) {
    const src = i * n, dst = outOffset + i * n;
    if (accumulate) for (let j = 0; j < n4; j++) out[dst + j] += c[src + j];
    else for (let j = 0; j < n4; j++) out[dst + j] = c[src + j];
  }
  return { m2, n4 };
}

/**
 * C (m x n) (+)= A B^T with B (n x k) copied once into its own WebAssembly memory: the RNN multiplies by the same W
 * at every time step, so only A and C cross per call. Same results as gemmNT (bit for bit). Returns null when the
 * SIMD path does not apply (the caller then uses gemmNT).
 */
export function pinnedGemmNT(b: Float64Array, n: number, k: number, maxRows: number, slot: string):
  ((a: Float64Array, m: number, out: Float64Array, accumulate: boolean, aOffset: number, outOffset: number) => boolean) | null {
  if (!enabled || k % 2 !== 0 || n < 4 || k < 16 || maxRows < 2) return null;
  const kern = slotInstance(slot);
  if (kern === null) return null;
  const need = (n * k + maxRows * k + maxRows * n) * 8;
  if (kern.mem.buffer.byteLength < need) kern.mem.grow(Math.ceil((need - kern.mem.buffer.byteLength) / 65536));
  const heap = new Float64Array(kern.mem.buffer);
  heap.set(b.subarray(0, n * k), 0);
  const aOff = n * k, cOff = aOff + maxRows * k;
  const n4 = n - (n % 4);
  return (a, m, out, accumulate, aOffset, outOffset) => {
    if (m > maxRows || m < 2 || m % 2 !== 0 || n4 !== n) return false;
    heap.set(a.subarray(aOffset, aOffset + m * k), aOff);
    kern.gemm(aOff * 8, 0, m, k, n, cOff * 8);
    const c = heap.subarray(cOff, cOff + m * n);
    if (accumulate) for (let q = 0; q < m * n; q++) out[outOffset + q] += c[q];
    else out.set(c, outOffset);
    return true;
  };
}
