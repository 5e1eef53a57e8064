/**
 * Constrained maximum likelihood for a two-component normal mixture on standardised logs u (mean 0, sd 1).
 *
 * The unconstrained mixture likelihood is unbounded (a component collapsing onto one value) and, even when bounded
 * by a small sd floor, rewards "spikes" of a handful of values, so AIC picks the mixture on plain log-normal data.
 * The model here is restricted to (both constraints invariant under rescaling the data):
 *   - each component carries at least max(5, 5 % of n) values' weight: w n >= max(5, 0.05 n), likewise (1 - w) n;
 *     five values to estimate a mean and an sd, and 5 % so that a component is a population, not a few outliers;
 *   - the component sds differ at most 5-fold: min(s1, s2) / max(s1, s2) >= 0.2. With a bounded sd ratio the
 *     likelihood is bounded and its maximiser consistent (Hathaway 1985, Ann. Stat. 13:795); 5-fold still lets a
 *     narrow population sit inside a broad one.
 * EM keeps both exactly: the M-step maximises the expected complete-data likelihood over the constrained set
 * (clamping w is exact because that objective is concave in w; the sd step is a concave problem in the precisions
 * with one linear constraint, solved in closed form on its boundary). Many deterministic starts are run, the best
 * few to convergence, and the best two polished by Newton's method on the active constraint set
 * (lognormal-mixture-polish.ts); the highest likelihood wins.
 */
import { createRng } from '../../random/rng';

export interface MixtureState {
  w: number;
  m1: number;
  s1: number;
  m2: number;
  s2: number;
}

/** A component carries at least this many values' weight ... */
export const MIN_COMPONENT_VALUES = 5;
/** ... and at least this fraction of the sample. */
export const MIN_COMPONENT_FRACTION = 0.05;
/** Smallest allowed ratio of the smaller to the larger component sd. */
export const MIN_SD_RATIO = 0.5;
/** Fewer values cannot support five parameters with components of at least 5 values each. */
export const MIN_MIXTURE_SIZE = 20;
/** A numerical guard in standardised units (sd of all logs = 1), far below anything the constraints allow to win. */
const SD_GUARD = 1e-6;
const LOG_SQRT_2PI = 0.91893853320467274178;
const START_SEED = 0x5eed_2022;

/** The smallest mixing weight allowed for n values: max(5, 0.05 n) / n. */
export function minComponentWeight(n: number): number {
  return Math.max(MIN_COMPONENT_VALUES, MIN_COMPONENT_FRACTION * n) / n;
}

/** Mixture log-likelihood of u (without the Jacobian) for a state. */
export function mixtureLogLik(u: Float64Array, st: MixtureState): number {
  const c1 = Math.log(st.w) - Math.log(st.s1);
  const c2 = Math.log1p(-st.w) - Math.log(st.s2);
  const i1 = 1 / st.s1;
  const i2 = 1 / st.s2;
  let ll = 0;
  for (let i = 0; i < u.length; i++) {
    const z1 = (u[i] - st.m1) * i1;
    const z2 = (u[i] - st.m2) * i2;
    const a = c1 - 0.5 * z1 * z1;
    const b = c2 - 0.5 * z2 * z2;
    ll += a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
  }
  return ll - u.length * LOG_SQRT_2PI;
}

/**
 * The constrained sd step: maximise -r1 log s1 - S1/(2 s1^2) - r2 log s2 - S2/(2 s2^2) subject to
 * s_small >= c s_large. Unconstrained s_k^2 = S_k / r_k; otherwise the maximum lies on s_small = c s_large, where
 * s_large^2 = (S_small / c^2 + S_large) / (r1 + r2).
 */
export function constrainedSds(S1: number, r1: number, S2: number, r2: number, c = MIN_SD_RATIO): [number, number] {
  const v1 = r1 > 0 ? S1 / r1 : 0;
  const v2 = r2 > 0 ? S2 / r2 : 0;
  const c2 = c * c;
  let s1: number;
  let s2: number;
  if (v1 >= c2 * v2 && v2 >= c2 * v1 && v1 > 0 && v2 > 0) {
    s1 = Math.sqrt(v1);
    s2 = Math.sqrt(v2);
  } else if (v1 < c2 * v2) {
    s2 = Math.sqrt((S1 / c2 + S2) / (r1 + r2));
    s1 = c * s2;
  } else {
    s1 = Math.sqrt((S2 / c2 + S1) / (r1 + r2));
    s2 = c * s1;
  }
  return [Math.max(SD_GUARD, s1), Math.max(SD_GUARD, s2)];
}

/**
 * One EM step from `st` (the responsibilities need one exp per value; the log-likelihood is not formed). One pass:
 * the weighted spreads are accumulated about the old means and shifted to the new ones (the data are standardised
 * and the means move little per step, so nothing cancels badly; the Newton polish works on the exact likelihood).
 */
function emStep(u: Float64Array, st: MixtureState, wMin: number): MixtureState {
  const n = u.length;
  const c1 = Math.log(st.w) - Math.log(st.s1);
  const c2 = Math.log1p(-st.w) - Math.log(st.s2);
  const i1 = 1 / st.s1;
  const i2 = 1 / st.s2;
  let r1 = 0;
  let r1d = 0;
  let r2d = 0;
  let r1dd = 0;
  let r2dd = 0;
  for (let i = 0; i < n; i++) {
    const d1 = u[i] - st.m1;
    const d2 = u[i] - st.m2;
    const z1 = d1 * i1;
    const z2 = d2 * i2;
    // p1 = 1 / (1 + exp(b - a)), with b - a = (c2 - c1) - (z2^2 - z1^2) / 2, formed without overflow.
    const t = c2 - c1 - 0.5 * (z2 * z2 - z1 * z1);
    const p1 = t > 0 ? Math.exp(-t) / (1 + Math.exp(-t)) : 1 / (1 + Math.exp(t));
    const p2 = 1 - p1;
    r1 += p1;
    r1d += p1 * d1;
    r1dd += p1 * d1 * d1;
    r2d += p2 * d2;
    r2dd += p2 * d2 * d2;
  }
  const r2 = n - r1;
  // A component with (numerically) no responsibility keeps its mean; the sd step then ties it to the other's.
  const shift1 = r1 > 1e-12 ? r1d / r1 : 0;
  const shift2 = r2 > 1e-12 ? r2d / r2 : 0;
  const S1 = Math.max(0, r1dd - r1 * shift1 * shift1);
  const S2 = Math.max(0, r2dd - r2 * shift2 * shift2);
  const [s1, s2] = constrainedSds(S1, r1, S2, r2);
  return { w: Math.min(1 - wMin, Math.max(wMin, r1 / n)), m1: st.m1 + shift1, s1, m2: st.m2 + shift2, s2 };
}

function validState(s: MixtureState): boolean {
  return [s.w, s.m1, s.s1, s.m2, s.s2].every(Number.isFinite) && s.w > 0 && s.w < 1 && s.s1 > 0 && s.s2 > 0;
}

/** The log-likelihood is checked for the stopping rule every this many steps. */
const CHECK_EVERY = 10;

/**
 * Runs EM from `start` for at most maxIter steps; with tol > 0 it stops once CHECK_EVERY steps gain less than tol
 * (log-likelihood units). Every step stays in the constrained set and never lowers the likelihood.
 */
export function runEm(u: Float64Array, start: MixtureState, wMin: number, maxIter: number, tol: number): { state: MixtureState; ll: number } {
  let st = start;
  let prev = tol > 0 ? mixtureLogLik(u, st) : -Infinity;
  for (let it = 1; it <= maxIter; it++) {
    const next = emStep(u, st, wMin);
    if (!validState(next)) break;
    st = next;
    if (tol > 0 && it % CHECK_EVERY === 0) {
      const ll = mixtureLogLik(u, st);
      if (ll - prev <= tol) return { state: st, ll };
      prev = ll;
    }
  }
  return { state: st, ll: mixtureLogLik(u, st) };
}

/** Moves a start into the constrained set: w clamped, the smaller sd raised to the ratio bound. */
export function feasible(s: MixtureState, wMin: number): MixtureState {
  const big = Math.max(s.s1, s.s2, SD_GUARD);
  return {
    w: Math.min(1 - wMin, Math.max(wMin, s.w)),
    m1: s.m1,
    s1: Math.max(s.s1, MIN_SD_RATIO * big),
    m2: s.m2,
    s2: Math.max(s.s2, MIN_SD_RATIO * big),
  };
}

/**
 * Deterministic starts on sorted standardised logs: splits at nine quantiles (lower and upper part as the two
 * components), three equal-centre starts with a narrow and a broad component, a narrow bump (10 % or 25 % of the values) at six
 * quantiles over a broad component, and six seeded random starts
 * (component means at data points, seed fixed so the fit is a deterministic function of the data).
 */
export function startingStates(sortedU: Float64Array, wMin: number, randomStarts = 6): MixtureState[] {
  const n = sortedU.length;
  const starts: MixtureState[] = [];
  for (let f = 1; f <= 9; f++) {
    const k = Math.max(1, Math.min(n - 1, Math.round((f / 10) * n)));
    const lo = moments(sortedU, 0, k);
    const hi = moments(sortedU, k, n);
    starts.push({ w: k / n, m1: lo.mean, s1: lo.sd, m2: hi.mean, s2: hi.sd });
  }
  for (const w of [0.15, 0.5, 0.85]) starts.push({ w, m1: -0.05, s1: 0.6, m2: 0.05, s2: 1.4 });
  for (const q of [0.1, 0.25, 0.4, 0.6, 0.75, 0.9]) {
    for (const w of [0.1, 0.25]) starts.push({ w, m1: sortedU[Math.floor(q * n)], s1: 0.5, m2: 0, s2: 1 });
  }
  const rng = createRng(START_SEED, n);
  for (let r = 0; r < randomStarts; r++) {
    const a = sortedU[rng.int(n)];
    const b = sortedU[rng.int(n)];
    starts.push({ w: 0.2 + 0.6 * rng.uniform(), m1: Math.min(a, b), s1: 0.5, m2: Math.max(a, b), s2: 0.5 });
  }
  return starts.map((s) => feasible(s, wMin));
}

function moments(a: Float64Array, from: number, to: number): { mean: number; sd: number } {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  const mean = s / (to - from);
  let ss = 0;
  for (let i = from; i < to; i++) ss += (a[i] - mean) * (a[i] - mean);
  return { mean, sd: Math.sqrt(ss / (to - from)) };
}

/** Two states describe the same fit (up to label switching) within `tol` in every coordinate. */
export function sameFit(a: MixtureState, b: MixtureState, tol = 1e-4): boolean {
  const close = (x: MixtureState, y: MixtureState) =>
    Math.abs(x.w - y.w) < tol && Math.abs(x.m1 - y.m1) < tol && Math.abs(x.s1 - y.s1) < tol && Math.abs(x.m2 - y.m2) < tol && Math.abs(x.s2 - y.s2) < tol;
  return close(a, b) || close(a, { w: 1 - b.w, m1: b.m2, s1: b.s2, m2: b.m1, s2: b.s1 });
}

/**
 * Burn-in iterations for every start, how many distinct leaders survive, and the EM iterations (with their stopping
 * gain) that bring each survivor close enough for Newton's method, which finishes the job quadratically.
 */
const BURN_IN = 30;
const SURVIVORS = 6;
const APPROACH_ITER = 150;
const APPROACH_TOL = 1e-6;

/**
 * The constrained EM part of the fit: every start briefly, then the best distinct SURVIVORS further. Returns the
 * candidates, best first, for the caller to polish.
 */
export function emCandidates(u: Float64Array, sortedU: Float64Array, wMin: number): { state: MixtureState; ll: number }[] {
  const burn = startingStates(sortedU, wMin).map((s) => runEm(u, s, wMin, BURN_IN, 0));
  burn.sort((a, b) => b.ll - a.ll);
  const chosen: { state: MixtureState; ll: number }[] = [];
  for (const cand of burn) {
    if (chosen.length >= SURVIVORS) break;
    if (!Number.isFinite(cand.ll) || chosen.some((c) => sameFit(c.state, cand.state, 1e-3))) continue;
    chosen.push(cand);
  }
  const done = chosen.map((c) => runEm(u, c.state, wMin, APPROACH_ITER, APPROACH_TOL));
  return done.sort((a, b) => b.ll - a.ll);
}
