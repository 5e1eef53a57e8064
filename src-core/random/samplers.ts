import type { Rng } from './rng';

/** Fills a new Float64Array with N(mean, sd^2) draws. */
export function normalArray(rng: Rng, n: number, mean = 0, sd = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + sd * rng.normal();
  return out;
}

/** Fills a new Float64Array with draws whose log is N(mu, sigma^2). */
export function lognormalArray(rng: Rng, n: number, mu: number, sigma: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.exp(mu + sigma * rng.normal());
  return out;
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 via the boost u^(1/shape). */
export function gammaVariate(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return gammaVariate(rng, shape + 1) * Math.pow(rng.uniformOpen(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniformOpen();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Indices of a bootstrap resample of size n (with replacement). */
export function resampleIndices(rng: Rng, n: number, out = new Uint32Array(n)): Uint32Array {
  for (let i = 0; i < n; i++) out[i] = rng.int(n);
  return out;
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(rng: Rng, a: T): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
