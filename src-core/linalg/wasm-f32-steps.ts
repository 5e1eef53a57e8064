/**
 * The elementwise float32 steps of the RNN's single-precision fast paths, as instruction lists for wasm-asm.ts.
 *
 * Two kinds of arithmetic, each matching its TypeScript twin bit for bit:
 * - tanh in f32x4 lanes: rnn/fast-tanh.ts's `tanh32` operation for operation (same constants, same order, every
 *   operation rounded to single precision, 2^k built from its exponent bits);
 * - everything else in f64x2 lanes on the promoted floats, demoted once when stored: that is what the TypeScript
 *   loops do when they read and write Float32Arrays (JavaScript computes in double and rounds on the store), so one
 *   TypeScript loop serves both precisions and the SIMD step equals it exactly.
 *
 * vstep32(drive, prev, bias, pre, h, fp, rows, n, consts) -- one voltage-form forward step over rows x n (n a
 *   multiple of 4): pre = keep prev + alpha (drive + bias_i) (double, rounded to float), h = tanh32(pre),
 *   fp = 1 - h h (double, rounded). Two vectors per iteration, their statements interleaved: tanh is one long chain of
 *   dependent operations, and two of them side by side keep more of the CPU busy (25 % faster, measured).
 * bstep32(dy, v, nOut, back, carry, fp, next, z, rows, n, consts) -- one BPTT step of the voltage form over rows x n
 *   floats (n a multiple of 4), the output errors dy (rows x nOut) brought through V (nOut x n) on the way:
 *   fromOutput = dy V (signal32's single-precision sums), delta = fp (fromOutput + alpha back) + keep carry,
 *   next = delta, z = alpha delta (double, each rounded once to float).
 * leak32(prev, src, out, blocks, len, consts) -- the low-pass filter of e-prop's eligibility traces over `blocks`
 *   consecutive blocks of len floats (len a multiple of 4): out_b = keep out_{b-1} + alpha src_b (double, rounded),
 *   with out_{-1} the block at prev.
 * signal32(dy, f, fp, out, rows, n, nOut, withFp) -- out (rows x n) = dy F for dy (rows x nOut) and F (nOut x n,
 *   n a multiple of 4), each entry s = 0; s = s + dy_o F_o in order (gemm32's sums for a few outputs, without its
 *   block set-up per four rows), then with withFp != 0 out = s fp (the float product: e-prop's psi = L f', in
 *   double and rounded in the TypeScript twin, which is the same).
 * readout32(h, v, c, y, rows, n, nOut) -- y (rows x nOut doubles) = h V^T + c for float rates h (rows x n, n a
 *   multiple of 4) and double weights v (nOut x n), c (nOut): forward.ts's readoutFromFloats, four partial sums over
 *   the units (i mod 4; lanes of two f64x2 accumulators) added as (s0 + s1) + (s2 + s3), then c.
 * `consts` points at keep and alpha (doubles), the double 1 twice, then TANH32_CONSTANTS (bytes 32 on).
 */
import { codeBuffer, interleave, op, type WasmFunction } from './wasm-asm';

// rnn/fast-tanh.ts's single-precision constants (rounded to float32 where they are written to memory).
const SATURATE = 10, TINY = 2 ** -12, ROUND = 12582912, INV_LN2 = 1.44269504088896338700;
const LN2_HI = 0.693359375, LN2_LO = -2.12194440e-4;
const C = [1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320]; // 1/j! for j = 2..8
/**
 * 2^k from the bits of k + ROUND: for |k| < 2^22 the float k + ROUND = 1.5 * 2^23 + k has the integer bits(ROUND) + k,
 * so (k + 127) << 23, the bits of 2^k, is (bits(k + ROUND) + EXPONENT_FROM_ROUND) << 23 (the shift drops the high bits).
 */
const EXPONENT_FROM_ROUND = (127 - new Int32Array(Float32Array.of(ROUND).buffer)[0]) | 0;
const TABLE = [-SATURATE, SATURATE, 2, INV_LN2, ROUND, LN2_HI, LN2_LO, 1, TINY, EXPONENT_FROM_ROUND, ...C];
/** Each constant four times (all lanes); EXPONENT_FROM_ROUND is stored as the integer's bits (see pow2). */
export function tanh32Constants(): Float32Array {
  const out = new Float32Array(TABLE.length * 4);
  const bits = new Int32Array(out.buffer);
  TABLE.forEach((c, i) => {
    for (let l = 0; l < 4; l++) {
      if (c === EXPONENT_FROM_ROUND) bits[4 * i + l] = c;
      else out[4 * i + l] = c;
    }
  });
  return out;
}
/** Bytes before the tanh table in `consts`: keep, alpha, then 1, 1 as doubles. */
export const TANH32_TABLE_OFFSET = 32;

type Expr = number[];
const CONSTS = { local: -1 };
const k = (value: number): Expr => {
  const index = TABLE.indexOf(value);
  if (index < 0) throw new Error(`no table entry for ${value}`);
  return [...op.get(CONSTS.local), ...op.v128Load(TANH32_TABLE_OFFSET + 16 * index)];
};
const v = (local: number): Expr => op.get(local);
const add = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f32x4Add];
const sub = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f32x4Sub];
const mul = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f32x4Mul];
const div = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f32x4Div];
const set = (local: number, e: Expr): Expr => [...e, ...op.set(local)];

/**
 * tanh32(x) of the f32x4 in local `x` into local `out`, as a list of statements (each leaves the stack empty), so a
 * kernel can interleave the statements of independent vectors; v128 locals t0 .. t0 + 5 are scratch.
 */
function tanh32Statements(x: number, t0: number, out: number): Expr[] {
  const [Y, K, R, R2, R4, S] = [t0, t0 + 1, t0 + 2, t0 + 3, t0 + 4, t0 + 5];
  const clamped = [...v(x), ...k(-SATURATE), ...op.f32x4Pmax, ...k(SATURATE), ...op.f32x4Pmin];
  const c = (j: number) => k(C[j - 2]);
  const r = v(R), r2 = v(R2), r4 = v(R4);
  const q = add(add(add(c(2), mul(r, c(3))), mul(r2, add(c(4), mul(r, c(5))))),
    mul(r4, add(add(c(6), mul(r, c(7))), mul(r2, c(8)))));
  // 2^k from its bits (k an integer in [-29, 29]); S holds y / ln 2 + ROUND = k + ROUND until then.
  const pow2 = [...v(S), ...k(EXPONENT_FROM_ROUND), ...op.i32x4Add, ...op.i32(23), ...op.i32x4Shl];
  const t = add(mul(v(S), add(r, mul(r2, q))), sub(v(S), k(1)));
  // lanes where |x| >= TINY (false for NaN) take the formula, the others keep x
  const large = [...v(x), ...op.f32x4Abs, ...k(TINY), ...op.f32x4Ge];
  return [
    set(Y, mul(k(2), clamped)),
    set(S, add(mul(v(Y), k(INV_LN2)), k(ROUND))),
    set(K, sub(v(S), k(ROUND))),
    set(R, sub(sub(v(Y), mul(v(K), k(LN2_HI))), mul(v(K), k(LN2_LO)))),
    set(R2, mul(r, r)), set(R4, mul(r2, r2)),
    set(S, pow2),
    set(Y, t),
    set(out, [...div(v(Y), add(v(Y), k(2))), ...v(x), ...large, ...op.v128Bitselect]),
  ];
}

/** Vectors (of four floats) per iteration of vstep32's main loop. */
const VSTEP_VECTORS = 2;

// Double-lane arithmetic on promoted floats.
const dAdd = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f64x2Add];
const dSub = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f64x2Sub];
const dMul = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f64x2Mul];
/** Floats 2 half .. 2 half + 1 at the address in `ptr` (+ `bytes`) as two doubles. */
const load2 = (ptr: number, half: number, bytes = 0): Expr => [...op.get(ptr), ...op.v128Load64Zero(bytes + 8 * half), ...op.f64x2PromoteLowF32x4];
/** Floats 2 half, 2 half + 1 of the f32x4 in `local` as two doubles. */
const lanes2 = (local: number, half: number): Expr =>
  half === 0 ? [...v(local), ...op.f64x2PromoteLowF32x4] : [...v(local), ...v(local), ...op.highToLow, ...op.f64x2PromoteLowF32x4];
/** The f32x4 of expr(0) (floats 0, 1) and expr(1) (floats 2, 3), each demoted from doubles. */
const demote4 = (expr: (half: number) => Expr): Expr =>
  [...expr(0), ...op.f32x4DemoteF64x2Zero, ...expr(1), ...op.f32x4DemoteF64x2Zero, ...op.joinLowHalves];

export function vstep32Kernel(): WasmFunction {
  const DRIVE = 0, PREV = 1, BIAS = 2, PRE = 3, H = 4, FP = 5, ROWS = 6, N = 7, CONSTS_P = 8;
  const ROWEND = 9, PB = 10;
  const KEEP = 11, ALPHA = 12, ONE = 13, GROUP = 14; // then per vector of a group: x, h and six scratch
  const GROUP_LOCALS = 8;
  CONSTS.local = CONSTS_P;
  const { code, emit } = codeBuffer();
  /** One pass over `vectors` consecutive f32x4s at the pointers (+ 16 bytes per vector), statements interleaved. */
  const vectorsAt = (vectors: number) => interleave(Array.from({ length: vectors }, (_, g) => {
    const X = GROUP + GROUP_LOCALS * g, HV = X + 1, bytes = 16 * g;
    return [
      // pre = keep * prev + alpha * (drive + bias), in double, rounded once
      [...op.get(PRE), ...demote4((half) => dAdd(dMul(v(KEEP), load2(PREV, half, bytes)),
        dMul(v(ALPHA), dAdd(load2(DRIVE, half, bytes), load2(PB, half, bytes))))), ...op.tee(X), ...op.v128Store(bytes)],
      ...tanh32Statements(X, X + 2, HV),
      [...op.get(H), ...v(HV), ...op.v128Store(bytes)],
      [...op.get(FP), ...demote4((half) => dSub(v(ONE), dMul(lanes2(HV, half), lanes2(HV, half)))), ...op.v128Store(bytes)],
    ];
  }));
  const advance = (bytes: number) => { for (const p of [DRIVE, PREV, PRE, H, FP, PB]) emit(op.get(p), op.i32(bytes), op.add, op.set(p)); };
  emit(op.get(CONSTS_P), op.v128Splat(0), op.set(KEEP), op.get(CONSTS_P), op.v128Splat(8), op.set(ALPHA));
  emit(op.get(CONSTS_P), op.v128Load(16), op.set(ONE));
  emit(op.block, op.loop); // trials
  emit(op.get(ROWS), op.eqz, op.brIf(1));
  emit(op.get(DRIVE), op.get(N), op.i32(2), op.shl, op.add, op.set(ROWEND), op.get(BIAS), op.set(PB));
  emit(op.block, op.loop); // units, 4 VSTEP_VECTORS at a time
  emit(op.get(DRIVE), op.i32(16 * VSTEP_VECTORS), op.add, op.get(ROWEND), op.gtS, op.brIf(1));
  emit(vectorsAt(VSTEP_VECTORS));
  advance(16 * VSTEP_VECTORS);
  emit(op.br(0), op.end, op.end);
  emit(op.block, op.loop); // the last four, if any
  emit(op.get(DRIVE), op.get(ROWEND), op.ltS, op.eqz, op.brIf(1));
  emit(vectorsAt(1));
  advance(16);
  emit(op.br(0), op.end, op.end);
  emit(op.get(ROWS), op.i32(1), op.sub, op.set(ROWS), op.br(0));
  emit(op.end, op.end);
  return { name: 'vstep32', params: 9, i32Locals: 2, f64Locals: 0, v128Locals: GROUP - 11 + GROUP_LOCALS * VSTEP_VECTORS, code };
}

/**
 * acc = e_r F for the four columns at byte offset j of F's rows: s = 0; s = s + e_o F_o(j .. j + 3) for o in order
 * (single precision), with e_r the nOut floats at dy and F (nOut x n) at f; o, pd and pf are scratch i32 locals.
 */
function outputsThrough(l: { acc: number; o: number; pd: number; pf: number; dy: number; f: number; j: number; nOut: number; rowBytes: number }): Expr {
  return [
    ...op.v128Zero, ...op.set(l.acc), ...op.i32(0), ...op.set(l.o), ...op.get(l.dy), ...op.set(l.pd), ...op.get(l.f), ...op.get(l.j), ...op.add,
    ...op.set(l.pf),
    ...op.block, ...op.loop, // outputs, in order
    ...op.get(l.o), ...op.get(l.nOut), ...op.ltS, ...op.eqz, ...op.brIf(1),
    ...op.get(l.acc), ...op.get(l.pd), ...op.v128Load32Splat(0), ...op.get(l.pf), ...op.v128Load(0), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(l.acc),
    ...op.get(l.pd), ...op.i32(4), ...op.add, ...op.set(l.pd), ...op.get(l.pf), ...op.get(l.rowBytes), ...op.add, ...op.set(l.pf),
    ...op.get(l.o), ...op.i32(1), ...op.add, ...op.set(l.o), ...op.br(0),
    ...op.end, ...op.end,
  ];
}

export function bstep32Kernel(): WasmFunction {
  const DY = 0, V = 1, NOUT = 2, BACK = 3, CARRY = 4, FP = 5, NEXT = 6, Z = 7, ROWS = 8, N = 9, CONSTS_P = 10;
  const J = 11, ROWBYTES = 12, O = 13, PD = 14, PV = 15;
  const KEEP = 16, ALPHA = 17, D0 = 18, D1 = 19, FROM = 20;
  const { code, emit } = codeBuffer();
  emit(op.get(CONSTS_P), op.v128Splat(0), op.set(KEEP), op.get(CONSTS_P), op.v128Splat(8), op.set(ALPHA));
  emit(op.get(N), op.i32(2), op.shl, op.set(ROWBYTES));
  emit(op.block, op.loop); // rows
  emit(op.get(ROWS), op.eqz, op.brIf(1));
  emit(op.i32(0), op.set(J));
  emit(op.block, op.loop); // four units at a time
  emit(op.get(J), op.get(ROWBYTES), op.ltS, op.eqz, op.brIf(1));
  // fromOutput = e_r V (signal32's sums)
  emit(outputsThrough({ acc: FROM, o: O, pd: PD, pf: PV, dy: DY, f: V, j: J, nOut: NOUT, rowBytes: ROWBYTES }));
  // delta (two halves, kept in double) = fp (fromOutput + alpha back) + keep carry
  for (const half of [0, 1]) {
    emit(dAdd(dMul(load2(FP, half), dAdd(lanes2(FROM, half), dMul(v(ALPHA), load2(BACK, half)))), dMul(v(KEEP), load2(CARRY, half))),
      op.set(half === 0 ? D0 : D1));
  }
  const both = (f: (d: Expr) => Expr): Expr => demote4((half) => f(v(half === 0 ? D0 : D1)));
  emit(op.get(NEXT), both((d) => d), op.v128Store(0));
  emit(op.get(Z), both((d) => dMul(v(ALPHA), d)), op.v128Store(0));
  for (const p of [BACK, CARRY, FP, NEXT, Z]) emit(op.get(p), op.i32(16), op.add, op.set(p));
  emit(op.get(J), op.i32(16), op.add, op.set(J), op.br(0));
  emit(op.end, op.end);
  emit(op.get(DY), op.get(NOUT), op.i32(2), op.shl, op.add, op.set(DY));
  emit(op.get(ROWS), op.i32(1), op.sub, op.set(ROWS), op.br(0));
  emit(op.end, op.end);
  return { name: 'bstep32', params: 11, i32Locals: 5, f64Locals: 0, v128Locals: 5, code };
}

export function leak32Kernel(): WasmFunction {
  const PREV = 0, SRC = 1, OUT = 2, BLOCKS = 3, LEN = 4, CONSTS_P = 5;
  const END = 6;
  const KEEP = 7, ALPHA = 8;
  const { code, emit } = codeBuffer();
  emit(op.get(CONSTS_P), op.v128Splat(0), op.set(KEEP), op.get(CONSTS_P), op.v128Splat(8), op.set(ALPHA));
  emit(op.block, op.loop); // blocks
  emit(op.get(BLOCKS), op.eqz, op.brIf(1));
  emit(op.get(SRC), op.get(LEN), op.i32(2), op.shl, op.add, op.set(END));
  emit(op.block, op.loop);
  emit(op.get(SRC), op.get(END), op.ltS, op.eqz, op.brIf(1));
  emit(op.get(OUT), demote4((half) => dAdd(dMul(v(KEEP), load2(PREV, half)), dMul(v(ALPHA), load2(SRC, half)))), op.v128Store(0));
  for (const p of [PREV, SRC, OUT]) emit(op.get(p), op.i32(16), op.add, op.set(p));
  emit(op.br(0), op.end, op.end);
  // the next block filters from this one: prev = out - len
  emit(op.get(OUT), op.get(LEN), op.i32(2), op.shl, op.sub, op.set(PREV));
  emit(op.get(BLOCKS), op.i32(1), op.sub, op.set(BLOCKS), op.br(0));
  emit(op.end, op.end);
  return { name: 'leak32', params: 6, i32Locals: 1, f64Locals: 0, v128Locals: 2, code };
}

export function readout32Kernel(): WasmFunction {
  const H = 0, V = 1, C = 2, Y = 3, ROWS = 4, N = 5, NOUT = 6;
  const O = 7, PH = 8, PV = 9, END = 10, ROWBYTES = 11;
  const S01 = 12, S23 = 13;
  const { code, emit } = codeBuffer();
  emit(op.get(N), op.i32(2), op.shl, op.set(ROWBYTES));
  emit(op.block, op.loop); // rows
  emit(op.get(ROWS), op.eqz, op.brIf(1));
  emit(op.i32(0), op.set(O), op.get(V), op.set(PV));
  emit(op.block, op.loop); // outputs
  emit(op.get(O), op.get(NOUT), op.ltS, op.eqz, op.brIf(1));
  emit(op.v128Zero, op.set(S01), op.v128Zero, op.set(S23), op.get(H), op.set(PH));
  emit(op.get(H), op.get(ROWBYTES), op.add, op.set(END));
  emit(op.block, op.loop); // units, four at a time
  emit(op.get(PH), op.get(END), op.ltS, op.eqz, op.brIf(1));
  emit(dAdd(v(S01), dMul(load2(PH, 0), [...op.get(PV), ...op.v128Load(0)])), op.set(S01));
  emit(dAdd(v(S23), dMul(load2(PH, 1), [...op.get(PV), ...op.v128Load(16)])), op.set(S23));
  emit(op.get(PH), op.i32(16), op.add, op.set(PH), op.get(PV), op.i32(32), op.add, op.set(PV));
  emit(op.br(0), op.end, op.end);
  emit(op.get(Y), op.get(S01), op.lane(0), op.get(S01), op.lane(1), op.f64Add, op.get(S23), op.lane(0), op.get(S23), op.lane(1), op.f64Add,
    op.f64Add, op.get(C), op.get(O), op.i32(3), op.shl, op.add, op.f64Load(0), op.f64Add, op.f64Store(0));
  emit(op.get(Y), op.i32(8), op.add, op.set(Y), op.get(O), op.i32(1), op.add, op.set(O), op.br(0));
  emit(op.end, op.end);
  emit(op.get(H), op.get(ROWBYTES), op.add, op.set(H), op.get(ROWS), op.i32(1), op.sub, op.set(ROWS), op.br(0));
  emit(op.end, op.end);
  return { name: 'readout32', params: 7, i32Locals: 5, f64Locals: 0, v128Locals: 2, code };
}

export function signal32Kernel(): WasmFunction {
  const DY = 0, F = 1, FP = 2, OUT = 3, ROWS = 4, N = 5, NOUT = 6, WITHFP = 7;
  const J = 8, ROWBYTES = 9, O = 10, PD = 11, PF = 12;
  const S = 13;
  const { code, emit } = codeBuffer();
  emit(op.get(N), op.i32(2), op.shl, op.set(ROWBYTES));
  emit(op.block, op.loop); // rows
  emit(op.get(ROWS), op.eqz, op.brIf(1));
  emit(op.i32(0), op.set(J));
  emit(op.block, op.loop); // four columns at a time
  emit(op.get(J), op.get(ROWBYTES), op.ltS, op.eqz, op.brIf(1));
  emit(outputsThrough({ acc: S, o: O, pd: PD, pf: PF, dy: DY, f: F, j: J, nOut: NOUT, rowBytes: ROWBYTES }));
  emit(op.get(WITHFP), op.if, op.get(S), op.get(FP), op.get(J), op.add, op.v128Load(0), op.f32x4Mul, op.set(S), op.end);
  emit(op.get(OUT), op.get(J), op.add, op.get(S), op.v128Store(0));
  emit(op.get(J), op.i32(16), op.add, op.set(J), op.br(0));
  emit(op.end, op.end);
  for (const p of [OUT, FP]) emit(op.get(p), op.get(ROWBYTES), op.add, op.set(p));
  emit(op.get(DY), op.get(NOUT), op.i32(2), op.shl, op.add, op.set(DY));
  emit(op.get(ROWS), op.i32(1), op.sub, op.set(ROWS), op.br(0));
  emit(op.end, op.end);
  return { name: 'signal32', params: 8, i32Locals: 5, f64Locals: 0, v128Locals: 1, code };
}
