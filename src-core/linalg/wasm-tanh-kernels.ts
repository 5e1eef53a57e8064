/**
 * WebAssembly SIMD versions of the RNN's elementwise tanh passes, two lanes at a time. `tanhStatements` is
 * rnn/fast-tanh.ts operation for operation (same constants, same order, no fused multiply-add; 2^k built from its
 * exponent bits equals the table entry), so each lane gives exactly the TypeScript function's bits.
 *
 * tanhfp(src, h, fp, len, consts)  -- h = tanh(src), fp = 1 - h^2 over len entries (len even).
 * vstep(drive, prev, bias, pre, h, fp, rows, n, consts) -- one voltage-form forward step for `rows` trials of n units
 *   (n even): pre = keep prev + alpha (drive + bias_i), h = tanh(pre), fp = 1 - h^2. Two vectors per iteration with
 *   their statements interleaved (tanh is one long dependency chain; two side by side keep more of the CPU busy).
 * `consts` points at keep, alpha (vstep only; ignored by tanhfp) and then TANH_CONSTANTS.
 */
import { codeBuffer, interleave, op, type WasmFunction } from './wasm-asm';

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const ROUND = 6755399441055744;
const SATURATE = 22;
const TINY = 2 ** -28;
const C = [1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320, 1 / 362880, 1 / 3628800, 1 / 39916800,
  1 / 479001600, 1 / 6227020800]; // 1/j! for j = 2..13
/**
 * 2^k from the bits of k + ROUND: for |k| < 2^51 the double k + ROUND = 1.5 * 2^52 + k has the integer bits
 * bits(ROUND) + k, so (k + 1023) << 52, the bits of 2^k, is (bits(k + ROUND) + (1023 - bits(ROUND))) << 52; that
 * 64-bit integer is stored through a double with the same bits.
 */
const EXPONENT_FROM_ROUND = new Float64Array(BigInt64Array.of(1023n - new BigInt64Array(Float64Array.of(ROUND).buffer)[0]).buffer)[0];

/**
 * The constants the kernels read from memory (V8 would rebuild a v128.const inside the loop at every use), each
 * twice (both lanes). The caller writes TANH_CONSTANTS at the `consts` address the kernels receive, after the two
 * doubles keep and alpha of vstep.
 */
const TABLE = [-SATURATE, SATURATE, 2, INV_LN2, ROUND, LN2_HI, LN2_LO, 1, TINY, EXPONENT_FROM_ROUND, ...C];
export const TANH_CONSTANTS: number[] = TABLE.flatMap((c) => [c, c]);
/** Where tanh's table starts after `consts` (bytes): keep and alpha come first. */
const TABLE_OFFSET = 16;

// A tiny expression language that compiles to stack code, so the kernel reads like fast-tanh.ts.
type Expr = number[];
const v = (local: number): Expr => op.get(local);
/** Local holding the `consts` address in every kernel below. */
let constsLocal = -1;
const k = (value: number): Expr => {
  const index = TABLE.indexOf(value);
  if (index < 0) throw new Error(`no table entry for ${value}`);
  return [...op.get(constsLocal), ...op.v128Load(TABLE_OFFSET + 16 * index)];
};
const add = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f64x2Add];
const sub = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f64x2Sub];
const mul = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f64x2Mul];
const div = (a: Expr, b: Expr): Expr => [...a, ...b, ...op.f64x2Div];

/**
 * tanh(x) of the v128 in local `x` into local `out`, as a list of statements (each leaves the stack empty), so a
 * kernel can interleave the statements of independent vectors; uses v128 locals t0 .. t0 + 5 as scratch.
 */
function tanhStatements(x: number, t0: number, out: number): Expr[] {
  const [Y, K, R, R2, R4, S] = [t0, t0 + 1, t0 + 2, t0 + 3, t0 + 4, t0 + 5];
  const set = (local: number, e: Expr) => [...e, ...op.set(local)];
  const clamped = [...v(x), ...k(-SATURATE), ...op.f64x2Pmax, ...k(SATURATE), ...op.f64x2Pmin];
  const c = (j: number) => k(C[j - 2]);
  const r = v(R), r2 = v(R2), r4 = v(R4);
  const q = add(add(add(
    add(c(2), mul(r, c(3))),
    mul(r2, add(c(4), mul(r, c(5))))),
    mul(r4, add(add(c(6), mul(r, c(7))), mul(r2, add(c(8), mul(r, c(9))))))),
    mul(mul(r4, r4), add(add(c(10), mul(r, c(11))), mul(r2, add(c(12), mul(r, c(13)))))));
  // 2^k from its bits (k an integer in [-64, 64]); S holds y / ln 2 + ROUND = k + ROUND until then.
  const pow2 = [...v(S), ...k(EXPONENT_FROM_ROUND), ...op.i64x2Add, ...op.i32(52), ...op.i64x2Shl];
  // t = scale p + (scale - 1), p = r + r2 q  (stored in S), result t / (t + 2)
  const t = add(mul(v(S), add(r, mul(r2, q))), sub(v(S), k(1)));
  // lanes where |x| >= TINY (false for NaN) take the formula, the others keep x
  const large = [...v(x), ...op.f64x2Abs, ...k(TINY), ...op.f64x2Ge];
  return [
    set(Y, mul(k(2), clamped)),
    set(S, add(mul(v(Y), k(INV_LN2)), k(ROUND))),
    set(K, sub(v(S), k(ROUND))),
    set(R, sub(sub(v(Y), mul(v(K), k(LN2_HI))), mul(v(K), k(LN2_LO)))),
    set(R2, mul(r, r)), set(R4, mul(r2, r2)),
    set(S, pow2),
    set(Y, t), // Y now holds t
    set(out, [...div(v(Y), add(v(Y), k(2))), ...v(x), ...large, ...op.v128Bitselect]),
  ];
}

/**
 * h = tanh(x) and fp = 1 - h^2 for the v128 in local x, stored at the addresses in locals hPtr and fpPtr (+ `bytes`),
 * as statements (tanhStatements).
 */
function tanhAndDerivativeStatements(x: number, h: number, scratch: number, hPtr: number, fpPtr: number, bytes = 0): Expr[] {
  return [
    ...tanhStatements(x, scratch, h),
    [...op.get(hPtr), ...v(h), ...op.v128Store(bytes)],
    [...op.get(fpPtr), ...sub(k(1), mul(v(h), v(h))), ...op.v128Store(bytes)],
  ];
}

export function tanhfpKernel(): WasmFunction {
  const SRC = 0, H = 1, FP = 2, LEN = 3, CONSTS = 4;
  const END = 5;
  const X = 6, HV = 7, SCRATCH = 8;
  constsLocal = CONSTS;
  const { code, emit } = codeBuffer();
  emit(op.get(SRC), op.get(LEN), op.i32(3), op.shl, op.add, op.set(END));
  emit(op.block, op.loop);
  emit(op.get(SRC), op.get(END), op.ltS, op.eqz, op.brIf(1));
  emit(op.get(SRC), op.v128Load(0), op.set(X));
  emit(tanhAndDerivativeStatements(X, HV, SCRATCH, H, FP).flat());
  for (const p of [SRC, H, FP]) emit(op.get(p), op.i32(16), op.add, op.set(p));
  emit(op.br(0), op.end, op.end);
  return { name: 'tanhfp', params: 5, i32Locals: 1, f64Locals: 0, v128Locals: 8, code };
}

export function vstepKernel(): WasmFunction {
  const DRIVE = 0, PREV = 1, BIAS = 2, PRE = 3, H = 4, FP = 5, ROWS = 6, N = 7, CONSTS = 8;
  const ROWEND = 9, PB = 10;
  const KEEP = 11, ALPHA = 12, GROUP = 13; // then per vector of a group: x, h and six scratch
  const GROUP_LOCALS = 8, VECTORS = 2;
  constsLocal = CONSTS;
  const { code, emit } = codeBuffer();
  const load = (ptr: number, bytes: number) => [...op.get(ptr), ...op.v128Load(bytes)];
  /** One pass over `vectors` consecutive v128s at the pointers (+ 16 bytes per vector), statements interleaved. */
  const vectorsAt = (vectors: number) => interleave(Array.from({ length: vectors }, (_, g) => {
    const X = GROUP + GROUP_LOCALS * g, bytes = 16 * g;
    return [
      // pre = keep * prev + alpha * (drive + bias)
      [...op.get(PRE), ...add(mul(v(KEEP), load(PREV, bytes)), mul(v(ALPHA), add(load(DRIVE, bytes), load(PB, bytes)))), ...op.tee(X),
        ...op.v128Store(bytes)],
      ...tanhAndDerivativeStatements(X, X + 1, X + 2, H, FP, bytes),
    ];
  }));
  const advance = (bytes: number) => { for (const p of [DRIVE, PREV, PRE, H, FP, PB]) emit(op.get(p), op.i32(bytes), op.add, op.set(p)); };
  emit(op.get(CONSTS), op.v128Splat(0), op.set(KEEP), op.get(CONSTS), op.v128Splat(8), op.set(ALPHA));
  emit(op.block, op.loop); // trials
  emit(op.get(ROWS), op.eqz, op.brIf(1));
  emit(op.get(DRIVE), op.get(N), op.i32(3), op.shl, op.add, op.set(ROWEND), op.get(BIAS), op.set(PB));
  emit(op.block, op.loop); // units, 2 VECTORS at a time, their statements interleaved
  emit(op.get(DRIVE), op.i32(16 * VECTORS), op.add, op.get(ROWEND), op.gtS, op.brIf(1));
  emit(vectorsAt(VECTORS));
  advance(16 * VECTORS);
  emit(op.br(0), op.end, op.end);
  emit(op.block, op.loop); // the last two, if any
  emit(op.get(DRIVE), op.get(ROWEND), op.ltS, op.eqz, op.brIf(1));
  emit(vectorsAt(1));
  advance(16);
  emit(op.br(0), op.end, op.end);
  emit(op.get(ROWS), op.i32(1), op.sub, op.set(ROWS), op.br(0));
  emit(op.end, op.end);
  return { name: 'vstep', params: 9, i32Locals: 2, f64Locals: 0, v128Locals: GROUP - 11 + GROUP_LOCALS * VECTORS, code };
}
