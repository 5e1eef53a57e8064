import { afterEach, describe, expect, it } from 'vitest';
import { gemmNN, gemmNT, gemmTN, matvec2 } from '@core/linalg/batched';
import { setWasmGemmEnabled, wasmGemmAvailable } from '@core/linalg/wasm-gemm';
import { matmul, matvec, transpose } from '@core/linalg/dense';

const fill = (len: number, s: number) => new Float64Array(len).map((_, i) => Math.sin(i * s + 0.3));

function maxDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('batch kernels agree with the plain dense kernels', () => {
  afterEach(() => setWasmGemmEnabled(true));
  const shapes = [[1, 1, 1], [2, 16, 4], [7, 18, 9], [33, 200, 201], [32, 3, 200], [5, 31, 6]];
  for (const simd of [true, false]) {
    for (const [m, k, n] of shapes) {
      it(`${simd ? 'SIMD' : 'TypeScript'} gemmNT / gemmNN / gemmTN ${m}x${k}x${n}`, () => {
        setWasmGemmEnabled(simd);
        const a = fill(m * k, 0.37), b = fill(n * k, 0.11), bkn = fill(k * n, 0.23);
        const reference = matmul(a, transpose(b, n, k), m, k, n);
        const out = fill(m * n, 0.5), start = out.slice();
        gemmNT(a, b, m, k, n, out, true);
        for (let i = 0; i < out.length; i++) out[i] -= start[i];
        expect(maxDiff(out, reference)).toBeLessThan(1e-12);
        expect(maxDiff(gemmNT(a, b, m, k, n, new Float64Array(m * n)), reference)).toBeLessThan(1e-12);
        expect(maxDiff(gemmNN(a, bkn, m, k, n, new Float64Array(m * n)), matmul(a, bkn, m, k, n))).toBeLessThan(1e-12);
        // gemmTN: A stored k x m (rows = k).
        const at = transpose(a, m, k);
        expect(maxDiff(gemmTN(at, bkn, k, m, n, new Float64Array(m * n)), matmul(a, bkn, m, k, n))).toBeLessThan(1e-12);
      });
    }
  }

  it('SIMD and TypeScript paths are bit-identical (same summation order), so runs do not depend on the platform', () => {
    for (const [m, k, n] of [[32, 200, 200], [33, 64, 203], [200, 3200, 200]]) {
      const a = fill(m * k, 0.37), b = fill(n * k, 0.11);
      setWasmGemmEnabled(true);
      const simd = gemmNT(a, b, m, k, n, fill(m * n, 0.9), true);
      setWasmGemmEnabled(false);
      const plain = gemmNT(a, b, m, k, n, fill(m * n, 0.9), true);
      expect(Array.from(simd)).toEqual(Array.from(plain));
    }
  });

  it('the SIMD kernel loads here (Node 22 has WebAssembly SIMD)', () => {
    expect(wasmGemmAvailable()).toBe(true);
  });

  it('offsets select sub-blocks', () => {
    const a = fill(6 * 20, 0.1), b = fill(8 * 20, 0.2);
    const out = new Float64Array(10 + 2 * 8);
    gemmNT(a, b, 2, 20, 8, out, false, 40, 10);
    expect(maxDiff(out.subarray(10), matmul(a.subarray(40, 80), transpose(b, 8, 20), 2, 20, 8))).toBeLessThan(1e-12);
    expect(Array.from(out.subarray(0, 10))).toEqual(new Array(10).fill(0));
  });

  it('matvec2 equals two matvecs', () => {
    for (const n of [1, 2, 7, 64]) {
      const w = fill(n * n, 0.3), x = fill(n, 0.7), y = fill(n, 1.1);
      const s = new Float64Array(n), t = new Float64Array(n);
      matvec2(w, x, y, n, s, t);
      expect(maxDiff(s, matvec(w, x, n, n))).toBeLessThan(1e-13);
      expect(maxDiff(t, matvec(w, y, n, n))).toBeLessThan(1e-13);
    }
  });
});

describe('pinned SIMD matvec2', () => {
  it('equals two matvecs and falls back (null) for odd n', async () => {
    const { pinnedMatvec2 } = await import('@core/linalg/wasm-gemm');
    for (const n of [2, 8, 200]) {
      const w = fill(n * n, 0.3), x = fill(n, 0.7), y = fill(n, 1.1);
      const mv = pinnedMatvec2(w, n)!;
      const s = new Float64Array(n), t = new Float64Array(n);
      mv(x, y, s, t);
      expect(maxDiff(s, matvec(w, x, n, n))).toBeLessThan(1e-12);
      const s2 = new Float64Array(n), t2 = new Float64Array(n);
      matvec2(w, x, y, n, s2, t2);
      expect(Array.from(s)).toEqual(Array.from(s2)); // bit-identical to the TypeScript version
      expect(Array.from(t)).toEqual(Array.from(t2));
      expect(maxDiff(t, matvec(w, y, n, n))).toBeLessThan(1e-12);
      // W is pinned: new vectors reuse it.
      mv(y, x, s, t);
      expect(maxDiff(s, matvec(w, y, n, n))).toBeLessThan(1e-12);
    }
    expect(pinnedMatvec2(fill(9, 1), 3)).toBeNull();
  });
});

describe('pinned SIMD gemm', () => {
  it('is bit-identical to gemmNT, declines shapes it does not cover, and its slot can be re-pinned', async () => {
    const { pinnedGemmNT } = await import('@core/linalg/wasm-gemm');
    for (const [m, k, n] of [[32, 200, 200], [4, 64, 12]]) {
      const a = fill(3 * m * k, 0.37), b = fill(n * k, 0.11);
      const pinned = pinnedGemmNT(b, n, k, m, 'test')!;
      for (const accumulate of [false, true]) {
        const out = fill(m * n + 5, 0.2), expected = out.slice();
        expect(pinned(a, m, out, accumulate, m * k, 5)).toBe(true);
        gemmNT(a, b, m, k, n, expected, accumulate, m * k, 5);
        expect(Array.from(out)).toEqual(Array.from(expected));
      }
      expect(pinned(a, m + 2, new Float64Array((m + 2) * n), false, 0, 0)).toBe(false); // more rows than pinned for
    }
    expect(pinnedGemmNT(fill(6 * 15, 1), 6, 15, 4, 'test')).toBeNull(); // odd k
  });
});
