/**
 * Continuous power law { alpha, xmin }: pdf (alpha - 1)/xmin (x/xmin)^-alpha for x >= xmin, nothing below.
 * Fitted as Clauset, Shalizi & Newman (2009, SIAM Review 51:661, sec. 3.3): for each candidate xmin (the distinct
 * data values) alpha has the closed-form MLE 1 + m / sum log(x_i/xmin) over the m values >= xmin, and xmin is the
 * candidate minimising the Kolmogorov-Smirnov distance between the tail data and the fitted tail. The model
 * describes the tail only: its likelihood is that of the m tail values (see tailSize).
 *
 * With more than EXHAUSTIVE_UP_TO distinct values the scan is coarse-to-fine: an evenly spaced grid of candidates,
 * then a finer grid between the grid neighbours of the best point, and so on (the KS distance is a rough function of
 * xmin, but its large-scale minimum is broad); this may miss the exact global minimum on huge samples.
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { SampleStats } from './sample-stats';

const GRID = 64;
/** Up to this many candidates every one is scored (cost ~ candidates x tail size). */
const EXHAUSTIVE_UP_TO = 5000;

function logpdf(x: number, p: Params): number {
  if (!(x >= p.xmin)) return -Infinity;
  return Math.log((p.alpha - 1) / p.xmin) - p.alpha * Math.log(x / p.xmin);
}

/** Number of values in `sorted` that are >= xmin (the tail the power law describes). */
export function tailSize(sorted: Float64Array, xmin: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < xmin) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/** alpha and the KS distance for the tail sorted[j..]. suffixLog[j] = sum_{i>=j} log sorted[i]. */
function scoreCandidate(logs: Float64Array, suffixLog: Float64Array, j: number): { alpha: number; ks: number } {
  const n = logs.length;
  const m = n - j;
  const lx = logs[j];
  const alpha = 1 + m / (suffixLog[j] - m * lx);
  const e = 1 - alpha;
  let d = 0;
  for (let i = j; i < n; i++) {
    const F = -Math.expm1(e * (logs[i] - lx));
    const k = i - j;
    const dPlus = (k + 1) / m - F;
    const dMinus = F - k / m;
    if (dPlus > d) d = dPlus;
    if (dMinus > d) d = dMinus;
  }
  return { alpha, ks: d };
}

export interface PowerLawScan {
  alpha: number;
  xmin: number;
  ks: number;
  nTail: number;
}

/** The CSN estimate from ascending data (all values > 0, at least two distinct). */
export function fitPowerLawSorted(sorted: Float64Array, exhaustiveUpTo = EXHAUSTIVE_UP_TO): PowerLawScan {
  const n = sorted.length;
  const logs = new Float64Array(n);
  for (let i = 0; i < n; i++) logs[i] = Math.log(sorted[i]);
  const suffixLog = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) suffixLog[i] = suffixLog[i + 1] + logs[i];
  // Candidate xmin: first index of each distinct value, excluding the largest value (a tail needs two points).
  const cand: number[] = [];
  for (let i = 0; i < n; i++) if ((i === 0 || sorted[i] !== sorted[i - 1]) && sorted[i] < sorted[n - 1]) cand.push(i);
  if (cand.length === 0) throw new Error('power law fit needs at least two distinct values');
  let best = { j: cand[0], alpha: NaN, ks: Infinity };
  const consider = (c: number) => {
    const j = cand[c];
    const s = scoreCandidate(logs, suffixLog, j);
    if (s.ks < best.ks) best = { j, alpha: s.alpha, ks: s.ks };
  };
  if (cand.length <= exhaustiveUpTo) {
    for (let c = 0; c < cand.length; c++) consider(c);
  } else {
    // Coarse-to-fine: score GRID evenly spaced candidates in the window, narrow the window to the neighbours of the
    // best one, repeat until the window is small enough to score exhaustively.
    let from = 0;
    let to = cand.length - 1;
    while (to - from + 1 > GRID) {
      const step = (to - from) / (GRID - 1);
      let bestC = from;
      let bestKs = Infinity;
      for (let g = 0; g < GRID; g++) {
        const c = from + Math.round(g * step);
        const sc = scoreCandidate(logs, suffixLog, cand[c]);
        if (sc.ks < bestKs) {
          bestKs = sc.ks;
          bestC = c;
        }
        if (sc.ks < best.ks) best = { j: cand[c], alpha: sc.alpha, ks: sc.ks };
      }
      const nextFrom = Math.max(from, Math.floor(bestC - step));
      const nextTo = Math.min(to, Math.ceil(bestC + step));
      from = nextFrom;
      to = nextTo;
    }
    for (let c = from; c <= to; c++) consider(c);
  }
  return { alpha: best.alpha, xmin: sorted[best.j], ks: best.ks, nTail: n - best.j };
}

function fitStats(s: SampleStats): Params {
  const r = fitPowerLawSorted(s.sorted);
  return { alpha: r.alpha, xmin: r.xmin };
}

export const powerlaw: Family = {
  name: 'powerlaw',
  label: 'Power law (tail)',
  word: 'power law',
  paramNames: ['alpha', 'xmin'],
  paramScaling: { alpha: 'invariant', xmin: 'scale' },
  paramDomain: { alpha: 'positive', xmin: 'positive' },
  positiveOnly: true,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf: (x, p) => (x > p.xmin ? -Math.expm1((1 - p.alpha) * Math.log(x / p.xmin)) : 0),
  logcdf: (x, p) => (x > p.xmin ? Math.log(-Math.expm1((1 - p.alpha) * Math.log(x / p.xmin))) : -Infinity),
  logsf: (x, p) => (x > p.xmin ? (1 - p.alpha) * Math.log(x / p.xmin) : 0),
  quantile: (q, p) => p.xmin * Math.exp(-Math.log1p(-q) / (p.alpha - 1)),
  sample(rng: Rng, n: number, p: Params): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = p.xmin * Math.pow(rng.uniformOpen(), -1 / (p.alpha - 1));
    return out;
  },
  fit: (data) => fitStats(new SampleStats(data)),
  fitStats,
  moments(p) {
    const a = p.alpha;
    const mean = a > 2 ? (p.xmin * (a - 1)) / (a - 2) : Infinity;
    const variance = a > 3 ? (p.xmin * p.xmin * (a - 1)) / (a - 3) - mean * mean : Infinity;
    return { mean, variance };
  },
};
