/** The reproducible tanh and the chunked A^T B kernel (SIMD and TypeScript paths give the same bits). */
import { afterEach, describe, expect, it } from 'vitest';
import { tanh } from '@core/rnn/fast-tanh';
import { gemmTN, matvec2 } from '@core/linalg/batched';
import { TN_CHUNK } from '@core/linalg/gemm-tn';
import { pinnedMatvec2, pinWorkspace, setWasmGemmEnabled } from '@core/linalg/wasm-gemm';
import { matmul, matvec, transpose } from '@core/linalg/dense';
import { createRng } from '@core/random/rng';

const fill = (len: number, s: number) => new Float64Array(len).map((_, i) => Math.sin(i * s + 0.3));
const ulp = (v: number) => 2 ** (Math.floor(Math.log2(Math.abs(v))) - 52);

describe('fast tanh', () => {
  it('is within 4 ulp of Math.tanh over the range an RNN sees', () => {
    const rng = createRng(7);
    for (let i = 0; i < 200_000; i++) {
      const x = rng.normal() * [1e-6, 0.3, 1, 4, 12][i % 5];
      const exact = Math.tanh(x);
      expect(Math.abs(tanh(x) - exact)).toBeLessThanOrEqual(4 * ulp(exact));
    }
  });

  it('handles zeros, tiny, saturated and non-finite inputs like Math.tanh', () => {
    for (const x of [0, -0, 1e-310, -1e-20, 2 ** -29, 21.9, -22, 30, 1e300, Infinity, -Infinity, NaN]) {
      expect(Object.is(tanh(x), Math.tanh(x))).toBe(true);
    }
  });

  it('the SIMD kernel computes it bit for bit, edge cases included', () => {
    const rng = createRng(8);
    const edges = [0, -0, 1e-310, -1e-20, 2 ** -28, -(2 ** -28), 2 ** -29, 21.9, 22, -22, 22.01, 30, -1e300, Infinity, -Infinity, NaN];
    const values = Float64Array.from({ length: 40_000 }, (_, i) => i < edges.length ? edges[i] : rng.normal() * [1e-6, 0.3, 1, 4, 12, 40][i % 6]);
    const ws = pinWorkspace(new Float64Array(16), 4, 4, 3 * values.length, 'test-tanh');
    if (ws === null) return; // no WebAssembly SIMD here: nothing to compare
    const src = ws.base, h = src + values.length, fp = h + values.length;
    ws.heap.set(values, src);
    ws.tanhfp(src, h, fp, values.length);
    const hs = ws.heap.subarray(h, h + values.length), fps = ws.heap.subarray(fp, fp + values.length);
    expect(Array.from(hs).every((v, i) => Object.is(v, tanh(values[i])))).toBe(true);
    expect(Array.from(fps).every((v, i) => Object.is(v, 1 - hs[i] * hs[i]))).toBe(true);
  });
});

describe('gemmTN in chunks', () => {
  afterEach(() => setWasmGemmEnabled(true));
  it('equals the dense product, and the SIMD and TypeScript paths are bit-identical', () => {
    for (const [rows, m, n] of [[2 * TN_CHUNK + 37, 13, 10], [300, 200, 3], [3, 1, 9], [TN_CHUNK, 8, 8], [3200, 24, 20]]) {
      const a = fill(rows * m, 0.37), b = fill(rows * n, 0.11);
      const reference = matmul(transpose(a, rows, m), b, m, rows, n);
      const start = fill(m * n, 0.5);
      const results = [true, false].map((simd) => {
        setWasmGemmEnabled(simd);
        const fresh = gemmTN(a, b, rows, m, n, new Float64Array(m * n));
        const accumulated = gemmTN(a, b, rows, m, n, start.slice(), true);
        for (let q = 0; q < m * n; q++) {
          expect(Math.abs(fresh[q] - reference[q])).toBeLessThan(1e-11);
          expect(Math.abs(accumulated[q] - start[q] - reference[q])).toBeLessThan(1e-11);
        }
        return [Array.from(fresh), Array.from(accumulated)];
      });
      expect(results[0]).toEqual(results[1]);
    }
  });
});

describe('pinned matvec2 on sizes that are not a multiple of four', () => {
  it('finishes the last rows in the same order', () => {
    for (const n of [6, 10, 202]) {
      const w = fill(n * n, 0.3), x = fill(n, 0.7), y = fill(n, 1.1);
      const s = new Float64Array(n), t = new Float64Array(n), s2 = new Float64Array(n), t2 = new Float64Array(n);
      pinnedMatvec2(w, n, 'test-edge')!(x, y, s, t);
      matvec2(w, x, y, n, s2, t2);
      expect(Array.from(s)).toEqual(Array.from(s2));
      expect(Array.from(t)).toEqual(Array.from(t2));
      const exact = matvec(w, x, n, n);
      for (let i = 0; i < n; i++) expect(Math.abs(s[i] - exact[i])).toBeLessThan(1e-12);
    }
  });
});

describe('forward pass with the state in WebAssembly memory', () => {
  afterEach(() => setWasmGemmEnabled(true));
  it('gives the TypeScript path\'s trajectory bit for bit', async () => {
    const { createModel } = await import('@core/rnn/init');
    const { forward } = await import('@core/rnn/forward');
    const { rnnModelSchema } = await import('@core/rnn/schema');
    for (const [n, batch, alpha] of [[24, 6, 1], [40, 4, 0.3], [12, 2, 0.7]]) {
      const rng = createRng(n);
      const model = createModel(rnnModelSchema.parse({ n, alpha, gain: 1.7 }), 3, 2, rng);
      for (let i = 0; i < n; i++) { model.params.b[i] = 0.1 * rng.normal(); model.params.x0[i] = rng.normal(); }
      const x = new Float64Array(30 * batch * 3).map(() => rng.normal());
      const runs = [true, false].map((simd) => {
        setWasmGemmEnabled(simd);
        const traj = forward(model, x, 30, batch);
        return [traj.pre, traj.h, traj.fp, traj.y].map((a) => Array.from(a));
      });
      expect(runs[0]).toEqual(runs[1]);
    }
  });
});

describe('lambda_max with the step vectors in WebAssembly memory', () => {
  afterEach(() => setWasmGemmEnabled(true));
  it('equals the TypeScript path bit for bit (voltage and rate forms, SIMD tanh and relu)', async () => {
    const { createModel } = await import('@core/rnn/init');
    const { lyapunovExponents } = await import('@core/rnn/lyapunov');
    const { rnnModelSchema } = await import('@core/rnn/schema');
    for (const [n, form, activation, alpha, inputStd] of [[24, 'voltage', 'tanh', 1, 0], [20, 'rate', 'tanh', 0.5, 0.2], [6, 'voltage', 'tanh', 0.7, 0], [16, 'voltage', 'relu', 0.4, 0.1]] as const) {
      const model = createModel(rnnModelSchema.parse({ n, form, activation, alpha, gain: 1.8 }), 0, 1, createRng(3));
      const opts = { k: 1, steps: 200, warmup: 20, inputStd };
      const runs = [true, false].map((simd) => {
        setWasmGemmEnabled(simd);
        return lyapunovExponents(model, opts, createRng(4)).lambdaMax;
      });
      expect(Number.isFinite(runs[0])).toBe(true);
      expect(runs[0]).toBe(runs[1]);
    }
  });
});
