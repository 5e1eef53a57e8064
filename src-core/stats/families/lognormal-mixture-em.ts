/**
 * Expectation-maximisation for a two-component normal mixture on standardised logs (Dempster, Laird & Rubin 1977;
 * McLachlan & Peel 2000, ch. 2). Several deterministic and seeded starts are run briefly, the best two are run to
 * convergence, and the highest likelihood wins, since EM only finds a local maximum.
 */
import { createRng } from '../../random/rng';

export interface MixtureState {
  w: number;
  m1: number;
  s1: number;
  m2: number;
  s2: number;
}

/**
 * Smallest component sd, as a fraction of the sd of all logs. The mixture likelihood is unbounded when a component
 * collapses onto one (or a few tied) values; bounding the component sd away from zero is the usual constrained MLE
 * (Hathaway 1985, Ann. Stat. 13:795). 5 % is far below the component widths seen in synapse-size data.
 */
export const MIN_COMPONENT_SD = 0.05;
/** Fewer values cannot support five parameters. */
export const MIN_MIXTURE_SIZE = 10;
const LOG_SQRT_2PI = 0.91893853320467274178;
const START_SEED = 0x5eed_2022;

/** Mixture log-likelihood of u (without the Jacobian) for a state. */
export function mixtureLogLik(u: Float64Array, st: MixtureState): number {
  const c1 = Math.log(st.w) - Math.log(st.s1);
  const c2 = Math.log1p(-st.w) - Math.log(st.s2);
  let ll = 0;
  for (let i = 0; i < u.length; i++) {
    const z1 = (u[i] - st.m1) / st.s1;
    const z2 = (u[i] - st.m2) / st.s2;
    const a = c1 - 0.5 * z1 * z1;
    const b = c2 - 0.5 * z2 * z2;
    ll += a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
  }
  return ll - u.length * LOG_SQRT_2PI;
}

/** One EM step from `st`; returns the new state and the log-likelihood of the old one (computed on the way). */
function emStep(u: Float64Array, st: MixtureState): { next: MixtureState; ll: number } {
  const n = u.length;
  const c1 = Math.log(st.w) - Math.log(st.s1);
  const c2 = Math.log1p(-st.w) - Math.log(st.s2);
  const i1 = 1 / st.s1;
  const i2 = 1 / st.s2;
  let ll = 0;
  let r1 = 0;
  let r1u = 0;
  let r2u = 0;
  for (let i = 0; i < n; i++) {
    const x = u[i];
    const z1 = (x - st.m1) * i1;
    const z2 = (x - st.m2) * i2;
    const a = c1 - 0.5 * z1 * z1;
    const b = c2 - 0.5 * z2 * z2;
    let p1: number;
    if (a > b) {
      const e = Math.exp(b - a);
      p1 = 1 / (1 + e);
      ll += a + Math.log1p(e);
    } else {
      const e = Math.exp(a - b);
      p1 = e / (1 + e);
      ll += b + Math.log1p(e);
    }
    r1 += p1;
    r1u += p1 * x;
    r2u += (1 - p1) * x;
  }
  const r2 = n - r1;
  const m1 = r1u / r1;
  const m2 = r2u / r2;
  // Second pass for the variances about the new means (no cancellation of raw second moments).
  let v1 = 0;
  let v2 = 0;
  for (let i = 0; i < n; i++) {
    const x = u[i];
    const z1 = (x - st.m1) * i1;
    const z2 = (x - st.m2) * i2;
    const a = c1 - 0.5 * z1 * z1;
    const b = c2 - 0.5 * z2 * z2;
    const p1 = a > b ? 1 / (1 + Math.exp(b - a)) : 1 - 1 / (1 + Math.exp(a - b));
    const d1 = x - m1;
    const d2 = x - m2;
    v1 += p1 * d1 * d1;
    v2 += (1 - p1) * d2 * d2;
  }
  const next: MixtureState = {
    w: Math.min(1 - 1e-12, Math.max(1e-12, r1 / n)),
    m1,
    s1: Math.max(MIN_COMPONENT_SD, Math.sqrt(v1 / r1)),
    m2,
    s2: Math.max(MIN_COMPONENT_SD, Math.sqrt(v2 / r2)),
  };
  return { next, ll: ll - n * LOG_SQRT_2PI };
}

function validState(s: MixtureState): boolean {
  return [s.w, s.m1, s.s1, s.m2, s.s2].every(Number.isFinite) && s.w > 0 && s.w < 1;
}

/** Runs EM from `start` for at most maxIter steps or until the relative log-likelihood gain is below tol. */
export function runEm(u: Float64Array, start: MixtureState, maxIter: number, tol: number): { state: MixtureState; ll: number } {
  let st = start;
  let prev = -Infinity;
  for (let it = 0; it < maxIter; it++) {
    const { next, ll } = emStep(u, st);
    if (!validState(next)) break;
    if (ll - prev <= tol * Math.abs(ll) && it > 0) return { state: st, ll };
    prev = ll;
    st = next;
  }
  return { state: st, ll: mixtureLogLik(u, st) };
}

/** Deterministic quantile-split starts plus seeded random starts (component means at random data points). */
export function startingStates(sortedU: Float64Array, randomStarts = 4): MixtureState[] {
  const n = sortedU.length;
  const starts: MixtureState[] = [];
  for (const frac of [0.2, 0.35, 0.5, 0.65, 0.8]) {
    const k = Math.max(1, Math.min(n - 1, Math.round(frac * n)));
    const lo = moments(sortedU, 0, k);
    const hi = moments(sortedU, k, n);
    starts.push({ w: k / n, m1: lo.mean, s1: Math.max(0.05, lo.sd), m2: hi.mean, s2: Math.max(0.05, hi.sd) });
  }
  starts.push({ w: 0.5, m1: 0, s1: 0.5, m2: 0, s2: 1.5 }); // same centre, different widths
  const rng = createRng(START_SEED, n);
  for (let r = 0; r < randomStarts; r++) {
    const a = sortedU[rng.int(n)];
    const b = sortedU[rng.int(n)];
    starts.push({ w: 0.2 + 0.6 * rng.uniform(), m1: Math.min(a, b), s1: 0.5, m2: Math.max(a, b), s2: 0.5 });
  }
  return starts;
}

function moments(a: Float64Array, from: number, to: number): { mean: number; sd: number } {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  const mean = s / (to - from);
  let ss = 0;
  for (let i = from; i < to; i++) ss += (a[i] - mean) * (a[i] - mean);
  return { mean, sd: Math.sqrt(ss / (to - from)) };
}

/** Best state over all starts: a short burn-in for every start, then the two best run to convergence. */
export function fitMixtureEm(u: Float64Array, sortedU: Float64Array): { state: MixtureState; ll: number } {
  const burn = startingStates(sortedU).map((s) => runEm(u, s, 25, 0));
  burn.sort((a, b) => b.ll - a.ll);
  let best = { state: burn[0].state, ll: -Infinity };
  for (const cand of burn.slice(0, 2)) {
    const done = runEm(u, cand.state, 5000, 1e-13);
    if (done.ll > best.ll) best = done;
  }
  return best;
}
