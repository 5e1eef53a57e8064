/**
 * The float32 kernels (f32x4: four lanes per vector, twice the f64x2 kernels' width) behind the RNN's float32
 * precision, as instruction lists for wasm-asm.ts. No fused multiply-add (V8 would fuse only through relaxed SIMD,
 * whose results depend on the CPU), so each lane is the same sequence of IEEE single-precision operations as the
 * TypeScript twins in gemm32.ts and the results are bit-identical to theirs.
 *
 * gemm32(a, aRow, aStep, q, jScale, qStep, m, k, n, out, outRow, accumulate) -- one kernel for the three products
 *   (C = A B^T, A B and A^T B differ only in strides): for i < m and j < n - n % 4,
 *     s = 0; for p = 0 .. k - 1: s = s + A(i, p) * Q(p, j)   (single precision, in this order)
 *     C(i, j) = accumulate ? C(i, j) + s : s
 *   with A(i, p) the float at a + i aRow + p aStep, the four floats Q(p, j .. j + 3) at q + j jScale + p qStep
 *   (j a multiple of 4; the next four at + 16) and C(i, j) at out + i outRow + 4 j. Byte units throughout.
 *   Blocks of 4 rows x 8 columns (eight accumulators, each loaded Q vector used four times, each broadcast A entry
 *   twice), then 4 x 4, then single rows: more accumulators than this spill V8's sixteen vector registers (measured).
 */
import { op, codeBuffer, type WasmFunction } from './wasm-asm';

export function gemm32Kernel(): WasmFunction {
  const A = 0, AROW = 1, ASTEP = 2, Q = 3, JSCALE = 4, QSTEP = 5, M = 6, K = 7, N = 8, OUT = 9, OUTROW = 10, ACCUM = 11;
  const I = 12, J = 13, PQ = 14, CNT = 15, CA = 16, PA = 17; // PA .. PA + 3: one pointer per row of the block
  const ACC = 0, X = 8, Y = 9; // v128 locals after the i32 ones: ACC + 2 r + v, the broadcast entry, two Q vectors
  const I32S = PA + 4 - 12;
  const v = (index: number) => PA + 4 + index; // v128 local index
  const { code, emit } = codeBuffer();

  /** The block of `rows` x `vecs` vectors at (I, J). */
  const block = (rows: number, vecs: number) => {
    for (let r = 0; r < rows; r++) for (let c = 0; c < vecs; c++) emit(op.v128Zero, op.set(v(ACC + 2 * r + c)));
    for (let r = 0; r < rows; r++) {
      emit(op.get(A), op.get(I), ...(r > 0 ? [op.i32(r), op.add] : []), op.get(AROW), op.mul, op.add, op.set(PA + r));
    }
    emit(op.get(Q), op.get(J), op.get(JSCALE), op.mul, op.add, op.set(PQ));
    emit(op.get(K), op.set(CNT));
    emit(op.block, op.loop);
    emit(op.get(CNT), op.eqz, op.brIf(1));
    for (let c = 0; c < vecs; c++) emit(op.get(PQ), op.v128Load(16 * c), op.set(v(Y + c)));
    for (let r = 0; r < rows; r++) {
      emit(op.get(PA + r), op.v128Load32Splat(0), op.set(v(X)));
      for (let c = 0; c < vecs; c++) {
        const acc = v(ACC + 2 * r + c);
        emit(op.get(acc), op.get(v(X)), op.get(v(Y + c)), op.f32x4Mul, op.f32x4Add, op.set(acc));
      }
      emit(op.get(PA + r), op.get(ASTEP), op.add, op.set(PA + r));
    }
    emit(op.get(PQ), op.get(QSTEP), op.add, op.set(PQ));
    emit(op.get(CNT), op.i32(1), op.sub, op.set(CNT), op.br(0));
    emit(op.end, op.end);
    for (let r = 0; r < rows; r++) {
      emit(op.get(OUT), op.get(I), ...(r > 0 ? [op.i32(r), op.add] : []), op.get(OUTROW), op.mul, op.add,
        op.get(J), op.i32(2), op.shl, op.add, op.set(CA));
      for (let c = 0; c < vecs; c++) {
        const acc = v(ACC + 2 * r + c);
        emit(op.get(ACCUM), op.if);
        emit(op.get(CA), op.get(CA), op.v128Load(16 * c), op.get(acc), op.f32x4Add, op.v128Store(16 * c));
        emit(op.else);
        emit(op.get(CA), op.get(acc), op.v128Store(16 * c));
        emit(op.end);
      }
    }
  };

  /** All column blocks of the rows at I: eight columns at a time, then four. */
  const columns = (rows: number) => {
    emit(op.i32(0), op.set(J));
    emit(op.block, op.loop);
    emit(op.get(J), op.i32(8), op.add, op.get(N), op.gtS, op.brIf(1));
    block(rows, 2);
    emit(op.get(J), op.i32(8), op.add, op.set(J), op.br(0));
    emit(op.end, op.end);
    emit(op.get(J), op.i32(4), op.add, op.get(N), op.gtS, op.eqz, op.if);
    block(rows, 1);
    emit(op.end);
  };

  emit(op.i32(0), op.set(I));
  for (const rows of [4, 1]) {
    emit(op.block, op.loop);
    emit(op.get(I), op.i32(rows), op.add, op.get(M), op.gtS, op.brIf(1));
    columns(rows);
    emit(op.get(I), op.i32(rows), op.add, op.set(I), op.br(0));
    emit(op.end, op.end);
  }
  return { name: 'gemm32', params: 12, i32Locals: I32S, f64Locals: 0, v128Locals: 11, code };
}
