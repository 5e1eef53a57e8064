/**
 * Newton polish of a converged EM state of the constrained two-component mixture (lognormal-mixture-em.ts). EM
 * converges linearly and very slowly where the components overlap (exactly the case of a sample that is one
 * log-normal), so its stopping point can sit measurably below the maximum; Newton's method converges quadratically
 * from there. Analytic gradient and Hessian of the mixture log-likelihood (McLachlan & Peel 2000, sec. 2.15: the
 * observed information of a mixture from the complete-data scores) in the coordinates
 *   phi = (a, m1, l1, m2, l2),  w = wMin + (1 - 2 wMin) logistic(a),  s_k = exp(l_k),
 * with a Levenberg-Marquardt shift when the Hessian is not negative definite and a backtracking line search that
 * only accepts increases (Nocedal & Wright 2006, ch. 3). Constraints active at the start stay active: a weight at its
 * bound is held fixed and sds at the ratio bound move together (l_small = l_large + log c); inactive ones are kept
 * by treating infeasible points as having zero likelihood.
 */
import { choleskySmall, choleskySolve } from '../fit/optimize';
import { MIN_SD_RATIO, mixtureLogLik, type MixtureState } from './lognormal-mixture-em';

const LOG_SQRT_2PI = 0.91893853320467274178;
/** Relative closeness to a bound that counts as "on it". */
const ON_BOUND = 1e-7;
const P = 5;

/** Log-likelihood, gradient and Hessian (row-major 5 x 5) in phi = (a, m1, l1, m2, l2) at `st`. */
export function mixtureDerivatives(u: Float64Array, st: MixtureState, wMin: number): { ll: number; g: Float64Array; H: Float64Array } {
  const span = 1 - 2 * wMin;
  const sig = (st.w - wMin) / span;
  const w1 = span * sig * (1 - sig); // dw/da
  const w2 = w1 * (1 - 2 * sig); // d2w/da2
  const ga1 = w1 / st.w;
  const ga2 = -w1 / (1 - st.w);
  const haa1 = w2 / st.w - ga1 * ga1;
  const haa2 = -w2 / (1 - st.w) - ga2 * ga2;
  const c1 = Math.log(st.w) - Math.log(st.s1) - LOG_SQRT_2PI;
  const c2 = Math.log1p(-st.w) - Math.log(st.s2) - LOG_SQRT_2PI;
  const i1 = 1 / st.s1;
  const i2 = 1 / st.s2;
  const g = new Float64Array(P);
  const H = new Float64Array(P * P);
  const g1 = new Float64Array(P);
  const g2 = new Float64Array(P);
  const G = new Float64Array(P);
  let ll = 0;
  for (let i = 0; i < u.length; i++) {
    const z1 = (u[i] - st.m1) * i1;
    const z2 = (u[i] - st.m2) * i2;
    const a = c1 - 0.5 * z1 * z1;
    const b = c2 - 0.5 * z2 * z2;
    const m = Math.max(a, b);
    const lse = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    ll += lse;
    const p = Math.exp(a - lse);
    const q = 1 - p;
    g1[0] = ga1;
    g1[1] = z1 * i1;
    g1[2] = z1 * z1 - 1;
    g2[0] = ga2;
    g2[3] = z2 * i2;
    g2[4] = z2 * z2 - 1;
    for (let j = 0; j < P; j++) G[j] = p * g1[j] + q * g2[j];
    for (let j = 0; j < P; j++) {
      g[j] += G[j];
      for (let k = 0; k <= j; k++) H[j * P + k] += p * g1[j] * g1[k] + q * g2[j] * g2[k] - G[j] * G[k];
    }
    // The components' own second derivatives (log g1 depends on a, m1, l1; log g2 on a, m2, l2).
    H[0] += p * haa1 + q * haa2;
    H[1 * P + 1] += -p * i1 * i1;
    H[2 * P + 1] += -2 * p * z1 * i1;
    H[2 * P + 2] += -2 * p * z1 * z1;
    H[3 * P + 3] += -q * i2 * i2;
    H[4 * P + 3] += -2 * q * z2 * i2;
    H[4 * P + 4] += -2 * q * z2 * z2;
  }
  for (let j = 0; j < P; j++) for (let k = 0; k < j; k++) H[k * P + j] = H[j * P + k];
  return { ll, g, H };
}

/** Reduced coordinates: which free coordinate each of phi's five drives (-1: held fixed). */
interface ActiveSet {
  map: number[];
  free: number;
  toState(theta: Float64Array): MixtureState | null;
  toTheta(st: MixtureState): Float64Array;
}

/** How close (relative) the weight or the sd ratio is to its bound. */
function slack(st: MixtureState, wMin: number): { w: number; ratio: number } {
  return {
    w: Math.min(st.w, 1 - st.w) / wMin - 1,
    ratio: Math.min(st.s1, st.s2) / (MIN_SD_RATIO * Math.max(st.s1, st.s2)) - 1,
  };
}

/** `st` moved onto the bounds named: the weight to its nearer bound, the smaller sd to the ratio bound. */
function project(st: MixtureState, wMin: number, fixW: boolean, tie: boolean): MixtureState {
  const out = { ...st };
  if (fixW) out.w = st.w < 0.5 ? wMin : 1 - wMin;
  if (tie) {
    if (st.s1 <= st.s2) out.s1 = MIN_SD_RATIO * st.s2;
    else out.s2 = MIN_SD_RATIO * st.s1;
  }
  return out;
}

function activeSet(start: MixtureState, wMin: number): ActiveSet {
  const span = 1 - 2 * wMin;
  const near = slack(start, wMin);
  const wFixed = near.w <= ON_BOUND;
  const tied = near.ratio <= ON_BOUND;
  const firstSmall = start.s1 <= start.s2;
  const logC = Math.log(MIN_SD_RATIO);
  let k = 0;
  const ia = wFixed ? -1 : k++;
  const im1 = k++;
  const im2 = k++;
  const il1 = k++;
  const il2 = tied ? il1 : k++;
  return {
    map: [ia, im1, il1, im2, il2],
    free: k,
    toTheta(st) {
      const t = new Float64Array(k);
      if (ia >= 0) {
        const q = (st.w - wMin) / span;
        t[ia] = Math.log(q / (1 - q));
      }
      t[im1] = st.m1;
      t[im2] = st.m2;
      if (tied) t[il1] = Math.log(Math.max(st.s1, st.s2));
      else {
        t[il1] = Math.log(st.s1);
        t[il2] = Math.log(st.s2);
      }
      return t;
    },
    toState(t) {
      const w = ia >= 0 ? wMin + span / (1 + Math.exp(-t[ia])) : start.w;
      let s1 = Math.exp(t[il1]);
      let s2 = Math.exp(t[il2]);
      if (tied) {
        if (firstSmall) s1 = Math.exp(t[il1] + logC);
        else s2 = Math.exp(t[il1] + logC);
      } else if (Math.min(s1, s2) < MIN_SD_RATIO * Math.max(s1, s2)) {
        return null;
      }
      if (!(w > 0 && w < 1 && s1 > 0 && s2 > 0 && Number.isFinite(s1) && Number.isFinite(s2))) return null;
      return { w, m1: t[im1], s1, m2: t[im2], s2 };
    },
  };
}

/** Within this relative distance of a bound, Newton is also tried with that constraint active. */
const NEAR_BOUND = 0.05;

/**
 * The polished state and its log-likelihood (the start itself when Newton finds nothing higher). A maximum on a
 * bound that the start is not on is approached by Newton only asymptotically (the line search stops at the
 * bound), so when the result lies near a bound, Newton runs again with that constraint active and the better
 * answer is kept.
 */
export function polishMixture(u: Float64Array, start: MixtureState, startLl: number, wMin: number): { state: MixtureState; ll: number } {
  let best = newton(u, start, mixtureLogLik(u, start), wMin);
  const near = slack(best.state, wMin);
  const fixW = near.w > ON_BOUND && near.w < NEAR_BOUND;
  const tie = near.ratio > ON_BOUND && near.ratio < NEAR_BOUND;
  const variants: [boolean, boolean][] = [];
  if (fixW) variants.push([true, false]);
  if (tie) variants.push([false, true]);
  if (fixW && tie) variants.push([true, true]);
  for (const [w, t] of variants) {
    const from = project(best.state, wMin, w, t);
    const res = newton(u, from, mixtureLogLik(u, from), wMin);
    if (res.ll > best.ll) best = res;
  }
  return best.ll > startLl ? best : { state: start, ll: startLl };
}

/** Newton's method from `start` on the constraints active there. */
function newton(u: Float64Array, start: MixtureState, startLl: number, wMin: number): { state: MixtureState; ll: number } {
  const set = activeSet(start, wMin);
  const k = set.free;
  let theta = set.toTheta(start);
  let state = start;
  let value = startLl;
  for (let it = 0; it < 100; it++) {
    const d = mixtureDerivatives(u, state, wMin);
    const g = new Float64Array(k);
    const A = new Float64Array(k * k);
    for (let j = 0; j < P; j++) {
      const rj = set.map[j];
      if (rj < 0) continue;
      g[rj] += d.g[j];
      for (let l = 0; l < P; l++) {
        const rl = set.map[l];
        if (rl >= 0) A[rj * k + rl] -= d.H[j * P + l];
      }
    }
    // Newton on -ll: solve (A + lambda I) step = g, raising lambda until the matrix is positive definite.
    let scale = 0;
    for (let j = 0; j < k; j++) scale = Math.max(scale, Math.abs(A[j * k + j]));
    let lambda = 0;
    let L: Float64Array | null = null;
    for (let tries = 0; tries < 60 && !L; tries++) {
      const M = Float64Array.from(A);
      for (let j = 0; j < k; j++) M[j * k + j] += lambda;
      L = choleskySmall(M, k);
      if (!L) lambda = lambda === 0 ? 1e-8 * (scale || 1) : lambda * 10;
    }
    if (!L) break;
    const step = choleskySolve(L, k, g);
    let decrement = 0;
    for (let j = 0; j < k; j++) decrement += g[j] * step[j];
    if (lambda === 0 && decrement < 1e-20 * Math.max(1, u.length)) break;
    let accepted = false;
    for (let t = 1, ls = 0; ls < 40; ls++, t *= 0.5) {
      const trial = theta.map((v, j) => v + t * step[j]);
      const s = set.toState(trial);
      if (!s) continue;
      const v = mixtureLogLik(u, s);
      if (v >= value) {
        accepted = v > value || t === 1;
        theta = trial;
        state = s;
        value = v;
        break;
      }
    }
    if (!accepted) break;
  }
  return { state, ll: value };
}
