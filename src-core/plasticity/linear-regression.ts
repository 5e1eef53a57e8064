/**
 * The paper's linear-regression task (Pogodin et al. 2024, Sec. 4.1; linear_regression.py of the authors' code):
 * a bias-free linear model y_hat = X w with D weights and N = floor(D^a) samples, inputs x = L eps + U(-0.5, 0.5) with
 * L L^T = C, C_ij = (-1)^|i-j| / (1 + (|i-j| / s)^c) (s the correlation scale, corr_scale in the code; 1 in the
 * paper's figures), labels uniformly +-1, w_init ~ N(0, 1/D), MSE loss
 * mean_n (x_n.w - y_n)^2, full batch, trained with mirror descent + momentum.
 *
 * x = L eps is drawn with an exact Toeplitz sampler (circulant embedding, Durbin-Levinson fallback): the same
 * distribution as the Cholesky product, without the D x D factor (3.2 GB at D = 20000).
 */
import type { Rng } from '../random/rng';
import { createToeplitzSampler, type ToeplitzSampler } from '../linalg/toeplitz';
import { matvec } from '../linalg/dense';

export interface LinearRegressionData {
  /** Samples N. */
  n: number;
  /** Weights D. */
  d: number;
  /** N x D row-major. */
  x: Float64Array;
  /** +-1 labels. */
  y: Float64Array;
}

/** N = floor(D^a), as numpy's power(...).astype(int) (guarded against pow landing one ulp below an integer). */
export function sampleCount(dim: number, samplesExponent: number): number {
  const n = Math.floor(Math.pow(dim, samplesExponent) * (1 + 1e-12));
  if (n < 1) throw new RangeError(`D^a = ${dim}^${samplesExponent} gives no samples`);
  return n;
}

/** The paper's correlation at lag k: (-1)^k / (1 + (k / s)^c), s = 1 by default (k / 1 = k exactly). */
export function alternatingCorrelation(c: number, scale = 1): (lag: number) => number {
  if (!(c > 0)) throw new RangeError(`correlation exponent c must be > 0, got ${c}`);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`correlation scale s must be > 0, got ${scale}`);
  return (k) => (k % 2 === 0 ? 1 : -1) / (1 + Math.pow(k / scale, c));
}

const samplerCache = new Map<string, ToeplitzSampler>();

/** Builds (and caches: eigenvalues of a 65536-point embedding are worth keeping) the input sampler for (D, c, s). */
export function inputSampler(dim: number, c: number, scale = 1): ToeplitzSampler {
  const key = `${dim}:${c}:${scale}`;
  let s = samplerCache.get(key);
  if (!s) {
    s = createToeplitzSampler(dim, alternatingCorrelation(c, scale));
    if (samplerCache.size > 32) samplerCache.clear();
    samplerCache.set(key, s);
  }
  return s;
}

/** Draws X (N x D) and y; consumes `rng` in a fixed order (Gaussian part, uniform part, labels). */
export function generateLinearRegressionData(rng: Rng, dim: number, n: number, c: number, scale = 1): LinearRegressionData {
  const x = inputSampler(dim, c, scale).sample(rng, n);
  for (let i = 0; i < x.length; i++) x[i] += rng.uniform() - 0.5;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.uniform() < 0.5 ? -1 : 1;
  return { n, d: dim, x, y };
}

/** MSE of X w against y; `residual` receives X w - y. */
export function meanSquaredError(data: LinearRegressionData, w: Float64Array, residual = new Float64Array(data.n)): number {
  matvec(data.x, w, data.n, data.d, residual);
  let s = 0;
  for (let i = 0; i < data.n; i++) {
    residual[i] -= data.y[i];
    s += residual[i] * residual[i];
  }
  return s / data.n;
}
