/**
 * Fitting a measured final weight distribution without before/after pairs (Pogodin et al. 2024, Sec. 4.4 and
 * Fig. 5): under geometry h the start is a mixture of two constants c1, c2 (weights pi, 1 - pi) and learning adds a
 * Gaussian change in dual coordinates, so
 *
 *   grad_h(w_final) ~ pi N(grad_h(c1), sigma^2) + (1 - pi) N(grad_h(c2), sigma^2),
 *   log p(w) = log[mixture density at grad_h(w)] + log f_h''(w)          (change of variables through grad_h).
 *
 * In dual coordinates this is a two-component Gaussian mixture with a shared variance, and the Jacobian term does
 * not depend on the parameters, so the maximum-likelihood fit is EM on y = grad_h(w) (Dempster, Laird & Rubin 1977)
 * from several starts. The likelihoods of different h are comparable (same data, same number of parameters): this
 * can rule the Euclidean geometry out but, as the paper notes, not pin p down.
 */
import { z } from 'zod';
import { defaultHypotheses } from './dcdf';
import { quantileSorted } from './quantiles';
import { potentialFromName, type Potential } from './potentials';

export const finalFitSchema = z.object({
  hypotheses: z.array(z.string()).min(1).optional(),
  /** Points of each predicted density curve. */
  curvePoints: z.number().int().min(10).max(10_000).default(200),
});
export type FinalFitConfig = z.input<typeof finalFitSchema>;

export interface MixtureParams {
  c1: number;
  c2: number;
  /** Weight of c1. */
  weight: number;
  /** Sd of the Gaussian change in dual coordinates. */
  sigma: number;
}

export interface PotentialFit {
  hypothesis: string;
  /** null when the data are outside the potential's support (reason says why). */
  logLik: number | null;
  reason?: string;
  params: MixtureParams | null;
  /** The predicted density of w_final, to overlay on the data's histogram. */
  curve: { x: Float64Array; density: Float64Array } | null;
}

export interface FinalFitResult {
  n: number;
  fits: PotentialFit[];
  /** Highest log-likelihood. */
  best: string;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Log-likelihood of the data under potential h and the mixture parameters (the model above). */
export function finalDistributionLogLikelihood(pot: Potential, data: Float64Array, params: MixtureParams): number {
  const m1 = pot.grad(params.c1);
  const m2 = pot.grad(params.c2);
  const s = params.sigma;
  const sign = Math.sign(params.c1);
  let ll = 0;
  for (const w of data) {
    if (!pot.allowsSignChange && Math.sign(w) !== sign) return -Infinity;
    const y = pot.grad(w);
    const a = Math.log(params.weight) - 0.5 * ((y - m1) / s) ** 2;
    const b = Math.log(1 - params.weight) - 0.5 * ((y - m2) / s) ** 2;
    const hi = Math.max(a, b);
    ll += hi + Math.log(Math.exp(a - hi) + Math.exp(b - hi)) - Math.log(s) - LOG_SQRT_2PI + Math.log(pot.secondDerivative(w));
  }
  return ll;
}

/** Why `pot` cannot describe these data, or null if it can. */
function supportProblem(pot: Potential, data: Float64Array): string | null {
  let zeros = 0;
  let negative = 0;
  for (const w of data) {
    if (w === 0) zeros++;
    else if (w < 0) negative++;
  }
  const p = pot.p ?? 0;
  if (zeros > 0 && (pot.kind === 'negative-entropy' || (pot.kind === 'p-norm' && p !== 2))) {
    return `${zeros} of ${data.length} values are exactly 0, where the density under ${pot.name} is 0 or infinite`;
  }
  if (pot.kind === 'negative-entropy' && negative > 0 && negative < data.length) {
    return `negative entropy keeps signs from a start of two same-sign constants, but ${negative} of ${data.length} values are negative`;
  }
  return null;
}

/** EM for a two-component, shared-variance Gaussian mixture on y from one start; returns dual-space parameters. */
function emTiedMixture(y: Float64Array, m1: number, m2: number, sd: number): { m1: number; m2: number; pi: number; s: number; ll: number } {
  const n = y.length;
  let pi = 0.5;
  let s = sd;
  const floor = 1e-9 * sd;
  let prevLl = -Infinity;
  const r = new Float64Array(n);
  let ll = -Infinity;
  for (let iter = 0; iter < 3000; iter++) {
    ll = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.log(pi) - 0.5 * ((y[i] - m1) / s) ** 2;
      const b = Math.log(1 - pi) - 0.5 * ((y[i] - m2) / s) ** 2;
      const hi = Math.max(a, b);
      const lse = hi + Math.log(Math.exp(a - hi) + Math.exp(b - hi));
      r[i] = Math.exp(a - lse);
      ll += lse - Math.log(s) - LOG_SQRT_2PI;
    }
    let r1 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      r1 += r[i];
      s1 += r[i] * y[i];
      s2 += (1 - r[i]) * y[i];
    }
    const r2 = n - r1;
    pi = Math.min(1 - 1e-12, Math.max(1e-12, r1 / n));
    if (r1 > 0) m1 = s1 / r1;
    if (r2 > 0) m2 = s2 / r2;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += r[i] * (y[i] - m1) ** 2 + (1 - r[i]) * (y[i] - m2) ** 2;
    s = Math.max(floor, Math.sqrt(ss / n));
    if (Math.abs(ll - prevLl) <= 1e-10 * Math.abs(ll)) break;
    prevLl = ll;
  }
  return { m1, m2, pi, s, ll };
}

export function fitPotentialToFinalDistribution(pot: Potential, data: Float64Array, curvePoints = 200): PotentialFit {
  const problem = supportProblem(pot, data);
  if (problem) return { hypothesis: pot.name, logLik: null, reason: problem, params: null, curve: null };
  const sign = pot.allowsSignChange ? 1 : Math.sign(data[0]);
  const y = Float64Array.from(data, (w) => pot.grad(w));
  const sorted = Float64Array.from(y).sort();
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / y.length);
  if (!(sd > 0)) throw new Error(`final-distribution fit: all ${data.length} values are equal`);
  let best: ReturnType<typeof emTiedMixture> | null = null;
  for (const [qa, qb] of [[0.25, 0.75], [0.1, 0.9], [0.4, 0.6], [0.05, 0.5], [0.5, 0.95]]) {
    const fit = emTiedMixture(y, quantileSorted(sorted, qa), quantileSorted(sorted, qb), sd / 2);
    if (!best || fit.ll > best.ll) best = fit;
  }
  const b = best as ReturnType<typeof emTiedMixture>;
  const params: MixtureParams = { c1: pot.invGrad(b.m1, sign), c2: pot.invGrad(b.m2, sign), weight: b.pi, sigma: b.s };
  let jacobian = 0;
  for (const w of data) jacobian += Math.log(pot.secondDerivative(w));
  return { hypothesis: pot.name, logLik: b.ll + jacobian, params, curve: densityCurve(pot, params, data, curvePoints) };
}

/** The fitted density on an even grid over the data's range (kept off 0 where the density is singular there). */
function densityCurve(pot: Potential, params: MixtureParams, data: Float64Array, points: number): { x: Float64Array; density: Float64Array } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const w of data) {
    lo = Math.min(lo, w);
    hi = Math.max(hi, w);
  }
  const pad = 0.05 * (hi - lo);
  if (pot.kind === 'negative-entropy' || lo > 0) lo = Math.max(lo - pad, lo / 2);
  else lo -= pad;
  hi += pad;
  const x = Float64Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const density = Float64Array.from(x, (w) => {
    if (w === 0 && pot.kind !== 'euclidean') return 0;
    const ll = finalDistributionLogLikelihood(pot, Float64Array.of(w), params);
    return Number.isFinite(ll) ? Math.exp(ll) : 0;
  });
  return { x, density };
}

export function fitFinalDistribution(data: Float64Array, configIn: FinalFitConfig = {}): FinalFitResult {
  const config = finalFitSchema.parse(configIn);
  if (data.length < 5) throw new Error(`final-distribution fit needs at least 5 values, got ${data.length}`);
  let bad = 0;
  for (const w of data) if (!Number.isFinite(w)) bad++;
  if (bad > 0) throw new Error(`final-distribution fit: ${bad} of ${data.length} values are not finite`);
  const hypotheses = config.hypotheses ? config.hypotheses.map(potentialFromName) : defaultHypotheses();
  const fits = hypotheses.map((h) => fitPotentialToFinalDistribution(h, data, config.curvePoints));
  let best: PotentialFit | null = null;
  for (const f of fits) if (f.logLik !== null && (!best || f.logLik > (best.logLik as number))) best = f;
  if (!best) throw new Error(`no potential can describe these data: ${fits.map((f) => f.reason).join('; ')}`);
  return { n: data.length, fits, best: best.hypothesis };
}
