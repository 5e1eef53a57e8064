import { describe, expect, it } from 'vitest';
import { createFftPlan, fft } from '@core/linalg/fft';
import { choleskyTimes, createToeplitzSampler } from '@core/linalg/toeplitz';
import { alternatingCorrelation, generateLinearRegressionData, inputSampler } from '@core/plasticity/linear-regression';
import { dataStream, linearRegressionProblem } from '@core/plasticity/linear-regression-run';
import { createRng } from '@core/random/rng';
import { maxRelativeError, reference } from './fixture';
import scaleReference from '../../fixtures/plasticity/correlation-scale-reference.json';

function sampleCovarianceError(method: 'circulant' | 'levinson', c: number): { maxAbsError: number; sampler: string } {
  const d = 24;
  const rows = 20000;
  const r = alternatingCorrelation(c);
  const sampler = createToeplitzSampler(d, r, { forceLevinson: method === 'levinson' });
  const x = sampler.sample(createRng(5), rows);
  let worst = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < rows; t++) s += x[t * d + i] * x[t * d + j];
      worst = Math.max(worst, Math.abs(s / rows - r(i - j)));
    }
  }
  return { maxAbsError: worst, sampler: sampler.method };
}

describe('FFT', () => {
  it('matches numpy.fft.fft and inverts', () => {
    const f = reference.fft;
    const re = Float64Array.from(f.re);
    const im = Float64Array.from(f.im);
    fft(createFftPlan(16), re, im);
    for (let i = 0; i < 16; i++) {
      expect(Math.abs(re[i] - f.outRe[i])).toBeLessThan(1e-13);
      expect(Math.abs(im[i] - f.outIm[i])).toBeLessThan(1e-13);
    }
    fft(createFftPlan(16), re, im, true);
    expect(maxRelativeError(re, f.re)).toBeLessThan(1e-13);
  });

  it('refuses a length that is not a power of two', () => {
    expect(() => createFftPlan(12)).toThrow(/power of two.*12/);
  });
});

describe('Toeplitz Gaussian sampler', () => {
  for (const c of [1, 2]) {
    it(`Durbin-Levinson gives exactly numpy's cholesky(C) @ eps (c = ${c})`, () => {
      const t = reference.toeplitz[String(c)];
      const r = Float64Array.from({ length: t.d }, (_, k) => alternatingCorrelation(c)(k));
      const x = choleskyTimes(r, Float64Array.from(t.eps), 3);
      expect(maxRelativeError(x, t.x, 1e-3)).toBeLessThan(1e-12);
    });

    it(`circulant embedding is non-negative definite and its sample covariance matches C (c = ${c})`, () => {
      const { maxAbsError, sampler } = sampleCovarianceError('circulant', c);
      expect(sampler).toBe('circulant-embedding');
      // 20000 samples: the standard error of a covariance entry is <= sqrt(2/20000) = 0.01.
      expect(maxAbsError).toBeLessThan(0.045);
    });
  }

  it('the fallback path has the right covariance too', () => {
    const { maxAbsError, sampler } = sampleCovarianceError('levinson', 2);
    expect(sampler).toBe('durbin-levinson');
    expect(maxAbsError).toBeLessThan(0.045);
  });

  it('uses circulant embedding at the paper width D = 20000', () => {
    const s = createToeplitzSampler(20000, alternatingCorrelation(1));
    expect(s.method).toBe('circulant-embedding');
    expect(s.embeddingSize).toBe(65536);
  });

  it('falls back when no embedding is non-negative definite, and refuses a non-positive-definite matrix', () => {
    // Positive definite on lags < 6, but the lags the embedding adds beyond (never used by T) are wild, so every
    // embedding has negative eigenvalues: the sampler must notice and take the exact fallback.
    const wild = (k: number) => (k === 0 ? 1 : k < 6 ? 0.2 / k : k % 3 === 0 ? -3 : 1);
    const s = createToeplitzSampler(6, wild);
    expect(s.method).toBe('durbin-levinson');
    expect(s.sample(createRng(1), 3).length).toBe(18);
    expect(() => createToeplitzSampler(5, (k) => (k === 0 ? 1 : k === 1 ? 1.2 : 0)).sample(createRng(1), 2)).toThrow(/not positive definite/);
  });
});

describe('thin-block products', () => {
  it('the WebAssembly SIMD kernel is available here and bit-identical to the JavaScript kernel', async () => {
    const { timesThinBlock, timesThinBlockFast } = await import('@core/linalg/block-kernels');
    const { wasmThinBlock, wasmThinBlockAvailable } = await import('@core/linalg/wasm-thin-block');
    expect(wasmThinBlockAvailable()).toBe(true);
    const rng = createRng(17);
    for (const [m, n, k] of [[3, 5, 16], [7, 9, 11], [40, 300, 16], [300, 40, 3], [5, 4, 1], [37, 2000, 1], [2000, 37, 1], [64, 1500, 24]]) {
      const a = Float64Array.from({ length: m * n }, () => rng.normal());
      const b = Float64Array.from({ length: n * k }, () => rng.normal());
      const js = timesThinBlock(a, m, n, b, k, new Float64Array(m * k));
      const wasm = wasmThinBlock(a, m, n, b, k, new Float64Array(m * k)) as Float64Array;
      expect(Array.from(wasm)).toEqual(Array.from(js));
      // the cached copy of A is reused on the next call with a new B
      const b2 = Float64Array.from(b, (v) => 2 * v);
      expect(Array.from(timesThinBlockFast(a, m, n, b2, k, new Float64Array(m * k)))).toEqual(Array.from(timesThinBlock(a, m, n, b2, k, new Float64Array(m * k))));
      // and matches a plain triple loop to rounding
      for (let i = 0; i < m; i++) {
        for (let c = 0; c < k; c++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += a[i * n + j] * b[j * k + c];
          expect(js[i * k + c]).toBe(s);
        }
      }
    }
  });
});

describe('input correlation scale s (the code\'s corr_scale)', () => {
  for (const t of scaleReference) {
    it(`C_ij = (-1)^k / (1 + (k / s)^c) and cholesky(C) @ eps match numpy (c = ${t.c}, s = ${t.scale})`, () => {
      const corr = alternatingCorrelation(t.c, t.scale);
      const r = Float64Array.from({ length: t.d }, (_, k) => corr(k));
      expect(maxRelativeError(r, t.lagCovariance)).toBeLessThan(1e-15);
      expect(maxRelativeError(choleskyTimes(r, Float64Array.from(t.eps), 3), t.x, 1e-3)).toBeLessThan(1e-12);
    });
  }

  it('s = 1 is the paper\'s correlation exactly, and a wider scale keeps inputs correlated over longer lags', () => {
    for (const k of [0, 1, 2, 7, 30]) expect(alternatingCorrelation(2, 1)(k)).toBe(alternatingCorrelation(2)(k));
    expect(Math.abs(alternatingCorrelation(2, 10)(5))).toBeGreaterThan(Math.abs(alternatingCorrelation(2, 1)(5)));
    expect(() => alternatingCorrelation(2, 0)).toThrow(/scale s must be > 0/);
  });

  it('a linear-regression run with s = 3 draws inputs of that covariance (sample covariance of 8000 rows)', () => {
    const d = 12;
    const x = inputSampler(d, 1, 3).sample(createRng(3), 8000);
    const corr = alternatingCorrelation(1, 3);
    for (const lag of [1, 4]) {
      let s = 0;
      for (let t = 0; t < 8000; t++) s += x[t * d] * x[t * d + lag];
      expect(Math.abs(s / 8000 - corr(lag))).toBeLessThan(0.05);
    }
  });

  it('a run\'s configuration carries the scale to its data', () => {
    const config = { dim: 50, samplesExponent: 0.5, correlation: 2, correlationScale: 3, seed: 4, init: { kind: 'normal' as const, mean: 0 } };
    const { data } = linearRegressionProblem(config, 'train');
    expect(data.x).toEqual(generateLinearRegressionData(createRng(4, dataStream(50, 'train')), 50, 7, 2, 3).x);
    expect(data.x).not.toEqual(linearRegressionProblem({ ...config, correlationScale: 1 }, 'train').data.x);
  });
});
