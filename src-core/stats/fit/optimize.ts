/**
 * Small-dimensional maximisation (2-5 parameters) of smooth log-likelihoods that have no closed form: Newton's
 * method on central-difference gradients and Hessians, with a Levenberg-Marquardt shift whenever the Hessian is not
 * negative definite and a backtracking line search that only accepts increases (Nocedal & Wright 2006, ch. 3 and
 * 10). The parameters given to `maximize` should be unconstrained (log of positive parameters).
 */

export type Objective = (theta: Float64Array) => number;

/** Central-difference gradient with steps h_i. */
export function numericGradient(f: Objective, theta: Float64Array, h: Float64Array, out = new Float64Array(theta.length)): Float64Array {
  const t = Float64Array.from(theta);
  for (let i = 0; i < theta.length; i++) {
    t[i] = theta[i] + h[i];
    const fp = f(t);
    t[i] = theta[i] - h[i];
    const fm = f(t);
    t[i] = theta[i];
    out[i] = (fp - fm) / (2 * h[i]);
  }
  return out;
}

/** Central-difference Hessian (row-major p x p) with steps h_i; f0 = f(theta) if already known. */
export function numericHessian(f: Objective, theta: Float64Array, h: Float64Array, f0 = f(theta)): Float64Array {
  const p = theta.length;
  const H = new Float64Array(p * p);
  const t = Float64Array.from(theta);
  for (let i = 0; i < p; i++) {
    t[i] = theta[i] + h[i];
    const fp = f(t);
    t[i] = theta[i] - h[i];
    const fm = f(t);
    t[i] = theta[i];
    H[i * p + i] = (fp - 2 * f0 + fm) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (const [si, sj] of [[1, 1], [1, -1], [-1, 1], [-1, -1]]) {
        t[i] = theta[i] + si * h[i];
        t[j] = theta[j] + sj * h[j];
        s += si * sj * f(t);
      }
      t[i] = theta[i];
      t[j] = theta[j];
      H[i * p + j] = H[j * p + i] = s / (4 * h[i] * h[j]);
    }
  }
  return H;
}

/**
 * Cholesky factor of a small symmetric positive definite matrix (row-major, lower triangle returned), or null if
 * it is not positive definite. For the <= 5 x 5 information matrices of the fits; not a general dense kernel.
 */
export function choleskySmall(A: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * p + i] = Math.sqrt(s);
      } else {
        L[i * p + j] = s / L[j * p + j];
      }
    }
  }
  return L;
}

/** Solves A x = b for SPD A given its Cholesky factor L. */
export function choleskySolve(L: Float64Array, p: number, b: Float64Array): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * y[k];
    y[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

/** Inverse of a small SPD matrix, or null if it is not positive definite. */
export function invertSpdSmall(A: Float64Array, p: number): Float64Array | null {
  const L = choleskySmall(A, p);
  if (!L) return null;
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(L, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  return inv;
}

export interface MaximizeResult {
  theta: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

export interface MaximizeOptions {
  maxIter?: number;
  /** Finite-difference step (unconstrained scale), default 1e-4. */
  step?: number;
  /** Stop when the Newton decrement g' H^-1 g falls below this, default 1e-12. */
  tol?: number;
}

/** Maximises f from theta0 (unconstrained parameters). Non-finite f values are treated as -Infinity. */
export function maximize(fIn: Objective, theta0: Float64Array, opts: MaximizeOptions = {}): MaximizeResult {
  const f: Objective = (t) => {
    const v = fIn(t);
    return Number.isFinite(v) ? v : -Infinity;
  };
  const p = theta0.length;
  const maxIter = opts.maxIter ?? 200;
  const tol = opts.tol ?? 1e-12;
  const hs = opts.step ?? 1e-4;
  let theta = Float64Array.from(theta0);
  let value = f(theta);
  if (value === -Infinity) throw new Error('the starting point has zero likelihood');
  const h = new Float64Array(p);
  for (let it = 0; it < maxIter; it++) {
    for (let i = 0; i < p; i++) h[i] = hs * Math.max(1, Math.abs(theta[i]));
    const g = numericGradient(f, theta, h);
    const H = numericHessian(f, theta, h, value);
    // Newton on -f: solve (-H + lambda I) d = g, increasing lambda until the matrix is positive definite.
    const A = new Float64Array(p * p);
    let lambda = 0;
    let L: Float64Array | null = null;
    let diagScale = 0;
    for (let i = 0; i < p; i++) diagScale = Math.max(diagScale, Math.abs(H[i * p + i]));
    for (let k = 0; k < 60 && !L; k++) {
      for (let i = 0; i < p * p; i++) A[i] = -H[i];
      for (let i = 0; i < p; i++) A[i * p + i] += lambda;
      L = choleskySmall(A, p);
      if (!L) lambda = lambda === 0 ? 1e-8 * (diagScale || 1) : lambda * 10;
    }
    if (!L) break;
    const d = choleskySolve(L, p, g);
    let decrement = 0;
    for (let i = 0; i < p; i++) decrement += g[i] * d[i];
    if (decrement < tol && lambda === 0) return { theta, value, iterations: it, converged: true };
    let t = 1;
    let accepted = false;
    const trial = new Float64Array(p);
    for (let ls = 0; ls < 50; ls++) {
      for (let i = 0; i < p; i++) trial[i] = theta[i] + t * d[i];
      const v = f(trial);
      if (v >= value) {
        const gain = v - value;
        theta = Float64Array.from(trial);
        value = v;
        accepted = true;
        if (gain <= 1e-15 * Math.abs(v) && decrement < 1e-6) return { theta, value, iterations: it + 1, converged: true };
        break;
      }
      t *= 0.5;
    }
    if (!accepted) return { theta, value, iterations: it, converged: decrement < 1e-6 };
  }
  return { theta, value, iterations: maxIter, converged: false };
}
