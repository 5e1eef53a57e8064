/**
 * Exact Gaussian samples with a symmetric Toeplitz covariance T_ij = r(|i - j|), i, j < d, without forming T.
 *
 * Primary method: circulant embedding (Dietrich & Newsam 1997, "Fast and exact simulation of stationary Gaussian
 * processes through circulant embedding of the covariance matrix", SIAM J. Sci. Comput. 18(4); Wood & Chan 1994).
 * T is the leading block of an m x m circulant C (m a power of two >= 2(d - 1)) whose first row is r(0..m/2)
 * mirrored. If C's eigenvalues (one FFT of that row) are all >= 0, then for complex white noise Z the real and the
 * imaginary part of FFT(sqrt(lambda / m) Z) are two independent exact N(0, C) draws; their first d entries are
 * N(0, T). Cost O(m log m) per pair of samples, memory O(m).
 *
 * Fallback when no embedding up to 8x that size is non-negative definite: the Durbin-Levinson recursion, which
 * generates x_k = sum_j phi_kj x_{k-j} + sqrt(v_k) eps_k. That lower-triangular map is exactly the Cholesky factor
 * L of T (unique lower-triangular factor with positive diagonal), so the sample is L eps as in the paper's code, at
 * O(d^2) per sample and O(d) extra memory.
 */
import type { Rng } from '../random/rng';
import { createFftPlan, fft, nextPowerOfTwo, type FftPlan } from './fft';

/** r(k) for lag k >= 0; must be defined beyond d - 1 for the embedding. */
export type LagCovariance = (lag: number) => number;

export interface ToeplitzSampler {
  readonly dim: number;
  readonly method: 'circulant-embedding' | 'durbin-levinson';
  /** Embedding length (circulant) or 0. */
  readonly embeddingSize: number;
  /** Writes `rows` independent N(0, T) samples as consecutive rows of `out` (rows x dim, row-major). */
  sample(rng: Rng, rows: number, out?: Float64Array): Float64Array;
}

/** Relative tolerance below which negative embedding eigenvalues count as rounding and are set to 0. */
const EIGEN_TOLERANCE = 1e-12;

export function createToeplitzSampler(dim: number, covariance: LagCovariance, options: { forceLevinson?: boolean } = {}): ToeplitzSampler {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`Toeplitz sampler needs an integer dimension >= 1, got ${dim}`);
  const r0 = covariance(0);
  if (!(r0 > 0) || !Number.isFinite(r0)) throw new RangeError(`Toeplitz covariance needs r(0) > 0, got ${r0}`);
  if (!options.forceLevinson) {
    const base = nextPowerOfTwo(Math.max(2, 2 * (dim - 1)));
    for (let m = base; m <= 8 * base; m *= 2) {
      const eig = embeddingEigenvalues(m, covariance);
      if (eig) return circulantSampler(dim, m, eig);
    }
  }
  return levinsonSampler(dim, covariance);
}

/** Eigenvalues of the circulant with first row r(0), ..., r(m/2), r(m/2 - 1), ..., r(1), or null if not >= 0. */
function embeddingEigenvalues(m: number, covariance: LagCovariance): Float64Array | null {
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let k = 0; k <= m / 2; k++) {
    const v = covariance(k);
    re[k] = v;
    if (k > 0 && k < m / 2) re[m - k] = v;
  }
  fft(createFftPlan(m), re, im);
  let max = 0;
  for (let j = 0; j < m; j++) max = Math.max(max, re[j]);
  for (let j = 0; j < m; j++) {
    if (re[j] < -EIGEN_TOLERANCE * max) return null;
    if (re[j] < 0) re[j] = 0;
  }
  return re;
}

function circulantSampler(dim: number, m: number, eigenvalues: Float64Array): ToeplitzSampler {
  const plan: FftPlan = createFftPlan(m);
  const scale = new Float64Array(m);
  for (let j = 0; j < m; j++) scale[j] = Math.sqrt(eigenvalues[j] / m);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  return {
    dim,
    method: 'circulant-embedding',
    embeddingSize: m,
    sample(rng, rows, out = new Float64Array(rows * dim)) {
      if (out.length < rows * dim) throw new RangeError(`Toeplitz sample buffer holds ${out.length}, needs ${rows * dim}`);
      for (let row = 0; row < rows; row += 2) {
        for (let j = 0; j < m; j++) {
          re[j] = scale[j] * rng.normal();
          im[j] = scale[j] * rng.normal();
        }
        fft(plan, re, im);
        out.set(re.subarray(0, dim), row * dim);
        if (row + 1 < rows) out.set(im.subarray(0, dim), (row + 1) * dim);
      }
      return out;
    },
  };
}

function levinsonSampler(dim: number, covariance: LagCovariance): ToeplitzSampler {
  const r = new Float64Array(dim);
  for (let k = 0; k < dim; k++) r[k] = covariance(k);
  return {
    dim,
    method: 'durbin-levinson',
    embeddingSize: 0,
    sample(rng, rows, out = new Float64Array(rows * dim)) {
      const eps = new Float64Array(rows * dim);
      for (let i = 0; i < eps.length; i++) eps[i] = rng.normal();
      return choleskyTimes(r, eps, rows, out);
    },
  };
}

/**
 * x = L eps for each of `rows` rows of eps (rows x d), L the Cholesky factor of the Toeplitz matrix with first column
 * r, by the Durbin-Levinson recursion (Brockwell & Davis, "Time Series: Theory and Methods", Prop. 5.2.1).
 * Throws if T is not positive definite (an innovation variance <= 0), naming the order where it failed.
 */
export function choleskyTimes(r: Float64Array, eps: Float64Array, rows: number, out: Float64Array = new Float64Array(rows * r.length)): Float64Array {
  const d = r.length;
  let phi = new Float64Array(d);
  let next = new Float64Array(d);
  let v = r[0];
  if (!(v > 0)) throw new Error(`Toeplitz matrix is not positive definite: r(0) = ${v}`);
  for (let i = 0; i < rows; i++) out[i * d] = Math.sqrt(v) * eps[i * d];
  for (let k = 1; k < d; k++) {
    // phi_kk = (r(k) - sum_{j<k} phi_{k-1,j} r(k-j)) / v_{k-1}
    let acc = r[k];
    for (let j = 1; j < k; j++) acc -= phi[j] * r[k - j];
    const kappa = acc / v;
    next[k] = kappa;
    for (let j = 1; j < k; j++) next[j] = phi[j] - kappa * phi[k - j];
    v *= 1 - kappa * kappa;
    if (!(v > 0)) throw new Error(`Toeplitz matrix is not positive definite: innovation variance ${v} at order ${k} of ${d}`);
    const tmp = phi;
    phi = next;
    next = tmp;
    const sd = Math.sqrt(v);
    for (let i = 0; i < rows; i++) {
      const base = i * d;
      let s = sd * eps[base + k];
      for (let j = 1; j <= k; j++) s += phi[j] * out[base + k - j];
      out[base + k] = s;
    }
  }
  return out;
}
