/**
 * k-sample Anderson-Darling test of Scholz & Stephens (1987), as scipy.stats.anderson_ksamp (midrank = true, the
 * version for data with ties, their eq. 7): the standardised statistic, its critical values at the levels of their
 * Table 2 interpolated for k - 1 degrees of freedom, and the approximate significance level obtained by fitting a
 * quadratic to log(level) against the critical values (scipy's method). Outside the tabulated range the level is
 * capped at 0.25 or floored at 0.001, and `pValueBound` says so.
 */
import { sortedFiniteCopy } from './validate';

export const ANDERSON_KSAMP_LEVELS = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001] as const;

export interface AndersonKSampleResult {
  /** Standardised statistic (A2akN - (k-1)) / sigma. */
  statistic: number;
  /** Critical values at ANDERSON_KSAMP_LEVELS. */
  criticalValues: number[];
  significanceLevels: number[];
  /** Approximate p-value (scipy's significance_level). */
  pValue: number;
  /** 'capped': true p above 0.25; 'floored': true p below 0.001; 'none': interpolated. */
  pValueBound: 'none' | 'capped' | 'floored';
}

/** A2akN (Scholz & Stephens eq. 7) from sorted samples, counting with one merge pass per distinct value. */
export function midrankStatistic(samples: Float64Array[], all: Float64Array): number {
  const N = all.length;
  const k = samples.length;
  const pos = new Int32Array(k); // per sample: number of values < current distinct value
  let acc = 0;
  const perSample = new Float64Array(k);
  for (let z = 0; z < N; ) {
    const v = all[z];
    let e = z;
    while (e < N && all[e] === v) e++;
    const lj = e - z;
    const bj = z + lj / 2;
    const denom = bj * (N - bj) - (N * lj) / 4;
    for (let i = 0; i < k; i++) {
      const s = samples[i];
      let p = pos[i];
      const below = p;
      while (p < s.length && s[p] === v) p++;
      pos[i] = p;
      const fij = p - below;
      const mij = p - fij / 2;
      const t = N * mij - bj * s.length;
      perSample[i] += ((lj / N) * t * t) / denom;
    }
    z = e;
  }
  for (let i = 0; i < k; i++) acc += perSample[i] / samples[i].length;
  return (acc * (N - 1)) / N;
}

/** Variance of A2kN under the null for samples of these sizes (Scholz & Stephens eq. 4). */
export function nullVariance(sizes: readonly number[]): number {
  const k = sizes.length;
  const N = sizes.reduce((t, s) => t + s, 0);
  const H = sizes.reduce((t, s) => t + 1 / s, 0);
  let h = 0; // sum_{i=1}^{N-1} 1/i
  for (let i = 1; i <= N - 1; i++) h += 1 / i;
  // g = sum_{i=1}^{N-2} sum_{j=i+1}^{N-1} 1/((N-i) j), accumulated over i with the tail sums of 1/j.
  let g = 0;
  let tail = 0; // sum_{j=i+1}^{N-1} 1/j for the current i, built from i = N-2 down
  for (let i = N - 2; i >= 1; i--) {
    tail += 1 / (i + 1);
    g += tail / (N - i);
  }
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k * k - 4 * h * k;
  return (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
}

/** The standardised statistic (A2akN - (k - 1)) / sigma of A2akN for samples of these sizes. */
export function standardiseA2kN(a2kN: number, sizes: readonly number[]): number {
  return (a2kN - (sizes.length - 1)) / Math.sqrt(nullVariance(sizes));
}

/** Least-squares quadratic through (x_i, y_i): coefficients [c2, c1, c0], by modified Gram-Schmidt QR. */
function quadraticFit(x: number[], y: number[]): [number, number, number] {
  const n = x.length;
  const cols = [x.map((v) => v * v), x.slice(), x.map(() => 1)];
  const R = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const Q: number[][] = [];
  for (let j = 0; j < 3; j++) {
    const v = cols[j].slice();
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += Q[i][r] * v[r];
      R[i][j] = dot;
      for (let r = 0; r < n; r++) v[r] -= dot * Q[i][r];
    }
    const norm = Math.sqrt(v.reduce((s, t) => s + t * t, 0));
    R[j][j] = norm;
    Q.push(v.map((t) => t / norm));
  }
  const qty = Q.map((q) => q.reduce((s, t, r) => s + t * y[r], 0));
  const c = [0, 0, 0];
  for (let j = 2; j >= 0; j--) {
    let s = qty[j];
    for (let l = j + 1; l < 3; l++) s -= R[j][l] * c[l];
    c[j] = s / R[j][j];
  }
  return [c[0], c[1], c[2]];
}

/** Anderson-Darling k-sample test (k >= 2), as scipy.stats.anderson_ksamp(samples, midrank=True). */
export function andersonKSample(samplesIn: ArrayLike<number>[]): AndersonKSampleResult {
  const k = samplesIn.length;
  if (k < 2) throw new Error(`the k-sample Anderson-Darling test needs at least 2 samples, got ${k}`);
  const samples = samplesIn.map((s, i) => sortedFiniteCopy(s, `sample ${i + 1}`, 1));
  const N = samples.reduce((t, s) => t + s.length, 0);
  const all = new Float64Array(N);
  let off = 0;
  for (const s of samples) {
    all.set(s, off);
    off += s.length;
  }
  all.sort();
  let distinct = 1;
  for (let i = 1; i < N; i++) if (all[i] !== all[i - 1]) distinct++;
  if (distinct < 2) throw new Error(`the k-sample Anderson-Darling test needs at least 2 distinct values, got ${distinct} among ${N}`);
  if (N < 4) throw new Error(`the k-sample Anderson-Darling test needs at least 4 values in all, got ${N}`);
  const A2kN = midrankStatistic(samples, all);

  const sigmaSq = nullVariance(samples.map((x) => x.length));
  const m = k - 1;
  const statistic = (A2kN - m) / Math.sqrt(sigmaSq);

  // Scholz & Stephens Table 2 interpolation coefficients.
  const b0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
  const b1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
  const b2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
  const crit = b0.map((v, i) => v + b1[i] / Math.sqrt(m) + b2[i] / m);
  const levels = [...ANDERSON_KSAMP_LEVELS];
  let pValue: number;
  let pValueBound: AndersonKSampleResult['pValueBound'] = 'none';
  if (statistic < Math.min(...crit)) {
    pValue = Math.max(...levels);
    pValueBound = 'capped';
  } else if (statistic > Math.max(...crit)) {
    pValue = Math.min(...levels);
    pValueBound = 'floored';
  } else {
    const [c2, c1, c0] = quadraticFit(crit, levels.map(Math.log));
    pValue = Math.exp((c2 * statistic + c1) * statistic + c0);
  }
  return { statistic, criticalValues: crit, significanceLevels: levels, pValue, pValueBound };
}
