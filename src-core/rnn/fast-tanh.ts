/**
 * tanh for the RNN hot loops. V8's Math.tanh is a call into C (about 13 ns); this version is plain arithmetic that
 * TurboFan inlines, without data-dependent branches (random signs would mispredict), and it is exactly reproducible:
 * only +, -, *, / and a table of powers of two, no library call, so the same input gives the same bits on every
 * machine.
 *
 * tanh x = t / (t + 2) with t = expm1(2x) = 2^k (1 + p) - 1, k = round(2x / ln 2), r = 2x - k ln 2 (|r| <= ln(2)/2;
 * ln 2 split in two parts so k ln2_hi is exact) and p = expm1(r) by its Taylor series to r^13 (the next term is
 * below 2^-57 relative), evaluated in Estrin's scheme (short dependency chains). Both signs use the same formula,
 * and 2^k - 1 is exact for |k| <= 53. Error: at most a few ulp (Math.tanh: 1), far below every tolerance the tests
 * use; f' = 1 - tanh^2 is computed from this value everywhere, so gradients stay consistent with the forward pass.
 */

const LN2_HI = 6.93147180369123816490e-1; // upper 32 bits of ln 2: k * LN2_HI is exact for |k| < 2^20
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
/** Adding and subtracting 1.5 * 2^52 rounds to the nearest integer (ties to even) in plain IEEE arithmetic. */
const ROUND = 6755399441055744;
/** Beyond +-22, tanh rounds to +-1, and so does the formula; clamping keeps k within the table. */
const SATURATE = 22;
/** Below this |x|, tanh(x) rounds to x (the branch also keeps the sign of -0). */
const TINY = 2 ** -28;

/** 2^k for k = -64..64 at index k + 64 (|2x| <= 44 keeps |k| <= 64). */
const POW2 = Float64Array.from({ length: 129 }, (_, i) => 2 ** (i - 64));

// 1/j! for (expm1(r) - r) / r^2 = 1/2! + r/3! + ... + r^11/13!
const C2 = 1 / 2, C3 = 1 / 6, C4 = 1 / 24, C5 = 1 / 120, C6 = 1 / 720, C7 = 1 / 5040, C8 = 1 / 40320;
const C9 = 1 / 362880, C10 = 1 / 3628800, C11 = 1 / 39916800, C12 = 1 / 479001600, C13 = 1 / 6227020800;

export function tanh(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY || x !== x) return x;
  const y = 2 * Math.min(Math.max(x, -SATURATE), SATURATE);
  const k = (y * INV_LN2 + ROUND) - ROUND;
  const r = (y - k * LN2_HI) - k * LN2_LO;
  const r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  const q = (C2 + r * C3) + r2 * (C4 + r * C5) + r4 * ((C6 + r * C7) + r2 * (C8 + r * C9))
    + r8 * ((C10 + r * C11) + r2 * (C12 + r * C13));
  const p = r + r2 * q;
  const scale = POW2[k + 64];
  const t = scale * p + (scale - 1);
  return t / (t + 2);
}

// Single precision (the RNN's float32 path). The same formula in IEEE single arithmetic: every operation is rounded
// to float32 (Math.fround after each one equals the single-precision operation for +, -, *, /, because double has
// more than twice single's precision), so the WebAssembly f32x4 version (linalg/wasm-f32-steps.ts) gives the same
// bits. The series stops at r^8 (the next term is below 2^-31 relative); beyond |x| = 10 tanh rounds to +-1.
const f32 = Math.fround;
const SATURATE_32 = 10;
const TINY_32 = 2 ** -12;
const ROUND_32 = 12582912; // 1.5 * 2^23
const INV_LN2_32 = f32(INV_LN2);
const LN2_HI_32 = 0.693359375; // Cephes' split of ln 2: k * LN2_HI_32 is exact in single precision for |k| < 2^15
const LN2_LO_32 = f32(-2.12194440e-4);
const D2 = f32(C2), D3 = f32(C3), D4 = f32(C4), D5 = f32(C5), D6 = f32(C6), D7 = f32(C7), D8 = f32(C8);

/** tanh in single precision for a float32 input; within 3 ulp (float32) of the exact value. */
export function tanh32(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_32 || x !== x) return x;
  const y = 2 * Math.min(Math.max(x, -SATURATE_32), SATURATE_32); // exact
  const k = f32(f32(f32(y * INV_LN2_32) + ROUND_32) - ROUND_32);
  const r = f32(f32(y - f32(k * LN2_HI_32)) - f32(k * LN2_LO_32));
  const r2 = f32(r * r), r4 = f32(r2 * r2);
  const q = f32(f32(f32(D2 + f32(r * D3)) + f32(r2 * f32(D4 + f32(r * D5))))
    + f32(r4 * f32(f32(D6 + f32(r * D7)) + f32(r2 * D8))));
  const p = f32(r + f32(r2 * q));
  const scale = POW2[k + 64];
  const t = f32(f32(scale * p) + f32(scale - 1));
  return f32(t / f32(t + 2));
}
