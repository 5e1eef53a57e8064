/**
 * The WebAssembly SIMD (f64x2) kernels behind gemmNT and gemmTN (batched.ts), as instruction lists; the module also
 * holds the float32 kernels (wasm-f32-gemm.ts, wasm-f32-steps.ts). Written for few
 * instructions per multiply-add (V8 neither fuses nor reorders them): pointers advance by constant steps and every
 * load takes its displacement from the instruction, and B is pre-packed so one pointer reaches four rows. (Unrolling
 * the shared dimension twice made V8's code slower, measured.) No fused multiply-add anywhere, so every lane's sum is the same sequence of IEEE
 * operations as in the TypeScript kernels and the results are bit-identical to theirs.
 *
 * nt(a, bp, m, k, n, out, accumulate) -- C (+)= A B^T on the 2 x 4 block interior (m even; columns 0 .. n - n%4):
 *   A is m x k row-major (k even); B is packed in panels of four rows (`packB` in wasm-gemm.ts): panel q holds
 *   rows 4q..4q+3 as, for each pair of columns p, p+1: b[4q][p], b[4q][p+1], b[4q+1][p], ..., b[4q+3][p+1].
 *   Lane 0 of an accumulator sums the even positions p, lane 1 the odd ones, in order; C = lane0 + lane1
 *   (accumulate: C = C + (lane0 + lane1)). C has row stride n.
 * tn(a, b, rows, m, n, out) -- C += A^T B on the 4 x 4 block interior, A rows x m, B rows x n, C m x n: each output
 *   is the plain sum s = 0 + a[0][i] b[0][j] + a[1][i] b[1][j] + ... in order, then C = C + s.
 */
import { assembleModule, codeBuffer, op, type WasmFunction } from './wasm-asm';
import { tanhfpKernel, vstepKernel } from './wasm-tanh-kernels';
import { gemm32Kernel } from './wasm-f32-gemm';
import { bstep32Kernel, leak32Kernel, readout32Kernel, signal32Kernel, vstep32Kernel } from './wasm-f32-steps';

function ntKernel(): WasmFunction {
  const A = 0, BP = 1, M = 2, K = 3, N = 4, OUT = 5, ACCUM = 6;
  const I = 7, KB = 8, NB = 9, ROW = 10, PANEL = 11, C0 = 12, J = 13, PA0 = 14, PA1 = 15, PB = 16, LAST = 17, ROWEND = 18,
    CA = 19;
  const S = 20; // f64 scratch
  const ACC = 21; // 8 v128: ACC + 4 * row + column
  const X0 = ACC + 8, X1 = X0 + 1, Y = X1 + 1;
  const { code, emit } = codeBuffer();
  // One pair of shared-dimension entries for both rows and four columns; a and b displacements in bytes.
  const pair = (aOff: number, bOff: number) => {
    emit(op.get(PA0), op.v128Load(aOff), op.set(X0), op.get(PA1), op.v128Load(aOff), op.set(X1));
    for (let c = 0; c < 4; c++) {
      emit(op.get(PB), op.v128Load(bOff + 16 * c), op.set(Y));
      for (let r = 0; r < 2; r++) {
        const acc = ACC + 4 * r + c;
        emit(op.get(acc), op.get(r === 0 ? X0 : X1), op.get(Y), op.f64x2Mul, op.f64x2Add, op.set(acc));
      }
    }
  };
  emit(op.get(K), op.i32(3), op.shl, op.set(KB), op.get(N), op.i32(3), op.shl, op.set(NB));
  emit(op.i32(0), op.set(I));
  emit(op.block, op.loop); // rows, two at a time
  emit(op.get(I), op.i32(2), op.add, op.get(M), op.gtS, op.brIf(1));
  emit(op.get(A), op.get(I), op.get(KB), op.mul, op.add, op.set(ROW));
  emit(op.get(ROW), op.get(KB), op.add, op.set(ROWEND));
  emit(op.get(OUT), op.get(I), op.get(NB), op.mul, op.add, op.set(C0));
  emit(op.get(BP), op.set(PANEL), op.i32(0), op.set(J));
  emit(op.block, op.loop); // columns, four at a time
  emit(op.get(J), op.i32(4), op.add, op.get(N), op.gtS, op.brIf(1));
  for (let q = 0; q < 8; q++) emit(op.v128Zero, op.set(ACC + q));
  emit(op.get(ROW), op.set(PA0), op.get(ROWEND), op.set(PA1), op.get(PANEL), op.set(PB));
  emit(op.get(ROWEND), op.i32(16), op.sub, op.set(LAST));
  emit(op.block, op.loop); // shared dimension, two entries per pass
  emit(op.get(PA0), op.get(LAST), op.gtS, op.brIf(1));
  pair(0, 0);
  emit(op.get(PA0), op.i32(16), op.add, op.set(PA0), op.get(PA1), op.i32(16), op.add, op.set(PA1));
  emit(op.get(PB), op.i32(64), op.add, op.set(PB), op.br(0));
  emit(op.end, op.end);
  emit(op.get(PB), op.set(PANEL)); // the next panel starts where this one ended
  for (let r = 0; r < 2; r++) {
    emit(op.get(C0), ...(r === 1 ? [op.get(NB), op.add] : []), op.set(CA));
    for (let c = 0; c < 4; c++) {
      const acc = ACC + 4 * r + c;
      emit(op.get(acc), op.lane(0), op.get(acc), op.lane(1), op.f64Add, op.set(S));
      // out = accumulate ? out + s : s
      emit(op.get(CA), op.get(CA), op.f64Load(8 * c), op.get(S), op.f64Add, op.get(S), op.get(ACCUM), op.select, op.f64Store(8 * c));
    }
  }
  emit(op.get(C0), op.i32(32), op.add, op.set(C0));
  emit(op.get(J), op.i32(4), op.add, op.set(J), op.br(0));
  emit(op.end, op.end);
  emit(op.get(I), op.i32(2), op.add, op.set(I), op.br(0));
  emit(op.end, op.end);
  return { name: 'nt', params: 7, i32Locals: S - 7, f64Locals: 1, v128Locals: 11, code };
}

function tnKernel(): WasmFunction {
  const A = 0, B = 1, ROWS = 2, M = 3, N = 4, OUT = 5;
  const I = 6, J = 7, MB = 8, NB = 9, PA = 10, PB = 11, R = 12, CA = 13;
  const ACC = 14; // 8 v128: ACC + 2 * row + half
  const X = ACC + 8, Y0 = X + 1, Y1 = Y0 + 1;
  const { code, emit } = codeBuffer();
  emit(op.get(M), op.i32(3), op.shl, op.set(MB), op.get(N), op.i32(3), op.shl, op.set(NB));
  emit(op.i32(0), op.set(I));
  emit(op.block, op.loop); // output rows i, four at a time
  emit(op.get(I), op.i32(4), op.add, op.get(M), op.gtS, op.brIf(1));
  emit(op.i32(0), op.set(J));
  emit(op.block, op.loop); // output columns j, four at a time
  emit(op.get(J), op.i32(4), op.add, op.get(N), op.gtS, op.brIf(1));
  for (let q = 0; q < 8; q++) emit(op.v128Zero, op.set(ACC + q));
  emit(op.get(A), op.get(I), op.i32(3), op.shl, op.add, op.set(PA));
  emit(op.get(B), op.get(J), op.i32(3), op.shl, op.add, op.set(PB));
  emit(op.get(ROWS), op.set(R));
  emit(op.block, op.loop); // the summed rows r
  emit(op.get(R), op.eqz, op.brIf(1));
  emit(op.get(PB), op.v128Load(0), op.set(Y0), op.get(PB), op.v128Load(16), op.set(Y1));
  for (let row = 0; row < 4; row++) {
    emit(op.get(PA), op.v128Splat(8 * row), op.set(X));
    emit(op.get(ACC + 2 * row), op.get(X), op.get(Y0), op.f64x2Mul, op.f64x2Add, op.set(ACC + 2 * row));
    emit(op.get(ACC + 2 * row + 1), op.get(X), op.get(Y1), op.f64x2Mul, op.f64x2Add, op.set(ACC + 2 * row + 1));
  }
  emit(op.get(PA), op.get(MB), op.add, op.set(PA), op.get(PB), op.get(NB), op.add, op.set(PB));
  emit(op.get(R), op.i32(1), op.sub, op.set(R), op.br(0));
  emit(op.end, op.end);
  // C[i + row][j .. j + 3] += acc
  for (let row = 0; row < 4; row++) {
    emit(op.get(OUT), op.get(I), op.i32(row), op.add, op.get(N), op.mul, op.get(J), op.add, op.i32(3), op.shl, op.add, op.set(CA));
    for (let half = 0; half < 2; half++) {
      emit(op.get(CA), op.get(CA), op.v128Load(16 * half), op.get(ACC + 2 * row + half), op.f64x2Add, op.v128Store(16 * half));
    }
  }
  emit(op.get(J), op.i32(4), op.add, op.set(J), op.br(0));
  emit(op.end, op.end);
  emit(op.get(I), op.i32(4), op.add, op.set(I), op.br(0));
  emit(op.end, op.end);
  return { name: 'tn', params: 6, i32Locals: ACC - 6, f64Locals: 0, v128Locals: 11, code };
}

export function rnnKernelModule(): Uint8Array {
  return assembleModule([ntKernel(), tnKernel(), tanhfpKernel(), vstepKernel(), gemm32Kernel(), vstep32Kernel(), bstep32Kernel(),
    leak32Kernel(), readout32Kernel(), signal32Kernel()]);
}
