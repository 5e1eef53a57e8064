/**
 * One-dimensional root finding for the likelihood equations: Newton's method kept inside a sign-change bracket
 * (falls back to bisection whenever a Newton step leaves the bracket or shrinks it too slowly; the "rtsafe"
 * strategy of Press et al., Numerical Recipes, sec. 9.4), and bracket expansion for monotone score functions.
 */

/** f(x) and f'(x) at one point. */
export type ValueAndDerivative = (x: number) => { f: number; df: number };

export interface RootOptions {
  /** Stop when the step is below xtol * |x| (relative), default 1e-14. */
  xtol?: number;
  maxIter?: number;
}

/**
 * The root of f in [lo, hi] where f(lo) and f(hi) have opposite signs, starting from x0 (default the midpoint).
 * Throws if the bracket does not bracket a sign change.
 */
export function safeNewton(fn: ValueAndDerivative, lo: number, hi: number, x0?: number, opts: RootOptions = {}): number {
  const xtol = opts.xtol ?? 1e-14;
  const maxIter = opts.maxIter ?? 200;
  const flo = fn(lo).f;
  const fhi = fn(hi).f;
  if (flo === 0) return lo;
  if (fhi === 0) return hi;
  if (Math.sign(flo) === Math.sign(fhi)) throw new Error(`root not bracketed in [${lo}, ${hi}] (f = ${flo}, ${fhi})`);
  // Orient so that f(a) < 0 < f(b).
  let a = flo < 0 ? lo : hi;
  let b = flo < 0 ? hi : lo;
  let x = x0 !== undefined && x0 > Math.min(lo, hi) && x0 < Math.max(lo, hi) ? x0 : 0.5 * (lo + hi);
  let prevStep = Math.abs(hi - lo);
  let step = prevStep;
  let { f, df } = fn(x);
  for (let i = 0; i < maxIter; i++) {
    if (f === 0) return x;
    if (f < 0) a = x;
    else b = x;
    const newton = x - f / df;
    const outside = !Number.isFinite(newton) || (newton - a) * (newton - b) > 0;
    if (outside || Math.abs(2 * f) > Math.abs(prevStep * df)) {
      prevStep = step;
      step = 0.5 * (b - a);
      x = a + step;
    } else {
      prevStep = step;
      step = newton - x;
      x = newton;
    }
    if (Math.abs(step) <= xtol * Math.abs(x) || a === b) return x;
    ({ f, df } = fn(x));
  }
  return x;
}

/**
 * Widen [lo, hi] geometrically (for positive parameters: divide lo and multiply hi by `factor`) until a monotone
 * function changes sign. Returns the bracket or throws after `maxTries` widenings.
 */
export function expandPositiveBracket(
  f: (x: number) => number,
  lo: number,
  hi: number,
  factor = 4,
  maxTries = 60,
): [number, number] {
  let flo = f(lo);
  let fhi = f(hi);
  for (let i = 0; i < maxTries && Math.sign(flo) === Math.sign(fhi); i++) {
    if (Math.abs(flo) < Math.abs(fhi)) {
      lo /= factor;
      flo = f(lo);
    } else {
      hi *= factor;
      fhi = f(hi);
    }
  }
  if (Math.sign(flo) === Math.sign(fhi)) throw new Error(`could not bracket a root (last interval [${lo}, ${hi}])`);
  return [lo, hi];
}

/** Brent's method (Brent 1973, "Algorithms for minimization without derivatives", ch. 4) for f(lo), f(hi) of opposite sign. */
export function brentRoot(f: (x: number) => number, lo: number, hi: number, xtol = 1e-14, maxIter = 200): number {
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb)) throw new Error(`root not bracketed in [${lo}, ${hi}]`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 0; i < maxIter; i++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xtol * Math.abs(b);
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Inverse quadratic interpolation (secant when only two points are distinct).
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}
