/**
 * Log-logistic { scale s, shape c } with location 0 (scipy fisk(c, scale = s)): F(x) = 1 / (1 + (x/s)^-c).
 * log X is logistic with location log s and scale 1/c. In the parameters a = c, t = c log s the logistic
 * log-likelihood n log a + sum f(a l_i - t), with f(z) = -|z| - 2 log(1 + e^-|z|) concave, is jointly concave, so
 * Newton's method with a backtracking line search finds the unique maximum from any start.
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { SampleStats } from './sample-stats';

/** f(z) = log of the standard logistic density, evaluated without overflow. */
function logLogisticDensity(z: number): number {
  const a = Math.abs(z);
  return -a - 2 * Math.log1p(Math.exp(-a));
}

function logpdf(x: number, p: Params): number {
  if (!(x > 0)) return -Infinity;
  const l = Math.log(x);
  return Math.log(p.shape) + logLogisticDensity(p.shape * (l - Math.log(p.scale))) - l;
}

/** log(1 + e^z) without overflow. */
function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

interface Evaluation {
  ll: number;
  ga: number;
  gt: number;
  haa: number;
  hat: number;
  htt: number;
}

/** Log-likelihood (logistic part), gradient and Hessian in (a, t) for centred logs u. */
function evaluate(u: Float64Array, a: number, t: number): Evaluation {
  const n = u.length;
  let ll = 0;
  let sfu = 0; // sum f'(z) u
  let sf = 0; // sum f'(z)
  let sf2u2 = 0;
  let sf2u = 0;
  let sf2 = 0;
  for (let i = 0; i < n; i++) {
    const ui = u[i];
    const z = a * ui - t;
    const az = Math.abs(z);
    const e = Math.exp(-az);
    const onePlus = 1 + e;
    ll += -az - 2 * Math.log1p(e);
    const th = (1 - e) / onePlus; // tanh(|z|/2)
    const d1 = z >= 0 ? -th : th; // f'(z) = -tanh(z/2)
    const d2 = (-2 * e) / (onePlus * onePlus); // f''(z) = -2 p (1 - p)
    sfu += d1 * ui;
    sf += d1;
    sf2u2 += d2 * ui * ui;
    sf2u += d2 * ui;
    sf2 += d2;
  }
  return { ll: n * Math.log(a) + ll, ga: n / a + sfu, gt: -sf, haa: -n / (a * a) + sf2u2, hat: -sf2u, htt: sf2 };
}

function fitStats(st: SampleStats): Params {
  const logs = st.logs;
  const n = st.n;
  const lbar = st.logMean;
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = logs[i] - lbar;
  // Moment start: the logistic with scale b has sd b pi / sqrt 3.
  let a = Math.PI / Math.sqrt(3 * st.logVariance);
  let t = 0;
  let cur = evaluate(u, a, t);
  for (let iter = 0; iter < 200; iter++) {
    const det = cur.haa * cur.htt - cur.hat * cur.hat;
    // Newton direction d = -H^{-1} g (H is negative definite by concavity).
    let da = -(cur.htt * cur.ga - cur.hat * cur.gt) / det;
    let dt = -(-cur.hat * cur.ga + cur.haa * cur.gt) / det;
    if (!(Number.isFinite(da) && Number.isFinite(dt))) {
      da = cur.ga * 1e-3;
      dt = cur.gt * 1e-3;
    }
    const decrement = cur.ga * da + cur.gt * dt;
    if (decrement < 1e-24 * n) break;
    let step = 1;
    let next: Evaluation | null = null;
    for (let h = 0; h < 60; h++) {
      const an = a + step * da;
      if (an > 0) {
        const trial = evaluate(u, an, t + step * dt);
        if (trial.ll >= cur.ll) {
          next = trial;
          a = an;
          t += step * dt;
          break;
        }
      }
      step *= 0.5;
    }
    if (next === null) break;
    const moved = Math.abs(step * da) / a + Math.abs(step * dt) / (1 + Math.abs(t));
    cur = next;
    if (moved < 1e-15) break;
  }
  return { scale: Math.exp(lbar + t / a), shape: a };
}

export const loglogistic: Family = {
  name: 'loglogistic',
  label: 'Log-logistic',
  word: 'log-logistic',
  paramNames: ['scale', 'shape'],
  paramScaling: { scale: 'scale', shape: 'invariant' },
  paramDomain: { scale: 'positive', shape: 'positive' },
  positiveOnly: true,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf: (x, p) => (x > 0 ? 1 / (1 + Math.pow(x / p.scale, -p.shape)) : 0),
  logcdf: (x, p) => (x > 0 ? -log1pExp(-p.shape * (Math.log(x) - Math.log(p.scale))) : -Infinity),
  logsf: (x, p) => (x > 0 ? -log1pExp(p.shape * (Math.log(x) - Math.log(p.scale))) : 0),
  quantile: (q, p) => p.scale * Math.pow(q / (1 - q), 1 / p.shape),
  sample(rng: Rng, n: number, p: Params): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const q = rng.uniformOpen();
      out[i] = p.scale * Math.pow(q / (1 - q), 1 / p.shape);
    }
    return out;
  },
  fit: (data) => fitStats(new SampleStats(data)),
  fitStats,
  logLikelihood(s, p) {
    const logs = s.logs;
    const c = p.shape;
    const ls = Math.log(p.scale);
    let sum = 0;
    for (let i = 0; i < logs.length; i++) sum += logLogisticDensity(c * (logs[i] - ls));
    return s.n * Math.log(c) + sum - s.sumLog;
  },
  observedInformation(s, p) {
    // Hessian in (a, t) = (c, c (log s - mean log)) from the fit's own pass, mapped to (scale, shape) by the chain
    // rule (the gradient term vanishes at the maximum).
    const logs = s.logs;
    const lbar = s.logMean;
    const u = new Float64Array(s.n);
    for (let i = 0; i < s.n; i++) u[i] = logs[i] - lbar;
    const c = p.shape;
    const L = Math.log(p.scale) - lbar;
    const e = evaluate(u, c, c * L);
    const js = c / p.scale;
    const hss = js * js * e.htt;
    const hsc = js * (e.hat + L * e.htt);
    const hcc = e.haa + 2 * L * e.hat + L * L * e.htt;
    return Float64Array.of(-hss, -hsc, -hsc, -hcc);
  },
  moments(p) {
    const c = p.shape;
    if (c <= 1) return { mean: Infinity, variance: Infinity };
    const b = Math.PI / c;
    const mean = (p.scale * b) / Math.sin(b);
    const variance = c <= 2 ? Infinity : p.scale * p.scale * ((2 * b) / Math.sin(2 * b) - (b * b) / (Math.sin(b) * Math.sin(b)));
    return { mean, variance };
  },
};
