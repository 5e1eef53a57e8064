/**
 * The trainable parameters of the leaky RNN (and, with the same shapes, their gradients and optimiser moments).
 * All matrices are row-major Float64Arrays: w[i * n + j] is the weight from neuron j onto neuron i.
 */
export interface RnnParams {
  /** Recurrent weights W, n x n. */
  w: Float64Array;
  /** Input weights U, n x nIn. */
  u: Float64Array;
  /** Recurrent bias b, n. */
  b: Float64Array;
  /** Readout V, nOut x n. */
  v: Float64Array;
  /** Readout bias c, nOut. */
  c: Float64Array;
  /** Initial state x0, n: the voltage a_0 (voltage form) or the rate h_0 (rate form). */
  x0: Float64Array;
}

export const PARAM_KEYS = ['w', 'u', 'b', 'v', 'c', 'x0'] as const;
export type ParamKey = (typeof PARAM_KEYS)[number];

export interface RnnShape {
  n: number;
  nIn: number;
  nOut: number;
}

export function zeroParams({ n, nIn, nOut }: RnnShape): RnnParams {
  return {
    w: new Float64Array(n * n),
    u: new Float64Array(n * nIn),
    b: new Float64Array(n),
    v: new Float64Array(nOut * n),
    c: new Float64Array(nOut),
    x0: new Float64Array(n),
  };
}

export function cloneParams(p: RnnParams): RnnParams {
  return { w: p.w.slice(), u: p.u.slice(), b: p.b.slice(), v: p.v.slice(), c: p.c.slice(), x0: p.x0.slice() };
}

/** Copies `source` into `target`, array by array; the shapes must agree. */
export function setParams(target: RnnParams, source: RnnParams): void {
  for (const key of PARAM_KEYS) {
    if (source[key].length !== target[key].length) throw new RangeError(`starting weights: ${key} has ${source[key].length} values, the model ${target[key].length}`);
    target[key].set(source[key]);
  }
}

/** Euclidean norm over all parameter arrays. */
export function paramsNorm(p: RnnParams): number {
  let s = 0;
  for (const key of PARAM_KEYS) for (const x of p[key]) s += x * x;
  return Math.sqrt(s);
}

/** target += scale * source, array by array. */
export function addScaled(target: RnnParams, source: RnnParams, scale: number): void {
  for (const key of PARAM_KEYS) {
    const t = target[key], s = source[key];
    for (let i = 0; i < t.length; i++) t[i] += scale * s[i];
  }
}

export function allFinite(p: RnnParams): boolean {
  for (const key of PARAM_KEYS) for (const x of p[key]) if (!Number.isFinite(x)) return false;
  return true;
}

/**
 * What every optimiser does first with a gradient: zero the frozen arrays, refuse a non-finite one (the network
 * diverged), and return its global norm with the factor that clips it to `clipNorm` (1 when unclipped).
 */
export function clippedGradient(grads: RnnParams, frozen: readonly ParamKey[], clipNorm: number | null): { norm: number; clip: number } {
  for (const key of frozen) grads[key].fill(0);
  const norm = paramsNorm(grads);
  if (!Number.isFinite(norm)) throw new Error('gradient is not finite: the network diverged (lower the learning rate or the gain)');
  return { norm, clip: clipNorm !== null && norm > clipNorm ? clipNorm / norm : 1 };
}
