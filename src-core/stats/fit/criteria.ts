/**
 * Information criteria and Vuong's test.
 *  AIC = 2k - 2 logL; AICc = AIC + 2k(k+1)/(n-k-1) (Hurvich & Tsai 1989); BIC = k log n - 2 logL (Schwarz 1978);
 *  Akaike weights w_i = exp(-delta_i/2) / sum_j exp(-delta_j/2) with delta_i = AIC_i - min AIC (Burnham & Anderson 2002).
 *  Vuong (1989) non-nested likelihood-ratio test: with d_i = log f_a(x_i) - log f_b(x_i), R = sum d_i and
 *  statistic = R / (sd(d) sqrt n) (sd with ddof 0), asymptotically N(0, 1); two-sided p = erfc(|statistic| / sqrt 2).
 *  This is the powerlaw package's distribution_compare(..., normalized_ratio=True) (Clauset et al. 2009, sec. 5).
 */
import { erfc } from '../special/erf';

export interface InformationCriteria {
  logLik: number;
  k: number;
  n: number;
  aic: number;
  aicc: number;
  bic: number;
}

export function informationCriteria(logLik: number, k: number, n: number): InformationCriteria {
  const aic = 2 * k - 2 * logLik;
  const aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  return { logLik, k, n, aic, aicc, bic: k * Math.log(n) - 2 * logLik };
}

/** Akaike weights of a list of criterion values (AIC by default); non-finite values get weight 0. */
export function akaikeWeights(values: readonly number[]): number[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return values.map(() => NaN);
  const best = Math.min(...finite);
  const raw = values.map((v) => (Number.isFinite(v) ? Math.exp(-(v - best) / 2) : 0));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => r / total);
}

export interface VuongResult {
  a: string;
  b: string;
  /** Log-likelihood ratio sum log f_a - log f_b. */
  R: number;
  /** Normalised ratio R / (sd sqrt n); positive favours a. */
  statistic: number;
  /** Two-sided p-value: small means the sign of the statistic is meaningful. */
  pValue: number;
  /** The family the sign favours (null when the statistic is exactly 0). */
  favoured: string | null;
  n: number;
}

/** Vuong's test from the pointwise log-densities of two fitted models on the same data. */
export function vuongTest(a: string, la: Float64Array, b: string, lb: Float64Array): VuongResult {
  const n = la.length;
  if (lb.length !== n) throw new Error(`Vuong test needs pointwise log-likelihoods of equal length (${n} vs ${lb.length})`);
  let R = 0;
  for (let i = 0; i < n; i++) R += la[i] - lb[i];
  const mean = R / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = la[i] - lb[i] - mean;
    ss += d * d;
  }
  const sd = Math.sqrt(ss / n);
  // Identical pointwise likelihoods: no evidence either way.
  const statistic = sd > 0 ? R / (sd * Math.sqrt(n)) : 0;
  const pValue = sd > 0 ? erfc(Math.abs(statistic) / Math.SQRT2) : 1;
  return { a, b, R, statistic, pValue, favoured: statistic > 0 ? a : statistic < 0 ? b : null, n };
}
